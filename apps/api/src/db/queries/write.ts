/**
 * Writes domain features into the database: the one path used by the sample seed and the importer.
 *
 * Upsert semantics: a feature whose key (`code` for admin units and villages, `id` otherwise) already
 * exists replaces every column of that row (the row keeps no values from the earlier version);
 * rows not in `features` are left untouched. Run inside a transaction (`db.transaction().execute`)
 * so a failing batch writes nothing.
 */
import type { Feature, Geometry } from 'geojson'
import type { Kysely, Transaction } from 'kysely'
import {
  DomainError,
  FACILITY_NETWORK,
  adminCodeAt,
  type AdminUnitFeature,
  type FacilityFeature,
  type FacilityKind,
  type HazardFeature,
  type ImportLayer,
  type Network,
  type NetworkLineFeature,
  type ServiceAreaFeature,
  type SiteFeature,
  type VillageFeature,
} from '@tongcun/domain'
import { fromGeoJson, multiFromGeoJson } from '../postgis'
import type { DB } from '../schema'

/** Any feature an import layer may hold. */
export type ImportFeature =
  | AdminUnitFeature
  | VillageFeature
  | NetworkLineFeature
  | ServiceAreaFeature
  | FacilityFeature
  | SiteFeature
  | HazardFeature

export interface InsertOptions {
  /** `import_log.id` recorded on every written row. */
  importId?: number | null
}

type Executor = Kysely<DB> | Transaction<DB>
type Row = Record<string, unknown>

/**
 * Inserts or replaces `features` of one import layer. Network layers (`road`, `water`, `power`,
 * `broadband`) hold lines (→ `network_line`) and service-area polygons (→ `service_area`), told apart
 * by geometry type. Features must already be validated (the importer does); a wrong geometry type
 * or a network that contradicts the layer throws `DomainError('invalid-geometry' | 'invalid-input')`.
 * @returns the number of rows written
 */
export async function insertFeatures(
  trx: Executor,
  layer: ImportLayer,
  features: readonly ImportFeature[] | readonly Feature[],
  options: InsertOptions = {},
): Promise<number> {
  const importId = options.importId ?? null
  const list = features as readonly Feature<Geometry | null, Record<string, unknown>>[]
  switch (layer) {
    case 'admin':
      return upsert(
        trx,
        'admin_unit',
        'code',
        list.map((f, i) => adminRow(f, i, importId)),
      )
    case 'villages':
      return upsert(
        trx,
        'village',
        'code',
        list.map((f, i) => villageRow(f, i, importId)),
      )
    case 'road':
    case 'water':
    case 'power':
    case 'broadband': {
      const lines: Row[] = []
      const areas: Row[] = []
      list.forEach((feature, index) => {
        const type = feature.geometry?.type
        if (type === 'LineString' || type === 'MultiLineString') {
          lines.push(lineRow(feature, index, layer, importId))
        } else if (type === 'Polygon' || type === 'MultiPolygon') {
          areas.push(serviceAreaRow(feature, index, layer, importId))
        } else {
          throw geometryError(layer, feature, index, 'a line or a service-area polygon')
        }
      })
      return (
        (await upsert(trx, 'network_line', 'id', lines)) +
        (await upsert(trx, 'service_area', 'id', areas))
      )
    }
    case 'facilities':
      return upsert(
        trx,
        'facility',
        'id',
        list.map((f, i) => facilityRow(f, i, importId)),
      )
    case 'sites':
      return upsert(
        trx,
        'resettlement_site',
        'id',
        list.map((f, i) => siteRow(f, i, importId)),
      )
    case 'hazards':
      return upsert(
        trx,
        'hazard_zone',
        'id',
        list.map((f, i) => hazardRow(f, i, importId)),
      )
    default: {
      const unknownLayer: never = layer
      throw new DomainError('invalid-input', `unknown import layer "${String(unknownLayer)}"`)
    }
  }
}

/** Max bind parameters per statement stay well under Postgres' 65,535. */
const MAX_PARAMETERS = 20_000

