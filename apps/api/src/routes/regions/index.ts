import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DomainError } from '@tongcun/domain'
import { toRegionCollection } from '@tongcun/clustering'
import { runRegions } from '../../db/queries/relocation'
import { bboxOfFeatures } from '../../geojson'
import { AdminCodeParam, RulesetIdParam } from '../region-query'

/** Parses `field:n` (e.g. `poor_households:200`). */
export function parseFloor(
  value: string,
  path = '/querystring/floor',
): { field: string; min: number } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*):(\d+(\.\d+)?)$/.exec(value.trim())
  if (!match) {
    throw new DomainError(
      'invalid-input',
      `floor "${value}" must be <field>:<minimum>, e.g. poor_households:200`,
      {
        errors: [{ path, message: 'must be <field>:<minimum>' }],
      },
    )
  }
  return { field: match[1] as string, min: Number(match[2]) }
}

/** Splits `a,b,c` into attribute names. */
export function parseAttributes(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/**
 * `GET /regions?admin=&attributes=a,b&k=|floor=field:n&seed=&max_edge_m=` → FeatureCollection of villages
 * with `region` and `regionSpan`; collection `properties` carry parameters, objective (total within-area SSD)
 * and per-area stats; `outlines` holds area hulls.
 */
export const regionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/regions',
    {
      schema: {
        querystring: Type.Object({
          admin: Type.Optional(AdminCodeParam),
          attributes: Type.String({
            minLength: 1,
            maxLength: 500,
            description: 'comma-separated numeric village fields',
          }),
          k: Type.Optional(Type.Integer({ minimum: 1 })),
          floor: Type.Optional(Type.String({ minLength: 3, maxLength: 100 })),
          seed: Type.Optional(Type.Integer()),
          max_edge_m: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
          ruleset: Type.Optional(RulesetIdParam),
        }),
      },
    },
    async (request) => {
      const q = request.query
      if (q.k === undefined && q.floor === undefined) {
        throw new DomainError(
          'invalid-input',
          'give k (number of areas) or floor (<field>:<minimum>)',
          {
            errors: [{ path: '/querystring/k', message: 'k or floor is required' }],
          },
        )
      }
      const { villages, result, adminNames } = await runRegions(app.database.db, {
        ...(q.admin !== undefined ? { adminCode: q.admin } : {}),
        attributes: parseAttributes(q.attributes),
        k: q.k ?? null,
        floor: q.floor !== undefined ? parseFloor(q.floor) : null,
        seed: q.seed ?? 1,
        maxEdgeM: q.max_edge_m ?? null,
        rulesetId: q.ruleset ?? null,
      })
      const collection = toRegionCollection(villages, result, {
        adminNames: Object.fromEntries(adminNames),
      })
      const bbox = bboxOfFeatures(collection.features)
      return bbox ? { ...collection, bbox } : collection
    },
  )
}
