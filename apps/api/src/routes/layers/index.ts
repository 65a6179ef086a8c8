import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LAYER_NAMES, listLayerFeatures } from '../../db/queries/layers'
import { toFeatureCollection } from '../../geojson'
import { RegionQuery, parseRegionQuery } from '../region-query'

/** `GET /layers/:layer?admin=&bbox=` → FeatureCollection with bbox. */
export const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/layers/:layer',
    {
      schema: {
        params: Type.Object({ layer: Type.Union(LAYER_NAMES.map((name) => Type.Literal(name))) }),
        querystring: RegionQuery,
      },
    },
    async (request) =>
      toFeatureCollection(
        await listLayerFeatures(
          app.database.db,
          request.params.layer,
          parseRegionQuery(request.query),
        ),
      ),
  )
}
