/**
 * The vector-tile source layers: names, attributes and zoom rules. Both engines (SQL `ST_AsMVT` and
 * the JS encoder) read the rules from here, so a tile holds the same features whichever path made it.
 */
import type { AdminLevel } from '@tongcun/domain'

export type TileLayerName =
  | 'admin'
  | 'admin_labels'
  | 'villages'
  | 'lines'
  | 'facilities'
  | 'service_areas'
  | 'sites'
  | 'hazards'

export type TileGeometryKind = 'point' | 'line' | 'polygon'

/** TileJSON field types. */
export type TileFieldType = 'String' | 'Number'

export interface TileLayerDefinition {
  name: TileLayerName
  geometry: TileGeometryKind
  description: string
  /** Attributes every feature may carry (null attributes are left out of the tile). */
  fields: Record<string, TileFieldType>
  /** Lowest zoom at which the layer has any feature (for TileJSON; finer rules below). */
  minzoom: number
}

/** Layers in drawing order (bottom first). */
export const TILE_LAYERS: readonly TileLayerDefinition[] = [
  {
    name: 'admin',
    geometry: 'polygon',
    description: 'Current administrative units (polygons); level shown depends on zoom',
    fields: { code: 'String', name: 'String', name_en: 'String', level: 'String' },
    minzoom: 0,
  },
  {
    name: 'hazards',
    geometry: 'polygon',
    description: 'Hazard zones: geological, flood, ecological red line',
    fields: { id: 'String', kind: 'String', severity: 'String', name: 'String' },
    minzoom: 6,
  },
  {
    name: 'service_areas',
    geometry: 'polygon',
    description: 'Service-area polygons (water supply, cell coverage, …)',
    fields: { id: 'String', network: 'String', kind: 'String', name: 'String', status: 'String' },
    minzoom: 9,
  },
  {
    name: 'lines',
    geometry: 'line',
    description: 'Road, water, power and broadband lines; minor classes only at higher zooms',
    fields: {
      id: 'String',
      network: 'String',
      class: 'String',
      surface: 'String',
      voltage_kv: 'Number',
      status: 'String',
    },
    minzoom: 5,
  },
  {
    name: 'facilities',
    geometry: 'point',
    description: 'Bus stops, water plants, substations, OLTs, backbone nodes, cell sites',
    fields: {
      id: 'String',
      network: 'String',
      kind: 'String',
      name: 'String',
      radius_m: 'Number',
      status: 'String',
    },
    minzoom: 8,
  },
  {
    name: 'sites',
    geometry: 'point',
    description: 'Resettlement sites',
    fields: {
      id: 'String',
      name: 'String',
      type: 'String',
      status: 'String',
      capacity_households: 'Number',
      capacity_people: 'Number',
    },
    minzoom: 0,
  },
  {
    name: 'villages',
    geometry: 'point',
    description:
      'Administrative villages (seat points); with ?ruleset= also per-network coverage status',
    fields: {
      code: 'String',
      name: 'String',
      name_en: 'String',
      population: 'Number',
      poor_people: 'Number',
      households: 'Number',
    },
    minzoom: 0,
  },
  {
    name: 'admin_labels',
    geometry: 'point',
    description: 'Label points of current administrative units (ST_PointOnSurface)',
    fields: { code: 'String', name: 'String', name_en: 'String', level: 'String' },
    minzoom: 0,
  },
]

/** Lowest zoom each admin level appears at, as polygons and as label points. */
export const ADMIN_MINZOOM: Record<AdminLevel, number> = {
  province: 0,
  city: 4,
  county: 6,
  township: 8,
  village: 11,
}
export const ADMIN_LABEL_MINZOOM: Record<AdminLevel, number> = {
  province: 0,
  city: 5,
  county: 7,
  township: 9,
  village: 12,
}

/**
 * Lowest zoom of a network line by its `class` (all networks share one table). Classes not listed
 * (`other`, anything imported under a new name) use `LINE_DEFAULT_MINZOOM`.
 */
export const LINE_CLASS_MINZOOM: Record<string, number> = {
  expressway: 5,
  national: 5,
  provincial: 5,
  transmission: 5,
  backbone: 5,
  county: 8,
  main: 8,
  township: 9,
  branch: 9,
  distribution: 9,
  fibre: 9,
  village: 10,
}
export const LINE_DEFAULT_MINZOOM = 10

/** Lowest zoom of a facility by kind. */
export const FACILITY_KIND_MINZOOM: Record<string, number> = {
  'water-plant': 8,
  substation: 8,
  'backbone-node': 8,
  olt: 10,
  'cell-site': 10,
  'bus-stop': 11,
}
export const FACILITY_DEFAULT_MINZOOM = 11

/**
 * Villages are drawn at every zoom when the data set is small (a county: a few hundred), otherwise
 * from `VILLAGE_LARGE_SET_MINZOOM` on (a 50k-village province would put ~15k points in one z7 tile).
 */
export const VILLAGE_SMALL_SET_MAX = 5000
export const VILLAGE_LARGE_SET_MINZOOM = 8

/** Which classes/kinds/levels one zoom level shows. Computed once per request, fed to SQL as parameters. */
export interface ZoomFilter {
  z: number
  adminLevels: AdminLevel[]
  adminLabelLevels: AdminLevel[]
  /** Listed line classes shown at this zoom. */
  lineClasses: string[]
  /** Every listed line class (so unlisted ones can be recognised). */
  listedLineClasses: string[]
  /** Whether unlisted line classes are shown. */
  includeOtherLineClasses: boolean
  facilityKinds: string[]
  listedFacilityKinds: string[]
  includeOtherFacilityKinds: boolean
  /** Layers that have features at this zoom at all. */
  layers: TileLayerName[]
}

/** Applies the zoom rules to zoom `z`; `villageCount` is the number of villages in the database. */
export function zoomFilter(z: number, villageCount: number): ZoomFilter {
  const levelsFrom = (table: Record<AdminLevel, number>) =>
    (Object.keys(table) as AdminLevel[]).filter((level) => table[level] <= z)
  const keysFrom = (table: Record<string, number>) =>
    Object.keys(table)
      .filter((key) => (table[key] ?? Infinity) <= z)
      .sort()
  const villagesShown = villageCount <= VILLAGE_SMALL_SET_MAX || z >= VILLAGE_LARGE_SET_MINZOOM
  const filter: ZoomFilter = {
    z,
    adminLevels: levelsFrom(ADMIN_MINZOOM),
    adminLabelLevels: levelsFrom(ADMIN_LABEL_MINZOOM),
    lineClasses: keysFrom(LINE_CLASS_MINZOOM),
    listedLineClasses: Object.keys(LINE_CLASS_MINZOOM).sort(),
    includeOtherLineClasses: z >= LINE_DEFAULT_MINZOOM,
    facilityKinds: keysFrom(FACILITY_KIND_MINZOOM),
    listedFacilityKinds: Object.keys(FACILITY_KIND_MINZOOM).sort(),
    includeOtherFacilityKinds: z >= FACILITY_DEFAULT_MINZOOM,
    layers: [],
  }
  filter.layers = TILE_LAYERS.filter((layer) => {
    if (layer.name === 'villages') return villagesShown
    return layer.minzoom <= z
  }).map((layer) => layer.name)
  return filter
}
