/**
 * `loadRegionData`: everything an analysis needs about a region, selected by PostGIS (bbox tests on
 * GiST-indexed geometry) and handed to the analysis packages as domain features.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { Geometry } from 'geojson'
import type { RegionData } from '@tongcun/domain'
import { COVERAGE_READS } from '@tongcun/coverage'
import { bboxOfFeatures } from '../../geojson'
import { expandBbox, intersectsBbox } from '../postgis'
import type { DB } from '../schema'
import {
  selectFacilitiesAttributes,
  selectHazardsAttributes,
  selectNetworkLinesAttributes,
  selectServiceAreasAttributes,
  selectSitesAttributes,
  selectVillagesAttributes,
  toFacilityFeature,
  toHazardFeature,
  toNetworkLineFeature,
  toServiceAreaFeature,
  toSiteFeature,
  toVillageFeature,
} from './features'
import { selectInKeyRanges } from './bulk'
import { whereInRegion, type RegionFilter } from './villages'

/** Default margin around the selected villages for network features, sites and hazards. */
export const DEFAULT_REGION_MARGIN_METERS = 20_000

export interface LoadRegionOptions extends RegionFilter {
  /** Margin around the villages' bbox for lines, facilities, service areas, sites, hazards. Default 20 km. */
  marginMeters?: number
  /**
   * Select only what the coverage analysis reads (`COVERAGE_READS` of `@tongcun/coverage`): the other attributes are
   * null (villages' `poverty_causes` and `flags` empty), and sites and hazards are not selected
   * (empty). For a region that goes to `@tongcun/coverage` and nowhere else.
   */
  forCoverage?: boolean
}

/**
 * Villages within `adminCode` (old codes resolved; unknown code ⇒ `DomainError('admin-not-found')`)
 * and/or `bbox`, plus every line, facility, service area, site and hazard whose bbox overlaps the
 * villages' bbox grown by `marginMeters` (so coverage near the region's edge sees networks just
 * outside it). No villages ⇒ every list empty. All lists are sorted by code/id. Read in key ranges
 * with geometry as WKB (`selectInKeyRanges`): coordinates at full precision, not the 6 decimals of
 * the API's GeoJSON.
 */
export async function loadRegionData(
  db: Kysely<DB>,
  options: LoadRegionOptions = {},
): Promise<RegionData> {
  const villages = await selectInKeyRanges(
    db,
    {
      attributes: await whereInRegion(db, selectVillagesAttributes(db), options),
      key: 'village.code',
      geometry: 'village.geom',
      ...(options.forCoverage ? { only: COVERAGE_READS.villages } : {}),
    },
    toVillageFeature,
  )
  const extent = bboxOfFeatures(villages)
  if (!extent) {
    return { villages, lines: [], facilities: [], serviceAreas: [], sites: [], hazards: [] }
  }
  const box = expandBbox(extent, options.marginMeters ?? DEFAULT_REGION_MARGIN_METERS)
  /**
   * A layer's features whose bbox overlaps `box` (its table keyed by `id`, geometry `geom`);
   * `reads`: what coverage reads of it, all that is selected with `forCoverage`.
   */
  const inBox = <TB extends keyof DB & string, Row, F>(
    table: TB,
    attributes: SelectQueryBuilder<DB, TB, Row>,
    toFeature: (row: Row & { geometry: Geometry }) => F,
    reads?: readonly string[],
  ): Promise<F[]> =>
    selectInKeyRanges(
      db,
      {
        attributes: attributes.where(intersectsBbox(`${table}.geom`, box)),
        key: `${table}.id`,
        geometry: `${table}.geom`,
        ...(options.forCoverage && reads ? { only: reads } : {}),
      },
      toFeature,
    )
  // One layer after another: each keeps the server and this process busy (bulk.ts).
  const lines = await inBox(
    'network_line',
    selectNetworkLinesAttributes(db),
    toNetworkLineFeature,
    COVERAGE_READS.lines,
  )
  const facilities = await inBox(
    'facility',
    selectFacilitiesAttributes(db),
    toFacilityFeature,
    COVERAGE_READS.facilities,
  )
  const serviceAreas = await inBox(
    'service_area',
    selectServiceAreasAttributes(db),
    toServiceAreaFeature,
    COVERAGE_READS.serviceAreas,
  )
  if (options.forCoverage)
    return { villages, lines, facilities, serviceAreas, sites: [], hazards: [] }
  const sites = await inBox('resettlement_site', selectSitesAttributes(db), toSiteFeature)
  const hazards = await inBox('hazard_zone', selectHazardsAttributes(db), toHazardFeature)
  return { villages, lines, facilities, serviceAreas, sites, hazards }
}
