/** Map layers by name (`GET /api/layers/:layer`), filtered by admin unit and/or bbox. */
import type { Kysely } from 'kysely'
import type { Feature, Geometry } from 'geojson'
import type { Network } from '@tongcun/domain'
import { intersectsBbox, type Bbox } from '../postgis'
import type { DB } from '../schema'
import { adminBbox, adminCodeRange } from './admin'
import {
  selectAdminUnits,
  selectFacilities,
  selectHazards,
  selectNetworkLines,
  selectServiceAreas,
  selectSites,
  toAdminUnitFeature,
  toFacilityFeature,
  toHazardFeature,
  toNetworkLineFeature,
  toServiceAreaFeature,
  toSiteFeature,
} from './features'
import { resolveAdminFilter, type RegionFilter } from './villages'

export type LayerName = Network | 'facilities' | 'service-areas' | 'sites' | 'hazards' | 'admin'
export const LAYER_NAMES: readonly LayerName[] = [
  'road',
  'water',
  'power',
  'broadband',
  'facilities',
  'service-areas',
  'sites',
  'hazards',
  'admin',
]

/**
 * Features of one layer, ordered by id/code. `road|water|power|broadband` are that network's lines.
 * `adminCode` (old codes resolved) keeps features overlapping the unit's bbox (boundary or village
 * seats), except for `admin` which keeps the unit and its descendants by code; `bbox` keeps features
 * whose bbox overlaps it. Both may be combined.
 */
export async function listLayerFeatures(
  db: Kysely<DB>,
  layer: LayerName,
  filter: RegionFilter = {},
): Promise<Feature<Geometry | null>[]> {
  const adminCode =
    filter.adminCode !== undefined ? await resolveAdminFilter(db, filter.adminCode) : undefined
  if (layer === 'admin') {
    let query = selectAdminUnits(db)
    if (adminCode) {
      const [low, high] = adminCodeRange(adminCode)
      query = query.where('admin_unit.code', '>=', low).where('admin_unit.code', '<=', high)
    }
    if (filter.bbox) query = query.where(intersectsBbox('admin_unit.geom', filter.bbox))
    return (await query.orderBy('admin_unit.code').execute()).map(toAdminUnitFeature)
  }
  const boxes: Bbox[] = []
  if (filter.bbox) boxes.push(filter.bbox)
  if (adminCode) {
    const box = await adminBbox(db, adminCode)
    if (!box) return []
    boxes.push(box)
  }
  switch (layer) {
    case 'road':
    case 'water':
    case 'power':
    case 'broadband': {
      let query = selectNetworkLines(db).where('network_line.network', '=', layer)
      for (const box of boxes) query = query.where(intersectsBbox('network_line.geom', box))
      return (await query.orderBy('network_line.id').execute()).map(toNetworkLineFeature)
    }
    case 'facilities': {
      let query = selectFacilities(db)
      for (const box of boxes) query = query.where(intersectsBbox('facility.geom', box))
      return (await query.orderBy('facility.id').execute()).map(toFacilityFeature)
    }
    case 'service-areas': {
      let query = selectServiceAreas(db)
      for (const box of boxes) query = query.where(intersectsBbox('service_area.geom', box))
      return (await query.orderBy('service_area.id').execute()).map(toServiceAreaFeature)
    }
    case 'sites': {
      let query = selectSites(db)
      for (const box of boxes) query = query.where(intersectsBbox('resettlement_site.geom', box))
      return (await query.orderBy('resettlement_site.id').execute()).map(toSiteFeature)
    }
    case 'hazards': {
      let query = selectHazards(db)
      for (const box of boxes) query = query.where(intersectsBbox('hazard_zone.geom', box))
      return (await query.orderBy('hazard_zone.id').execute()).map(toHazardFeature)
    }
  }
}
