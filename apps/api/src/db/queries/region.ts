/**
 * `loadRegionData`: everything an analysis needs about a region, selected by PostGIS (bbox tests on
 * GiST-indexed geometry) and handed to the analysis packages as domain features.
 */
import type { Kysely } from 'kysely'
import type { RegionData } from '@tongcun/domain'
import { bboxOfFeatures } from '../../geojson'
import { expandBbox, intersectsBbox } from '../postgis'
import type { DB } from '../schema'
import {
  selectFacilities,
  selectHazards,
  selectNetworkLines,
  selectServiceAreas,
  selectSites,
  toFacilityFeature,
  toHazardFeature,
  toNetworkLineFeature,
  toServiceAreaFeature,
  toSiteFeature,
} from './features'
import { listVillages, type RegionFilter } from './villages'

/** Default margin around the selected villages for network features, sites and hazards. */
export const DEFAULT_REGION_MARGIN_METERS = 20_000

export interface LoadRegionOptions extends RegionFilter {
  /** Margin around the villages' bbox for lines, facilities, service areas, sites, hazards. Default 20 km. */
  marginMeters?: number
}

/**
 * Villages within `adminCode` (old codes resolved; unknown code ⇒ `DomainError('admin-not-found')`)
 * and/or `bbox`, plus every line, facility, service area, site and hazard whose bbox overlaps the
 * villages' bbox grown by `marginMeters` (so coverage near the region's edge sees networks just
 * outside it). No villages ⇒ every list empty. All lists are sorted by code/id.
 */
export async function loadRegionData(
  db: Kysely<DB>,
  options: LoadRegionOptions = {},
): Promise<RegionData> {
  const villages = await listVillages(db, options)
  const extent = bboxOfFeatures(villages)
  if (!extent) {
    return { villages, lines: [], facilities: [], serviceAreas: [], sites: [], hazards: [] }
  }
  const box = expandBbox(extent, options.marginMeters ?? DEFAULT_REGION_MARGIN_METERS)
  const [lines, facilities, serviceAreas, sites, hazards] = await Promise.all([
    selectNetworkLines(db)
      .where(intersectsBbox('network_line.geom', box))
      .orderBy('network_line.id')
      .execute(),
    selectFacilities(db)
      .where(intersectsBbox('facility.geom', box))
      .orderBy('facility.id')
      .execute(),
    selectServiceAreas(db)
      .where(intersectsBbox('service_area.geom', box))
      .orderBy('service_area.id')
      .execute(),
    selectSites(db)
      .where(intersectsBbox('resettlement_site.geom', box))
      .orderBy('resettlement_site.id')
      .execute(),
    selectHazards(db)
      .where(intersectsBbox('hazard_zone.geom', box))
      .orderBy('hazard_zone.id')
      .execute(),
  ])
  return {
    villages,
    lines: lines.map(toNetworkLineFeature),
    facilities: facilities.map(toFacilityFeature),
    serviceAreas: serviceAreas.map(toServiceAreaFeature),
    sites: sites.map(toSiteFeature),
    hazards: hazards.map(toHazardFeature),
  }
}
