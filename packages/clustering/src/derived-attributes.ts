import type { Feature, Geometry } from 'geojson'
import { featureKey, propertiesOf } from './cluster-villages'

/** Attributes computed from others, usable in `regionalizeVillages({ attributes })`. */
export const DERIVED_ATTRIBUTES = ['poverty_incidence', 'coverage_gaps'] as const

/**
 * Copies features adding derived attributes (inputs are not mutated; an existing value is kept):
 * `poverty_incidence` = poor_people / population (null when either is missing or population is 0);
 * `coverage_gaps` = number of networks in gap, from `gapCounts` by feature id (when given).
 */
export function addDerivedAttributes<G extends Geometry>(
  features: ReadonlyArray<Feature<G, object | null>>,
  options: { gapCounts?: ReadonlyMap<string, number> } = {},
): Array<Feature<G, Record<string, unknown>>> {
  return features.map((feature, index) => {
    const properties = { ...(propertiesOf(feature) ?? {}) }
    if (properties['poverty_incidence'] === undefined) {
      const poor = properties['poor_people']
      const population = properties['population']
      properties['poverty_incidence'] =
        typeof poor === 'number' && typeof population === 'number' && population > 0
          ? poor / population
          : null
    }
    if (options.gapCounts && properties['coverage_gaps'] === undefined) {
      properties['coverage_gaps'] = options.gapCounts.get(featureKey(feature, index)) ?? null
    }
    return { ...feature, properties }
  })
}