async function upsert(trx: Executor, table: keyof DB, key: string, rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0
  const columns = Object.keys(rows[0]!)
  const chunkSize = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length))
  const updateColumns = columns.filter((column) => column !== key)
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize)
    // The row objects are built per table below, so the dynamic table name is safe here.
    const query = (trx as unknown as Kysely<Record<string, Row>>)
      .insertInto(table)
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .column(key)
          .doUpdateSet((eb) =>
            Object.fromEntries(
              updateColumns.map((column) => [column, eb.ref(`excluded.${column}`)]),
            ),
          ),
      )
    await query.execute()
  }
  return rows.length
}

function adminRow(feature: GenericFeature, index: number, importId: number | null): Row {
  const p = feature.properties ?? {}
  const geometry = feature.geometry
  if (geometry && geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    throw geometryError('admin', feature, index, 'a Polygon, MultiPolygon or no geometry')
  }
  return {
    code: requiredString(p, 'code', 'admin', index),
    name: requiredString(p, 'name', 'admin', index),
    name_en: optionalString(p.name_en),
    level: requiredString(p, 'level', 'admin', index),
    parent_code: optionalString(p.parent_code),
    valid_from: optionalString(p.valid_from),
    valid_to: optionalString(p.valid_to),
    replaced_by: optionalString(p.replaced_by),
    geom: geometry ? multiFromGeoJson(geometry) : null,
    import_id: importId,
  }
}

function villageRow(feature: GenericFeature, index: number, importId: number | null): Row {
  const p = feature.properties ?? {}
  if (feature.geometry?.type !== 'Point') {
    throw geometryError('villages', feature, index, 'a Point (the village seat)')
  }
  const code = requiredString(p, 'code', 'villages', index)
  const boundary = p.boundary as Geometry | null | undefined
  return {
    code,
    name: requiredString(p, 'name', 'villages', index),
    name_en: optionalString(p.name_en),
    township_code: optionalString(p.township_code) ?? adminCodeAt(code, 'township'),
    county_code: optionalString(p.county_code) ?? adminCodeAt(code, 'county'),
    city_code: optionalString(p.city_code) ?? adminCodeAt(code, 'city'),
    province_code: optionalString(p.province_code) ?? adminCodeAt(code, 'province'),
    geom: fromGeoJson(feature.geometry),
    boundary:
      boundary && (boundary.type === 'Polygon' || boundary.type === 'MultiPolygon')
        ? multiFromGeoJson(boundary)
        : null,
    population: optionalNumber(p.population),
    households: optionalNumber(p.households),
    poor_households: optionalNumber(p.poor_households),
    poor_people: optionalNumber(p.poor_people),
    poverty_causes: stringArray(p.poverty_causes),
    elevation_m: optionalNumber(p.elevation_m),
    slope_deg: optionalNumber(p.slope_deg),
    land_per_person_mu: optionalNumber(p.land_per_person_mu),
    income_per_person_cny: optionalNumber(p.income_per_person_cny),
    flags: stringArray(p.flags),
    import_id: importId,
  }
}

function layerNetwork(p: Record<string, unknown>, layer: Network, index: number): Network {
  const network = optionalString(p.network) ?? layer
  if (network !== layer) {
    throw new DomainError(
      'invalid-input',
      `${layer} feature ${index} (${String(p.id ?? 'no id')}): network "${network}" does not match layer "${layer}"`,
      { layer, row: index, id: p.id, field: 'network' },
    )
  }
  return network
}

function lineRow(
  feature: GenericFeature,
  index: number,
  layer: Network,
  importId: number | null,
): Row {
  const p = feature.properties ?? {}
  return {
    id: requiredString(p, 'id', layer, index),
    network: layerNetwork(p, layer, index),
    name: optionalString(p.name),
    class: requiredString(p, 'class', layer, index),
    surface: optionalString(p.surface),
    voltage_kv: optionalNumber(p.voltage_kv),
    status: optionalString(p.status) ?? 'existing',
    completion_year: optionalNumber(p.completion_year),
    owner: optionalString(p.owner),
    source: optionalString(p.source),
    geom: multiFromGeoJson(feature.geometry!),
    import_id: importId,
  }
}

