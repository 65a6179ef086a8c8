/**
 * The Tongcun data model as seen by every workspace: GeoJSON feature types for each layer.
 *
 * Layer attributes are snake_case and are the same names in import files, database columns and
 * API GeoJSON output, so a planner's file round-trips unchanged. Analysis results (coverage,
 * clusters, sites) are camelCase JSON produced by the packages.
 *
 * Coordinates are GeoJSON order `[lng, lat]`, WGS84 (EPSG:4326), everywhere.
 */
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
} from 'geojson'

/** Administrative levels, top to bottom. Official 12-digit codes have 2/4/6/9/12 significant digits. */
export type AdminLevel = 'province' | 'city' | 'county' | 'township' | 'village'
export const ADMIN_LEVELS: readonly AdminLevel[] = [
  'province',
  'city',
  'county',
  'township',
  'village',
]
/** Number of significant digits of a 12-digit statistical code at each level. */
export const ADMIN_CODE_DIGITS: Record<AdminLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
}

/** Infrastructure networks stored as lines/facilities/service areas. */
export type Network = 'road' | 'water' | 'power' | 'broadband'
export const NETWORKS: readonly Network[] = ['road', 'water', 'power', 'broadband']
/** Networks a coverage result is given for: the four networks plus bus service. */
export type CoverageNetwork = 'road' | 'bus' | 'water' | 'power' | 'broadband'
export const COVERAGE_NETWORKS: readonly CoverageNetwork[] = [
  'road',
  'bus',
  'water',
  'power',
  'broadband',
]

/** Lifecycle of a network feature or site. */
export type FeatureStatus = 'existing' | 'under-construction' | 'planned'
export const FEATURE_STATUSES: readonly FeatureStatus[] = [
  'existing',
  'under-construction',
  'planned',
]

/** Road administrative class, highest first. `expressway` has no village access and never covers. */
export type RoadClass =
  'expressway' | 'national' | 'provincial' | 'county' | 'township' | 'village' | 'other'
export const ROAD_CLASSES: readonly RoadClass[] = [
  'expressway',
  'national',
  'provincial',
  'county',
  'township',
  'village',
  'other',
]
export type RoadSurface = 'asphalt' | 'cement' | 'gravel' | 'dirt' | 'unknown'
export const ROAD_SURFACES: readonly RoadSurface[] = [
  'asphalt',
  'cement',
  'gravel',
  'dirt',
  'unknown',
]

/** Point facilities, by network. */
export type FacilityKind =
  | 'bus-stop' // road
  | 'water-plant' // water
  | 'substation' // power
  | 'olt' // broadband: optical line terminal
  | 'backbone-node' // broadband
  | 'cell-site' // broadband, with radius_m
export const FACILITY_KINDS: readonly FacilityKind[] = [
  'bus-stop',
  'water-plant',
  'substation',
  'olt',
  'backbone-node',
  'cell-site',
]
export const FACILITY_NETWORK: Record<FacilityKind, Network> = {
  'bus-stop': 'road',
  'water-plant': 'water',
  substation: 'power',
  olt: 'broadband',
  'backbone-node': 'broadband',
  'cell-site': 'broadband',
}

export type SiteType = 'central-village' | 'town' | 'county-seat' | 'industrial-park'
export const SITE_TYPES: readonly SiteType[] = [
  'central-village',
  'town',
  'county-seat',
  'industrial-park',
]
export type SiteStatus = 'existing' | 'under-construction' | 'planned' | 'candidate'
export const SITE_STATUSES: readonly SiteStatus[] = [
  'existing',
  'under-construction',
  'planned',
  'candidate',
]

export type HazardKind = 'geological' | 'flood' | 'ecological-red-line'
export const HAZARD_KINDS: readonly HazardKind[] = ['geological', 'flood', 'ecological-red-line']
export type Severity = 'low' | 'medium' | 'high'
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high']

/** A planner's recorded relocation decision. Relocation is voluntary: the tool recommends, people decide. */
export type RelocationDecision = 'confirmed' | 'declined' | 'pending'

/** Source coordinate reference systems accepted on import; everything is stored as WGS84. */
export type SourceCrs = 'WGS84' | 'CGCS2000' | 'GCJ02' | 'BD09'
export const SOURCE_CRSES: readonly SourceCrs[] = ['WGS84', 'CGCS2000', 'GCJ02', 'BD09']

/** Import layers (CLI `tongcun import <layer> <file>`). */
export type ImportLayer =
  | 'admin'
  | 'villages'
  | 'road'
  | 'water'
  | 'power'
  | 'broadband'
  | 'facilities'
  | 'sites'
  | 'hazards'
export const IMPORT_LAYERS: readonly ImportLayer[] = [
  'admin',
  'villages',
  'road',
  'water',
  'power',
  'broadband',
  'facilities',
  'sites',
  'hazards',
]

export interface AdminUnitProperties {
  /** 12-digit statistical code, zero-padded (e.g. `530102000000`). */
  code: string
  name: string
  name_en?: string | null
  level: AdminLevel
  /** Code of the parent unit; null for a province. */
  parent_code: string | null
  /** ISO date the unit came into force, `YYYY-MM-DD`. */
  valid_from?: string | null
  /** ISO date the unit ceased (merged, renamed); null while current. */
  valid_to?: string | null
  /** Code of the unit that replaced this one after a merge or rename. */
  replaced_by?: string | null
}
export type AdminUnitFeature = Feature<MultiPolygon | Polygon | null, AdminUnitProperties>

