/**
 * `GET /tiles.json` (TileJSON 3.0.0) and `GET /tiles/:z/:x/:y.pbf` (Mapbox Vector Tile).
 * `?ruleset=<id>` adds rule-set statuses (coverage, relocation) to the `villages` layer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { parseTileCoord } from '../../tiles/tile-math'
import { buildTileJson, currentTileEtag, renderTile, type TilePath } from '../../tiles/tile-service'
import { coverageStatusProvider } from '../../tiles/coverage-status'
import {
  registerVillageStatusProvider,
  type VillageStatusProvider,
} from '../../tiles/village-status'

// Coverage status on `?ruleset=`; the relocation engine registers its own provider the same way.
registerVillageStatusProvider(coverageStatusProvider)

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile'

export interface TileRoutesOptions {
  /**
   * Force an engine path (`js` on the server engine compares it with `sql`). Default: env
   * `TONGCUN_TILES_PATH` (`sql` | `js`), else `sql` on postgres and `js` on pglite.
   */
  tilePath?: TilePath
  /** Status providers for `?ruleset=`; default: the registered ones. */
  statusProviders?: readonly VillageStatusProvider[]
}

const TileQuery = Type.Object({
  ruleset: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** Data version from TileJSON; a matching version makes the response long-lived. */
  v: Type.Optional(Type.String({ maxLength: 100 })),
})

function envTilePath(): TilePath | undefined {
  const value = process.env.TONGCUN_TILES_PATH
  return value === 'sql' || value === 'js' ? value : undefined
}

function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

export const tileRoutes: FastifyPluginAsyncTypebox<TileRoutesOptions> = async (app, options) => {
  const path = options.tilePath ?? envTilePath()
  const statusProviders = options.statusProviders

  app.get('/tiles.json', { schema: { querystring: TileQuery } }, async (request, reply) => {
    const tileJson = await buildTileJson(app.database, {
      origin: requestOrigin(request),
      ...(request.query.ruleset !== undefined ? { rulesetId: request.query.ruleset } : {}),
      ...(statusProviders ? { statusProviders } : {}),
    })
    return reply.header('cache-control', 'no-cache').send(tileJson)
  })

  app.get(
    '/tiles/:z/:x/:y.pbf',
    {
      schema: {
        params: Type.Object({ z: Type.String(), x: Type.String(), y: Type.String() }),
        querystring: TileQuery,
      },
    },
    async (request, reply) => {
      const tile = parseTileCoord(request.params.z, request.params.x, request.params.y)
      const tileOptions = {
        ...(request.query.ruleset !== undefined ? { rulesetId: request.query.ruleset } : {}),
        ...(path ? { path } : {}),
        ...(statusProviders ? { statusProviders } : {}),
      }
      const etag = await currentTileEtag(app.database, tile, tileOptions)
      const ifNoneMatch = request.headers['if-none-match']
      if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(etag)) {
        return reply.header('etag', etag).code(304).send()
      }
      const rendered = await renderTile(app.database, tile, tileOptions)
      // A URL that names the current data version (from TileJSON) never changes content.
      const cacheControl =
        request.query.v === rendered.version ? 'public, max-age=86400, immutable' : 'no-cache'
      reply.header('etag', rendered.etag).header('cache-control', cacheControl)
      if (rendered.bytes.byteLength === 0) return reply.code(204).send()
      return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(rendered.bytes))
    },
  )
}
