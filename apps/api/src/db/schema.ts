/**
 * Kysely table types. Column names are the domain model's snake_case property names.
 * Geometry columns are typed `string` only so Kysely can name them: read them through
 * `asGeoJson` and write them through `fromGeoJson` (src/db/postgis.ts), never as plain values.
 * `geog` columns are generated (`geom::geography`, GiST-indexed) for metric SQL; never written.
 */
import type { ColumnType, Generated } from 'kysely'

/** A PostGIS geometry/geography column: write with `fromGeoJson(...)`, read with `asGeoJson(...)`. */
type GeometryColumn = ColumnType<string, unknown, unknown>
type NullableGeometryColumn = ColumnType<string | null, unknown, unknown>
type GeneratedGeography = ColumnType<string, never, never>
/** `date` columns are read as `YYYY-MM-DD` text via `::text` casts in queries; written as ISO strings. */
type DateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface AdminUnitTable {
  code: string
  name: string
  name_en: string | null
  level: string
  parent_code: string | null
  valid_from: DateColumn
  valid_to: DateColumn
  replaced_by: string | null
  geom: NullableGeometryColumn
  import_id: number | null
}

export interface VillageTable {
  code: string
  name: string
  name_en: string | null
  township_code: string
  county_code: string
  city_code: string
  province_code: string
  geom: GeometryColumn
  geog: GeneratedGeography
  boundary: NullableGeometryColumn
  population: number | null
  households: number | null
  poor_households: number | null
  poor_people: number | null
  poverty_causes: string[]
  elevation_m: number | null
  slope_deg: number | null
  land_per_person_mu: number | null
  income_per_person_cny: number | null
  flags: string[]
  import_id: number | null
}

interface NetworkFeatureColumns {
  id: string
  network: string
  name: string | null
  status: string
  completion_year: number | null
  owner: string | null
  source: string | null
  geom: GeometryColumn
  geog: GeneratedGeography
  import_id: number | null
}

export interface NetworkLineTable extends NetworkFeatureColumns {
  class: string
  surface: string | null
  voltage_kv: number | null
}

export interface FacilityTable extends NetworkFeatureColumns {
  kind: string
  radius_m: number | null
}

export interface ServiceAreaTable extends NetworkFeatureColumns {
  kind: string
}

export interface ResettlementSiteTable {
  id: string
  name: string
  type: string
  status: string
  capacity_households: number | null
  capacity_people: number | null
  facilities: string[]
  admin_code: string | null
  geom: GeometryColumn
  geog: GeneratedGeography
  import_id: number | null
}

export interface HazardZoneTable {
  id: string
  kind: string
  severity: string
  name: string | null
  source: string | null
  geom: GeometryColumn
  geog: GeneratedGeography
  import_id: number | null
}

export interface ImportLogTable {
  id: Generated<number>
  layer: string
  file_name: string
  format: string
  /** Declared source CRS (`WGS84` | `CGCS2000` | `GCJ02` | `BD09`); data is stored converted to WGS84. */
  source_crs: string
  encoding: string | null
  status: 'committed' | 'rejected'
  feature_count: number
  error_count: number
  /** JSON report (issues, counts); write as `JSON.stringify(...)`. */
  report: ColumnType<unknown, string, string>
  started_at: Timestamp
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface RulesetTable {
  id: string
  version: number
  name: string
  /** Ruleset JSON; write as `JSON.stringify(...)`. */
  body: ColumnType<unknown, string, string>
  created_at: Generated<Date>
}

export interface RelocationDecisionTable {
  village_code: string
  decision: 'confirmed' | 'declined' | 'pending'
  note: string | null
  decided_at: Generated<Date>
}

export interface DB {
  admin_unit: AdminUnitTable
  village: VillageTable
  network_line: NetworkLineTable
  facility: FacilityTable
  service_area: ServiceAreaTable
  resettlement_site: ResettlementSiteTable
  hazard_zone: HazardZoneTable
  import_log: ImportLogTable
  ruleset: RulesetTable
  relocation_decision: RelocationDecisionTable
}

/** Every table of the data model, in an order safe for TRUNCATE and DROP. */
export const TABLES: readonly (keyof DB)[] = [
  'relocation_decision',
  'village',
  'admin_unit',
  'network_line',
  'facility',
  'service_area',
  'resettlement_site',
  'hazard_zone',
  'import_log',
  'ruleset',
]