export interface VillageProperties {
  /** 12-digit administrative-village code. */
  code: string
  name: string
  name_en?: string | null
  /** 9-digit-significant township code (12 digits, zero-padded). Defaults to the code's prefix. */
  township_code: string
  county_code: string
  city_code: string
  province_code: string
  population: number | null
  households: number | null
  poor_households: number | null
  poor_people: number | null
  /** Causes of poverty as filed, e.g. `['illness', 'lack-of-water']`. */
  poverty_causes: string[]
  elevation_m: number | null
  slope_deg: number | null
  /** Arable land per person in mu, where known. */
  land_per_person_mu: number | null
  /** Annual net income per person, CNY, where known. */
  income_per_person_cny: number | null
  /** Free-form flags, e.g. `['poor-village', 'ethnic-minority', 'border']`. */
  flags: string[]
}
/** A village: its geometry is the seat point (village committee location). */
export type VillageFeature = Feature<Point, VillageProperties>

export interface NetworkLineProperties {
  id: string
  network: Network
  name?: string | null
  /** Road: a RoadClass; water: `main` | `branch`; power: `transmission` | `distribution`; broadband: `backbone` | `fibre`. */
  class: string
  /** Roads only. */
  surface?: RoadSurface | null
  /** Power lines only, kilovolts. */
  voltage_kv?: number | null
  status: FeatureStatus
  /** Year a planned / under-construction feature is due to complete. */
  completion_year?: number | null
  owner?: string | null
  source?: string | null
}
export type NetworkLineFeature = Feature<LineString | MultiLineString, NetworkLineProperties>

export interface FacilityProperties {
  id: string
  network: Network
  kind: FacilityKind
  name?: string | null
  /** Cell sites: coverage radius in metres. */
  radius_m?: number | null
  status: FeatureStatus
  completion_year?: number | null
  owner?: string | null
  source?: string | null
}
export type FacilityFeature = Feature<Point, FacilityProperties>

export interface ServiceAreaProperties {
  id: string
  network: Network
  /** e.g. `water-supply`, `cell-coverage`. */
  kind: string
  name?: string | null
  status: FeatureStatus
  completion_year?: number | null
  owner?: string | null
  source?: string | null
}
export type ServiceAreaFeature = Feature<Polygon | MultiPolygon, ServiceAreaProperties>

export interface SiteProperties {
  id: string
  name: string
  type: SiteType
  status: SiteStatus
  capacity_households: number | null
  capacity_people: number | null
  /** e.g. `['school', 'clinic', 'market', 'jobs']`. */
  facilities: string[]
  /** Admin code of the unit the site lies in (any level), where known. */
  admin_code?: string | null
}
export type SiteFeature = Feature<Point, SiteProperties>

export interface HazardProperties {
  id: string
  kind: HazardKind
  severity: Severity
  name?: string | null
  source?: string | null
}
export type HazardFeature = Feature<Polygon | MultiPolygon, HazardProperties>

export type AdminUnitCollection = FeatureCollection<
  MultiPolygon | Polygon | null,
  AdminUnitProperties
>
export type VillageCollection = FeatureCollection<Point, VillageProperties>
export type NetworkLineCollection = FeatureCollection<
  LineString | MultiLineString,
  NetworkLineProperties
>
export type FacilityCollection = FeatureCollection<Point, FacilityProperties>
export type ServiceAreaCollection = FeatureCollection<Polygon | MultiPolygon, ServiceAreaProperties>
export type SiteCollection = FeatureCollection<Point, SiteProperties>
export type HazardCollection = FeatureCollection<Polygon | MultiPolygon, HazardProperties>

/** Everything an analysis needs about a region, as selected by the API from the database. */
export interface RegionData {
  villages: VillageFeature[]
  lines: NetworkLineFeature[]
  facilities: FacilityFeature[]
  serviceAreas: ServiceAreaFeature[]
  sites: SiteFeature[]
  hazards: HazardFeature[]
}

/** Returns the 12-digit code of the ancestor at `level` (prefix + zero padding). */
export function adminCodeAt(code: string, level: AdminLevel): string {
  const digits = ADMIN_CODE_DIGITS[level]
  return code.slice(0, digits).padEnd(12, '0')
}

/** Infers the level of a 12-digit code from its significant digits. */
export function adminLevelOfCode(code: string): AdminLevel {
  if (!/^\d{12}$/.test(code)) throw new RangeError(`not a 12-digit admin code: ${code}`)
  if (code.slice(2) === '0000000000') return 'province'
  if (code.slice(4) === '00000000') return 'city'
  if (code.slice(6) === '000000') return 'county'
  if (code.slice(9) === '000') return 'township'
  return 'village'
}

/** True when `code` lies within the unit `ancestor` (same significant prefix). */
export function isWithinAdmin(code: string, ancestor: string): boolean {
  const level = adminLevelOfCode(ancestor)
  return code.startsWith(ancestor.slice(0, ADMIN_CODE_DIGITS[level]))
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`)
}
