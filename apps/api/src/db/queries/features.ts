/**
 * Row → domain feature mapping for every layer table, and the column lists that feed it.
 * Feature ids follow STYLE ("stable strings from the data"): `village:<code>`, `admin:<code>`, and
 * the data's own `id` for network features, sites and hazards.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type {
  AdminLevel,
  AdminUnitFeature,
  FacilityFeature,
  FacilityKind,
  FeatureStatus,
  HazardFeature,
  HazardKind,
  Network,
  NetworkLineFeature,
  RoadSurface,
  ServiceAreaFeature,
  Severity,
  SiteFeature,
  SiteStatus,
  SiteType,
  VillageFeature,
} from '@tongcun/domain'
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson'
import { asGeoJson, asSimplifiedGeoJson } from '../postgis'
import type { DB } from '../schema'

/**
 * A row whose geometry is GeoJSON text from the database (`ST_AsGeoJSON`) or already a geometry
 * (read from WKB by a bulk select, `selectInKeyRanges`).
 */
type WithGeometry<Row extends { geometry: string }> = Omit<Row, 'geometry'> & {
  geometry: string | Geometry
}

function readGeometry(value: string | Geometry): Geometry {
  return typeof value === 'string' ? (JSON.parse(value) as Geometry) : value
}

const dateText = (column: string) => sql<string | null>`${sql.ref(column)}::text`

export function selectAdminUnits(db: Kysely<DB>) {
  return db
    .selectFrom('admin_unit')
    .select([
      'admin_unit.code',
      'admin_unit.name',
      'admin_unit.name_en',
      'admin_unit.level',
      'admin_unit.parent_code',
      dateText('admin_unit.valid_from').as('valid_from'),
      dateText('admin_unit.valid_to').as('valid_to'),
      'admin_unit.replaced_by',
      asSimplifiedGeoJson('admin_unit.geom').as('geometry'),
    ])
}
export type AdminUnitRow = RowOf<ReturnType<typeof selectAdminUnits>>

export function toAdminUnitFeature(row: AdminUnitRow): AdminUnitFeature {
  return {
    type: 'Feature',
    id: `admin:${row.code}`,
    geometry: row.geometry ? (JSON.parse(row.geometry) as Polygon | MultiPolygon) : null,
    properties: {
      code: row.code,
      name: row.name,
      name_en: row.name_en,
      level: row.level as AdminLevel,
      parent_code: row.parent_code,
      valid_from: row.valid_from,
      valid_to: row.valid_to,
      replaced_by: row.replaced_by,
    },
  }
}

/** The columns of `selectVillages` except geometry (bulk selects read it as WKB). */
export function selectVillagesAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('village')
    .select([
      'village.code',
      'village.name',
      'village.name_en',
      'village.township_code',
      'village.county_code',
      'village.city_code',
      'village.province_code',
      'village.population',
      'village.households',
      'village.poor_households',
      'village.poor_people',
      'village.poverty_causes',
      'village.elevation_m',
      'village.slope_deg',
      'village.land_per_person_mu',
      'village.income_per_person_cny',
      'village.flags',
    ])
}

export function selectVillages(db: Kysely<DB>) {
  return selectVillagesAttributes(db).select(asGeoJson('village.geom').as('geometry'))
}
export type VillageRow = RowOf<ReturnType<typeof selectVillages>>

export function toVillageFeature(row: WithGeometry<VillageRow>): VillageFeature {
  return {
    type: 'Feature',
    id: `village:${row.code}`,
    geometry: readGeometry(row.geometry) as Point,
    properties: {
      code: row.code,
      name: row.name,
      name_en: row.name_en,
      township_code: row.township_code,
      county_code: row.county_code,
      city_code: row.city_code,
      province_code: row.province_code,
      population: row.population,
      households: row.households,
      poor_households: row.poor_households,
      poor_people: row.poor_people,
      poverty_causes: row.poverty_causes ?? [],
      elevation_m: row.elevation_m,
      slope_deg: row.slope_deg,
      land_per_person_mu: row.land_per_person_mu,
      income_per_person_cny: row.income_per_person_cny,
      flags: row.flags ?? [],
    },
  }
}

/** The columns of `selectNetworkLines` except geometry (bulk selects read it as WKB). */
export function selectNetworkLinesAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('network_line')
    .select([
      'network_line.id',
      'network_line.network',
      'network_line.name',
      'network_line.class',
      'network_line.surface',
      'network_line.voltage_kv',
      'network_line.status',
      'network_line.completion_year',
      'network_line.owner',
      'network_line.source',
    ])
}

export function selectNetworkLines(db: Kysely<DB>) {
  return selectNetworkLinesAttributes(db).select(
    asSimplifiedGeoJson('network_line.geom').$notNull().as('geometry'),
  )
}
export type NetworkLineRow = RowOf<ReturnType<typeof selectNetworkLines>>

