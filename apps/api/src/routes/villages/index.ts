import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { getVillage, listVillages } from '../../db/queries/villages'
import { toFeatureCollection } from '../../geojson'
import { RegionQuery, parseRegionQuery } from '../region-query'

/** `GET /villages?admin=&bbox=` (FeatureCollection with bbox), `GET /villages/:code` (Feature). */
export const villageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/villages', { schema: { querystring: RegionQuery } }, async (request) =>
    toFeatureCollection(await listVillages(app.database.db, parseRegionQuery(request.query))),
  )

  app.get(
    '/villages/:code',
    { schema: { params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request) => getVillage(app.database.db, request.params.code),
  )
}
