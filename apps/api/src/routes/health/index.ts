import type { FastifyPluginAsync } from 'fastify'
import { countVillages } from '../../db/queries/villages'

/** `GET /health` → `{ status: 'ok', engine, villages }`. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', async () => ({
    status: 'ok' as const,
    engine: app.database.engine,
    villages: await countVillages(app.database.db),
  }))
}