function serviceAreaRow(
  feature: GenericFeature,
  index: number,
  layer: Network,
  importId: number | null,
): Row {
  const p = feature.properties ?? {}
  return {
    id: requiredString(p, 'id', layer, index),
    network: layerNetwork(p, layer, index),
    kind: requiredString(p, 'kind', layer, index),
    name: optionalString(p.name),
    status: optionalString(p.status) ?? 'existing',
    completion_year: optionalNumber(p.completion_year),
    owner: optionalString(p.owner),
    source: optionalString(p.source),
    geom: multiFromGeoJson(feature.geometry!),
    import_id: importId,
  }
}

function facilityRow(feature: GenericFeature, index: number, importId: number | null): Row {
  const p = feature.properties ?? {}
  if (feature.geometry?.type !== 'Point')
    throw geometryError('facilities', feature, index, 'a Point')
  const kind = requiredString(p, 'kind', 'facilities', index) as FacilityKind
  return {
    id: requiredString(p, 'id', 'facilities', index),
    network: optionalString(p.network) ?? FACILITY_NETWORK[kind] ?? null,
    kind,
    name: optionalString(p.name),
    radius_m: optionalNumber(p.radius_m),
    status: optionalString(p.status) ?? 'existing',
    completion_year: optionalNumber(p.completion_year),
    owner: optionalString(p.owner),
    source: optionalString(p.source),
    geom: fromGeoJson(feature.geometry),
    import_id: importId,
  }
}

function siteRow(feature: GenericFeature, index: number, importId: number | null): Row {
  const p = feature.properties ?? {}
  if (feature.geometry?.type !== 'Point') throw geometryError('sites', feature, index, 'a Point')
  return {
    id: requiredString(p, 'id', 'sites', index),
    name: requiredString(p, 'name', 'sites', index),
    type: requiredString(p, 'type', 'sites', index),
    status: optionalString(p.status) ?? 'candidate',
    capacity_households: optionalNumber(p.capacity_households),
    capacity_people: optionalNumber(p.capacity_people),
    facilities: stringArray(p.facilities),
    admin_code: optionalString(p.admin_code),
    geom: fromGeoJson(feature.geometry),
    import_id: importId,
  }
}

function hazardRow(feature: GenericFeature, index: number, importId: number | null): Row {
  const p = feature.properties ?? {}
  const type = feature.geometry?.type
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw geometryError('hazards', feature, index, 'a Polygon or MultiPolygon')
  }
  return {
    id: requiredString(p, 'id', 'hazards', index),
    kind: requiredString(p, 'kind', 'hazards', index),
    severity: requiredString(p, 'severity', 'hazards', index),
    name: optionalString(p.name),
    source: optionalString(p.source),
    geom: multiFromGeoJson(feature.geometry!),
    import_id: importId,
  }
}

type GenericFeature = Feature<Geometry | null, Record<string, unknown> | null>

function featureKey(feature: GenericFeature): string {
  const p = feature.properties ?? {}
  return String(p.code ?? p.id ?? feature.id ?? 'no id')
}

function geometryError(layer: string, feature: GenericFeature, index: number, expected: string) {
  return new DomainError(
    'invalid-geometry',
    `${layer} feature ${index} (${featureKey(feature)}): geometry ${feature.geometry?.type ?? 'null'} is not ${expected}`,
    { layer, row: index, id: featureKey(feature), field: 'geometry' },
  )
}

function requiredString(
  p: Record<string, unknown>,
  field: string,
  layer: string,
  index: number,
): string {
  const value = p[field]
  if (typeof value === 'string' && value.trim() !== '') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new DomainError(
    'invalid-input',
    `${layer} feature ${index} (${String(p.code ?? p.id ?? 'no id')}): required property "${field}" is missing`,
    { layer, row: index, id: p.code ?? p.id, field },
  )
}

function optionalString(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  return String(value)
}

function optionalNumber(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

function stringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== '').map(String)
  return []
}
