import type { Feature, FeatureCollection, Point } from 'geojson'
import type { SitingResult } from '@tongcun/domain'

/** Strips the `village:` / `site:` prefix the problem ids may carry. */
export const bareId = (id: string) => id.replace(/^(village|site):/, '')

export interface SolutionInputs {
  villages: Map<string, { lngLat: [number, number]; households: number; population: number }>
  sites: Map<string, { lngLat: [number, number]; capacity: number | null }>
}

/**
 * Draws a solver answer: one `allocation` line per assigned village (its seat to its site), one
 * `site` point per opened site with `capacity` and `used` (households), one `uncovered` point per
 * unserved village. Pure view work: the answer itself comes from the API.
 */
export function buildSolutionOverlay(
  result: SitingResult,
  inputs: SolutionInputs,
): FeatureCollection {
  const features: Feature[] = []
  const used = new Map<string, number>()
  for (const [demandId, assignment] of Object.entries(result.assignment)) {
    const village = inputs.villages.get(bareId(demandId))
    if (!village) continue
    const shares: Array<[string, number]> =
      typeof assignment === 'string'
        ? [[assignment, 1]]
        : Object.entries(assignment as Record<string, number>)
    for (const [siteId, fraction] of shares) {
      const site = inputs.sites.get(bareId(siteId))
      if (!site) continue
      used.set(bareId(siteId), (used.get(bareId(siteId)) ?? 0) + village.households * fraction)
      features.push({
        type: 'Feature',
        properties: {
          role: 'allocation',
          village: bareId(demandId),
          site: bareId(siteId),
          fraction,
        },
        geometry: { type: 'LineString', coordinates: [village.lngLat, site.lngLat] },
      })
    }
  }
  for (const siteId of result.open) {
    const site = inputs.sites.get(bareId(siteId))
    if (!site) continue
    const load = used.get(bareId(siteId)) ?? 0
    features.push({
      type: 'Feature',
      properties: { role: 'site', id: bareId(siteId), capacity: site.capacity ?? load, used: load },
      geometry: { type: 'Point', coordinates: site.lngLat } satisfies Point,
    })
  }
  for (const demandId of result.uncovered) {
    const village = inputs.villages.get(bareId(demandId))
    if (!village) continue
    features.push({
      type: 'Feature',
      properties: { role: 'uncovered', village: bareId(demandId) },
      geometry: { type: 'Point', coordinates: village.lngLat },
    })
  }
  return { type: 'FeatureCollection', features }
}

/** Comparison figures read from an answer and the inputs (sums only, no geometry). */
export function summarizeSolution(result: SitingResult, inputs: SolutionInputs) {
  let peopleMoved = 0
  let householdsMoved = 0
  for (const [demandId, assignment] of Object.entries(result.assignment)) {
    const village = inputs.villages.get(bareId(demandId))
    if (!village) continue
    const fraction =
      typeof assignment === 'string'
        ? 1
        : Object.values(assignment as Record<string, number>).reduce((a, b) => a + b, 0)
    peopleMoved += village.population * fraction
    householdsMoved += village.households * fraction
  }
  let capacity = 0
  let capacityKnown = true
  for (const siteId of result.open) {
    const c = inputs.sites.get(bareId(siteId))?.capacity
    if (c === null || c === undefined) capacityKnown = false
    else capacity += c
  }
  return {
    peopleMoved,
    sitesUsed: result.open.length,
    slack: capacityKnown ? capacity - householdsMoved : null,
  }
}
