/**
 * RFC 9457 problem+json: the single error handler of the API. DomainErrors map through the status
 * table, schema failures become 400 with `errors: [{ path, message }]`, anything else is a logged,
 * generic 500 (no message, stack or SQL leaves the server).
 */
import http from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from '@tongcun/domain'
import { ERROR_STATUS, ERROR_TITLES } from './status'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export interface ProblemFieldError {
  /** JSON pointer into the request part, e.g. `/querystring/bbox`. */
  path: string
  message: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  code: string
  errors?: ProblemFieldError[]
  details?: Record<string, unknown>
}

/** Sends a problem+json response. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem)
}

/** Builds the problem for any thrown value (exported for tests and for non-Fastify callers). */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const instance = request.url
  if (error instanceof DomainError) {
    const { errors, ...details } = (error.details ?? {}) as { errors?: unknown } & Record<
      string,
      unknown
    >
    return {
      type: `/problems/${error.code}`,
      title: ERROR_TITLES[error.code] ?? error.code,
      status: ERROR_STATUS[error.code] ?? 400,
      detail: error.message,
      instance,
      code: error.code,
      ...(Array.isArray(errors) ? { errors: errors as ProblemFieldError[] } : {}),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    }
  }
  const fastifyError = error as Partial<FastifyError>
  if (Array.isArray(fastifyError.validation)) {
    const part = fastifyError.validationContext ?? 'request'
    return {
      type: '/problems/invalid-input',
      title: ERROR_TITLES['invalid-input'],
      status: 400,
      detail: `Request ${part} failed validation: ${fastifyError.message ?? ''}`.trim(),
      instance,
      code: 'invalid-input',
      errors: fastifyError.validation.map((issue) => {
        const missing = (issue.params as { missingProperty?: string } | undefined)?.missingProperty
        return {
          path: `/${part}${issue.instancePath ?? ''}${missing ? `/${missing}` : ''}`,
          message: issue.message ?? 'is invalid',
        }
      }),
    }
  }
  const status = fastifyError.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, body too large, unsupported media type): safe messages.
    return {
      type: `/problems/http-${status}`,
      title: http.STATUS_CODES[status] ?? 'Bad request',
      status,
      detail: fastifyError.message,
      instance,
      code: fastifyError.code ?? `http-${status}`,
    }
  }
  return {
    type: '/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'The server failed to handle this request; the error has been logged.',
    instance,
    code: 'internal-error',
  }
}

/** Installs the error handler and the /api not-found handler. */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request)
    if (problem.status >= 500) {
      request.log.error(
        { err: error, method: request.method, url: request.url },
        'unhandled error while handling request',
      )
    }
    return sendProblem(reply, problem)
  })
}

/** 404 problem for an unknown route. */
export function routeNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, {
    type: '/problems/route-not-found',
    title: 'Route not found',
    status: 404,
    detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    instance: request.url,
    code: 'route-not-found',
  })
}
