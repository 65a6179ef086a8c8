import Flatbush from 'flatbush'
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { adminCodeAt, adminLevelOfCode, type AdminLevel, type AdminSpan } from '@tongcun/domain'

/** The township / county / city codes of one village (null when unknown). */
export interface VillageAdminCodes {
  township: string | null
  county: string | null
  city: string | null
}

type SpanLevel = 'township' | 'county' | 'city'
const SPAN_LEVELS: readonly SpanLevel[] = ['township', 'county', 'city']
const FIELD_OF: Record<SpanLevel, string> = {
  township: 'township_code',
  county: 'county_code',
  city: 'city_code',
}

const CODE_PATTERN = /^\d{12}$/

function asCode(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value).padStart(12, '0')
  if (typeof value !== 'string') return null
  if (value.length === 12 && CODE_PATTERN.test(value)) return value
  const trimmed = value.trim()
  return CODE_PATTERN.test(trimmed) ? trimmed : null
}

/**
 * Reads the admin codes of a village from its properties (`township_code`, `county_code`, `city_code`),
 * falling back to the prefix of its 12-digit `code`.
 */
export function adminCodesOfProperties(
  properties: Readonly<Record<string, unknown>> | null,
): VillageAdminCodes {
  const own = asCode(properties?.['code'])
  const out: VillageAdminCodes = { township: null, county: null, city: null }
  for (const level of SPAN_LEVELS) {
    out[level] = asCode(properties?.[FIELD_OF[level]]) ?? (own ? adminCodeAt(own, level) : null)
  }
  return out
}

/** An admin polygon for point-in-polygon assignment. */
export type AdminPolygonFeature = Feature<
  Polygon | MultiPolygon | null,
  { code?: unknown; level?: unknown; name?: unknown } | null
>

/**
 * Assigns each point the township / county / city polygon containing it (an admin layer file), for input
 * that has no admin codes. A unit's level is its `level` property or is inferred from its 12-digit code.
 * A point inside several units of one level takes the smallest code.
 * @returns codes per point and the names by code
 */
export function assignAdminUnits(
  lngLats: readonly (readonly [number, number])[],
  units: readonly AdminPolygonFeature[],
): { codes: VillageAdminCodes[]; names: Map<string, string> } {
  const names = new Map<string, string>()
  const usable: Array<{
    feature: Feature<Polygon | MultiPolygon>
    code: string
    level: SpanLevel
  }> = []
  for (const unit of units) {
    const code = asCode(unit.properties?.code)
    if (!code || !unit.geometry) continue
    const rawLevel = unit.properties?.level
    let level: AdminLevel
    try {
      level = typeof rawLevel === 'string' ? (rawLevel as AdminLevel) : adminLevelOfCode(code)
    } catch {
      continue // not a 12-digit admin code: skip the unit, it cannot name a township/county/city
    }
    if (level !== 'township' && level !== 'county' && level !== 'city') continue
    if (typeof unit.properties?.name === 'string') names.set(code, unit.properties.name)
    usable.push({ feature: unit as Feature<Polygon | MultiPolygon>, code, level })
  }
  usable.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const codes: VillageAdminCodes[] = lngLats.map(() => ({
    township: null,
    county: null,
    city: null,
  }))
  if (usable.length === 0) return { codes, names }
  const index = new Flatbush(usable.length)
  for (const unit of usable) {
    const [w, s, e, n] = turfBbox(unit.feature)
    index.add(w, s, e, n)
  }
  index.finish()
  lngLats.forEach(([lng, lat], i) => {
    const hits = index.search(lng, lat, lng, lat).sort((a, b) => a - b)
    const target = codes[i] as VillageAdminCodes
    for (const h of hits) {
      const unit = usable[h] as (typeof usable)[number]
      if (target[unit.level] !== null) continue
      if (booleanPointInPolygon([lng, lat], unit.feature)) target[unit.level] = unit.code
    }
  })
  return { codes, names }
}

/** The distinct townships / counties / cities of a group, sorted, and whether the group crosses each line. */
export function spanOfAdminCodes(group: readonly VillageAdminCodes[]): AdminSpan {
  const collect = (level: SpanLevel): string[] =>
    [...new Set(group.map((c) => c[level]).filter((c): c is string => c !== null))].sort()
  const townships = collect('township')
  const counties = collect('county')
  const cities = collect('city')
  return {
    townships,
    counties,
    cities,
    crossesTownship: townships.length > 1,
    crossesCounty: counties.length > 1,
    crossesCity: cities.length > 1,
  }
}
