import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { jobQueueFor } from './job-queue'

/** `GET /jobs/:id` → `{ id, kind, status: queued|running|done|failed, progress, message, result, error }`. */
export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/:id',
    { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) } },
    async (request) => jobQueueFor(app.database).get(request.params.id),
  )
}