export function toNetworkLineFeature(row: WithGeometry<NetworkLineRow>): NetworkLineFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: readGeometry(row.geometry) as LineString | MultiLineString,
    properties: {
      id: row.id,
      network: row.network as Network,
      name: row.name,
      class: row.class,
      surface: row.surface as RoadSurface | null,
      voltage_kv: row.voltage_kv,
      status: row.status as FeatureStatus,
      completion_year: row.completion_year,
      owner: row.owner,
      source: row.source,
    },
  }
}

/** The columns of `selectFacilities` except geometry (bulk selects read it as WKB). */
export function selectFacilitiesAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('facility')
    .select([
      'facility.id',
      'facility.network',
      'facility.kind',
      'facility.name',
      'facility.radius_m',
      'facility.status',
      'facility.completion_year',
      'facility.owner',
      'facility.source',
    ])
}

export function selectFacilities(db: Kysely<DB>) {
  return selectFacilitiesAttributes(db).select(asGeoJson('facility.geom').as('geometry'))
}
export type FacilityRow = RowOf<ReturnType<typeof selectFacilities>>

export function toFacilityFeature(row: WithGeometry<FacilityRow>): FacilityFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: readGeometry(row.geometry) as Point,
    properties: {
      id: row.id,
      network: row.network as Network,
      kind: row.kind as FacilityKind,
      name: row.name,
      radius_m: row.radius_m,
      status: row.status as FeatureStatus,
      completion_year: row.completion_year,
      owner: row.owner,
      source: row.source,
    },
  }
}

/** The columns of `selectServiceAreas` except geometry (bulk selects read it as WKB). */
export function selectServiceAreasAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('service_area')
    .select([
      'service_area.id',
      'service_area.network',
      'service_area.kind',
      'service_area.name',
      'service_area.status',
      'service_area.completion_year',
      'service_area.owner',
      'service_area.source',
    ])
}

export function selectServiceAreas(db: Kysely<DB>) {
  return selectServiceAreasAttributes(db).select(
    asSimplifiedGeoJson('service_area.geom').$notNull().as('geometry'),
  )
}
export type ServiceAreaRow = RowOf<ReturnType<typeof selectServiceAreas>>

export function toServiceAreaFeature(row: WithGeometry<ServiceAreaRow>): ServiceAreaFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: readGeometry(row.geometry) as Polygon | MultiPolygon,
    properties: {
      id: row.id,
      network: row.network as Network,
      kind: row.kind,
      name: row.name,
      status: row.status as FeatureStatus,
      completion_year: row.completion_year,
      owner: row.owner,
      source: row.source,
    },
  }
}

/** The columns of `selectSites` except geometry (bulk selects read it as WKB). */
export function selectSitesAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('resettlement_site')
    .select([
      'resettlement_site.id',
      'resettlement_site.name',
      'resettlement_site.type',
      'resettlement_site.status',
      'resettlement_site.capacity_households',
      'resettlement_site.capacity_people',
      'resettlement_site.facilities',
      'resettlement_site.admin_code',
    ])
}

export function selectSites(db: Kysely<DB>) {
  return selectSitesAttributes(db).select(asGeoJson('resettlement_site.geom').as('geometry'))
}
export type SiteRow = RowOf<ReturnType<typeof selectSites>>

export function toSiteFeature(row: WithGeometry<SiteRow>): SiteFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: readGeometry(row.geometry) as Point,
    properties: {
      id: row.id,
      name: row.name,
      type: row.type as SiteType,
      status: row.status as SiteStatus,
      capacity_households: row.capacity_households,
      capacity_people: row.capacity_people,
      facilities: row.facilities ?? [],
      admin_code: row.admin_code,
    },
  }
}

/** The columns of `selectHazards` except geometry (bulk selects read it as WKB). */
export function selectHazardsAttributes(db: Kysely<DB>) {
  return db
    .selectFrom('hazard_zone')
    .select([
      'hazard_zone.id',
      'hazard_zone.kind',
      'hazard_zone.severity',
      'hazard_zone.name',
      'hazard_zone.source',
    ])
}

export function selectHazards(db: Kysely<DB>) {
  return selectHazardsAttributes(db).select(
    asSimplifiedGeoJson('hazard_zone.geom').$notNull().as('geometry'),
  )
}
export type HazardRow = RowOf<ReturnType<typeof selectHazards>>

export function toHazardFeature(row: WithGeometry<HazardRow>): HazardFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: readGeometry(row.geometry) as Polygon | MultiPolygon,
    properties: {
      id: row.id,
      kind: row.kind as HazardKind,
      severity: row.severity as Severity,
      name: row.name,
      source: row.source,
    },
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RowOf<Q> = Q extends SelectQueryBuilder<any, any, infer O> ? O : never
