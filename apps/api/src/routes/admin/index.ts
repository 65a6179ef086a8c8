import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { getAdminUnitDetail, listTopAdminUnits } from '../../db/queries/admin'
import { toFeatureCollection } from '../../geojson'
import { AdminCodeParam } from '../region-query'

/**
 * `GET /admin`: top units (FeatureCollection). `GET /admin/:code`: `{ unit, bbox, children,
 * resolvedFrom, chain }`; an old code answers with the unit that replaced it.
 */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin', async () => toFeatureCollection(await listTopAdminUnits(app.database.db)))

  app.get(
    '/admin/:code',
    { schema: { params: Type.Object({ code: AdminCodeParam }) } },
    async (request) => {
      const detail = await getAdminUnitDetail(app.database.db, request.params.code)
      return {
        unit: detail.unit,
        bbox: detail.bbox,
        children: toFeatureCollection(detail.children),
        resolvedFrom: detail.resolvedFrom,
        chain: detail.chain,
      }
    },
  )
}
