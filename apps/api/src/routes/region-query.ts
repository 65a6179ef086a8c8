/**
 * The `?admin=&bbox=` query shared by villages, layers and the analysis routes, and the `ruleset`
 * id parameter of the analysis routes.
 * `admin`: statistical code with 2-12 digits (old codes resolve); `bbox`: `west,south,east,north`.
 */
import { Type, type Static } from 'typebox'
import { DomainError } from '@tongcun/domain'
import type { Bbox } from '../db/postgis'
import type { RegionFilter } from '../db/queries/villages'

const NUMBER = '-?\\d+(\\.\\d+)?'
export const AdminCodeParam = Type.String({
  pattern: '^\\d{2,12}$',
  description: 'statistical code, 2-12 digits',
})
/** A rule set id (`policy-2015`): lowercase letters, digits and dashes. */
export const RulesetIdParam = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'rule set id',
})
export const BboxParam = Type.String({
  pattern: `^${NUMBER},${NUMBER},${NUMBER},${NUMBER}$`,
  description: 'west,south,east,north in degrees (WGS84)',
})

export const RegionQuery = Type.Object({
  admin: Type.Optional(AdminCodeParam),
  bbox: Type.Optional(BboxParam),
})
export type RegionQueryType = Static<typeof RegionQuery>

/**
 * Parses `w,s,e,n`; throws `DomainError('invalid-input')` (→ 400 with `errors`) when out of range
 * or inverted.
 */
export function parseBbox(value: string, path = '/querystring/bbox'): Bbox {
  const parts = value.split(',').map(Number)
  const fail = (message: string): never => {
    throw new DomainError('invalid-input', `bbox "${value}": ${message}`, {
      errors: [{ path, message }],
    })
  }
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part)))
    fail('needs 4 numbers west,south,east,north')
  const [west, south, east, north] = parts as Bbox
  if (west < -180 || east > 180 || south < -90 || north > 90) fail('coordinates out of WGS84 range')
  if (west > east || south > north) fail('west must be <= east and south <= north')
  return [west, south, east, north]
}

/** `?admin=&bbox=` → filter for the queries. */
export function parseRegionQuery(query: RegionQueryType): RegionFilter {
  return {
    ...(query.admin !== undefined ? { adminCode: query.admin } : {}),
    ...(query.bbox !== undefined ? { bbox: parseBbox(query.bbox) } : {}),
  }
}
