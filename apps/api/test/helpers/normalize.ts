/**
 * Expected database output for an input feature: optional properties present as null, arrays
 * defaulted, written independently of the production mappers.
 */
import type { Feature, Geometry } from 'geojson'

const OPTIONAL: Record<string, string[]> = {
  admin: ['name_en', 'valid_from', 'valid_to', 'replaced_by'],
  villages: ['name_en'],
  line: ['name', 'surface', 'voltage_kv', 'completion_year', 'owner', 'source'],
  area: ['name', 'completion_year', 'owner', 'source'],
  facilities: ['name', 'radius_m', 'completion_year', 'owner', 'source'],
  sites: ['admin_code'],
  hazards: ['name', 'source'],
}

export function expectedProperties(
  kind: keyof typeof OPTIONAL,
  feature: Feature<Geometry | null>,
): Record<string, unknown> {
  const properties: Record<string, unknown> = { ...(feature.properties ?? {}) }
  for (const key of OPTIONAL[kind] ?? []) properties[key] ??= null
  return properties
}

export function byKey<F extends Feature<Geometry | null>>(features: readonly F[]): Map<string, F> {
  return new Map(
    features.map((feature) => {
      const p = (feature.properties ?? {}) as { code?: string; id?: string }
      return [String(p.code ?? p.id), feature]
    }),
  )
}

/** Deep copy with every number rounded to 6 decimals (the precision the API writes). */
export function round6<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'number' ? Math.round(item * 1e6) / 1e6 : item,
    ),
  ) as T
}
