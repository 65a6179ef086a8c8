import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  DomainError,
  SITING_OBJECTIVES,
  type SitingContext,
  type SitingPlanRequest,
  type SitingProblem,
} from '@tongcun/domain'
import { validateSitingProblem } from '@tongcun/siting'
import { getCoverage } from '../../db/queries/coverage'
import { buildSitingProblem } from '../../db/queries/sites'
import { jobQueueFor } from '../jobs/job-queue'
import { solveInWorker } from './solve-in-worker'

const SolveOptions = {
  timeLimitSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600 })),
  seed: Type.Optional(Type.Integer()),
  method: Type.Optional(
    Type.Union([Type.Literal('exact'), Type.Literal('heuristic'), Type.Literal('auto')]),
  ),
}

/**
 * Either a problem file (has `objective`; see packages/siting/README.md) or a planner request (has
 * `model`) that the API turns into a problem from the database. Both may carry solve options.
 */
const SolveBody = Type.Object(
  {
    ...SolveOptions,
    objective: Type.Optional(Type.String()),
    model: Type.Optional(Type.Union(SITING_OBJECTIVES.map((m) => Type.Literal(m)))),
    admin: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    ruleset: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    // Planner request: 'candidates' | 'all' | village codes; problem file: [{ id, weight, size }].
    demand: Type.Optional(Type.Unknown()),
    weight: Type.Optional(Type.Union([Type.Literal('population'), Type.Literal('poor_people')])),
    capacity: Type.Optional(
      Type.Union([Type.Literal('households'), Type.Literal('people'), Type.Literal('none')]),
    ),
    p: Type.Optional(Type.Integer({ minimum: 1 })),
    maxCost: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    singleSource: Type.Optional(Type.Boolean()),
    sites: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union([Type.Literal('optional'), Type.Literal('required'), Type.Literal('forbidden')]),
      ),
    ),
    siteIds: Type.Optional(Type.Array(Type.String())),
    costType: Type.Optional(
      Type.Union([Type.Literal('straight'), Type.Literal('network'), Type.Literal('matrix')]),
    ),
    matrix: Type.Optional(Type.Array(Type.Array(Type.Number()))),
  },
  { additionalProperties: true },
)

/**
 * `POST /sites/solve` → 202 `{ jobId, status }`; the solve runs as a background job, poll
 * `GET /jobs/:id`. The job result is `{ result: SitingResult, context?: SitingContext }`.
 */
export const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const queue = jobQueueFor(app.database, (error, job) =>
    app.log.error({ err: error, jobId: job.id }, 'siting job failed'),
  )

  app.post('/sites/solve', { schema: { body: SolveBody } }, async (request, reply) => {
    const body = request.body
    let problem: SitingProblem
    let context: SitingContext | undefined
    if (body.objective !== undefined) {
      problem = validateSitingProblem(body)
    } else if (body.model !== undefined) {
      if (!body.admin)
        throw new DomainError('invalid-problem', 'planner request: "admin" is required', {
          field: 'admin',
        })
      if (!body.costType) {
        throw new DomainError(
          'invalid-problem',
          'planner request: "costType" (straight | network | matrix) is required',
          {
            field: 'costType',
          },
        )
      }
      const plan: SitingPlanRequest = {
        admin: body.admin,
        model: body.model,
        costType: body.costType,
        ...(body.ruleset !== undefined ? { ruleset: body.ruleset } : {}),
        ...(body.demand !== undefined ? { demand: parseDemand(body.demand) } : {}),
        ...(body.weight !== undefined ? { weight: body.weight } : {}),
        ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
        ...(body.p !== undefined ? { p: body.p } : {}),
        ...(body.maxCost !== undefined ? { maxCost: body.maxCost } : {}),
        ...(body.singleSource !== undefined ? { singleSource: body.singleSource } : {}),
        ...(body.sites !== undefined ? { sites: body.sites } : {}),
        ...(body.siteIds !== undefined ? { siteIds: body.siteIds } : {}),
        ...(body.matrix !== undefined ? { matrix: body.matrix } : {}),
      }
      // Candidate demand needs coverage: reuse the cached run instead of assessing it again.
      const coverage =
        (plan.demand ?? 'candidates') === 'candidates' && plan.ruleset
          ? await getCoverage(app.database, { rulesetId: plan.ruleset, adminCode: plan.admin })
          : undefined
      const built = await buildSitingProblem(app.database.db, plan, coverage ? { coverage } : {})
      problem = validateSitingProblem(built.problem)
      context = built.context
    } else {
      throw new DomainError(
        'invalid-problem',
        'body: expected a problem file (with "objective") or a planner request (with "model", "admin", "costType")',
      )
    }
    const options = {
      timeLimitSeconds: body.timeLimitSeconds ?? 30,
      seed: body.seed ?? 1,
      method: body.method ?? 'auto',
    }
    const job = queue.submit('sites', async (report) => {
      report(0, 'solving')
      // In a worker thread, so GET /jobs/:id and the rest of the API keep answering meanwhile.
      const result = await solveInWorker(problem, options, report)
      return context ? { result, context } : { result }
    })
    return reply.code(202).send({ jobId: job.id, status: job.status })
  })
}

function parseDemand(value: unknown): 'candidates' | 'all' | string[] {
  if (value === 'candidates' || value === 'all') return value
  if (Array.isArray(value) && value.every((code) => typeof code === 'string'))
    return value as string[]
  throw new DomainError(
    'invalid-problem',
    'planner request: "demand" must be "candidates", "all" or an array of village codes',
    {
      field: 'demand',
    },
  )
}
