/**
 * The input of a coverage run in typed arrays, for handing to a worker thread: GeoJSON objects
 * cost ~1 s per 100k features to structured-clone (nested coordinate arrays), while these columns
 * are moved without a copy. Only what the analysis reads is kept (ids and codes, the attributes the
 * rules test, coordinates); names and other attributes stay with the caller, who writes the reasons.
 *
 * The unpacked region has the same villages in the same order, every line of the networks asked for
 * and the facilities and service areas their rules can use, so that the nearest feature and blocker
 * indexes of the findings mean the same feature on both sides; {@link liftFindings} turns the
 * covering area and cell-site indexes back into rows of the full layers.
 */
import type { CoverageNetwork, RegionData, RuleSet } from '@tongcun/domain'
import type { Geometry } from 'geojson'
import { COVERED_BY_AREA, COVERED_BY_CELL } from './assess-coverage'
import type { NetworkFindings, SortedLayers } from './assess-coverage'
import type { FlatLineGeometry } from './network-layer'

/** One layer in columns. */
export interface PackedLayer {
  count: number
  /** The id (villages: the code) of each feature, joined by U+0000. */
  ids: string
  /** Numeric attributes; NaN stands for null. */
  numbers: Record<string, Float64Array>
  /** Text attributes: distinct values, and per feature 1 + the value's index (0: null). */
  texts: Record<string, { values: string[]; codes: Uint16Array }>
  /** Per feature: 0 none, 1 Point, 2 LineString, 3 MultiLineString, 4 Polygon, 5 MultiPolygon. */
  geometryType: Uint8Array
  /** Part, ring and position counts, feature after feature (see {@link packLayer}). */
  counts: Int32Array
  /** lng, lat of every position, in order. */
  coordinates: Float64Array
}

export interface PackedCoverageInput {
  villages: PackedLayer
  lines: PackedLayer
  facilities: PackedLayer
  serviceAreas: PackedLayer
}

/**
 * Every attribute the analysis and its reasons read of each layer (besides geometry): the villages'
 * codes, name, counts and slope (terrain class); the rules' fields and the names the reasons
 * quote. A caller that selects a region for coverage alone needs no more (the CLI's national
 * select, `loadRegionData({ forCoverage: true })` in apps/api, is tested against the whole select).
 * Add a name here when the analysis starts reading it.
 */
export const COVERAGE_READS = {
  villages: [
    'code',
    'name',
    'township_code',
    'county_code',
    'population',
    'poor_people',
    'slope_deg',
  ],
  lines: ['id', 'network', 'name', 'class', 'surface', 'voltage_kv', 'status', 'completion_year'],
  facilities: ['id', 'network', 'kind', 'name', 'radius_m', 'status', 'completion_year'],
  serviceAreas: ['id', 'network', 'kind', 'name', 'status', 'completion_year'],
} as const

/** Layer fields: where the id is, which attributes are numbers and which are text. */
interface LayerFields {
  id: string
  numbers: readonly string[]
  texts: readonly string[]
}

const VILLAGE_FIELDS: LayerFields = { id: 'code', numbers: ['slope_deg'], texts: [] }
const LINE_FIELDS: LayerFields = {
  id: 'id',
  numbers: ['completion_year', 'voltage_kv'],
  texts: ['network', 'class', 'surface', 'status'],
}
const FACILITY_FIELDS: LayerFields = {
  id: 'id',
  numbers: ['completion_year', 'radius_m'],
  texts: ['kind', 'status'],
}
const AREA_FIELDS: LayerFields = {
  id: 'id',
  numbers: ['completion_year'],
  texts: ['network', 'kind', 'status'],
}

const GEOMETRY_TYPES = [
  null,
  'Point',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
] as const

const SEPARATOR = '\u0000'

interface PackableFeature {
  properties: Record<string, unknown>
  geometry: Geometry | FlatLineGeometry | null
}

/** Thrown for input this format cannot carry (the caller then runs the analysis in one thread). */
export class UnpackableInputError extends Error {
  override name = 'UnpackableInputError'
}

function packLayer(
  layer: string,
  features: readonly PackableFeature[],
  fields: LayerFields,
): PackedLayer {
  const count = features.length
  const ids: string[] = new Array<string>(count)
  const numbers: Record<string, Float64Array> = {}
  for (const field of fields.numbers) numbers[field] = new Float64Array(count)
  const texts: Record<string, { values: string[]; codes: Uint16Array }> = {}
  const lookups = new Map<string, Map<string, number>>()
  for (const field of fields.texts) {
    texts[field] = { values: [], codes: new Uint16Array(count) }
    lookups.set(field, new Map())
  }
  const geometryType = new Uint8Array(count)
  let countLength = 0
  let positionCount = 0
  // Pass 1: attributes and sizes.
  features.forEach((feature, i) => {
    const props = feature.properties
    const id = props[fields.id]
    if (typeof id !== 'string' || id.includes(SEPARATOR))
      throw new UnpackableInputError(`${layer}[${i}].${fields.id} is not a plain string`)
    ids[i] = id
    for (const field of fields.numbers) {
      const value = props[field]
      if (value !== null && value !== undefined && typeof value !== 'number')
        throw new UnpackableInputError(`${layer}[${i}].${field} is not a number`)
      ;(numbers[field] as Float64Array)[i] = typeof value === 'number' ? value : NaN
    }
    for (const field of fields.texts) {
      const value = props[field]
      if (value === null || value === undefined) continue
      if (typeof value !== 'string')
        throw new UnpackableInputError(`${layer}[${i}].${field} is not text`)
      const lookup = lookups.get(field) as Map<string, number>
      const column = texts[field] as { values: string[]; codes: Uint16Array }
      let code = lookup.get(value)
      if (code === undefined) {
        if (column.values.length >= 0xfffe)
          throw new UnpackableInputError(`${layer}.${field} has too many distinct values`)
        column.values.push(value)
        code = column.values.length
        lookup.set(value, code)
      }
      column.codes[i] = code
    }
    const geometry = feature.geometry
    if (!geometry) return
    const type = GEOMETRY_TYPES.indexOf(geometry.type as (typeof GEOMETRY_TYPES)[number])
    if (type <= 0) throw new UnpackableInputError(`${layer}[${i}] has a ${geometry.type} geometry`)
    geometryType[i] = type
    switch (geometry.type) {
      case 'Point':
        positionCount += 1
        break
      case 'LineString':
        countLength += 1
        positionCount += geometry.coordinates.length
        break
      case 'MultiLineString':
      case 'Polygon':
        countLength += 1 + geometry.coordinates.length
        for (const part of geometry.coordinates) positionCount += part.length
        break
      case 'MultiPolygon':
        countLength += 1
        for (const polygon of geometry.coordinates) {
          countLength += 1 + polygon.length
          for (const ring of polygon) positionCount += ring.length
        }
        break
    }
  })
  // Pass 2: counts and coordinates.
  const counts = new Int32Array(countLength)
  const coordinates = new Float64Array(positionCount * 2)
  let c = 0
  let p = 0
  const put = (positions: readonly (readonly number[])[]) => {
    for (const position of positions) {
      coordinates[p++] = position[0] ?? 0
      coordinates[p++] = position[1] ?? 0
    }
  }
  for (const feature of features) {
    const geometry = feature.geometry
    if (!geometry) continue
    switch (geometry.type) {
      case 'Point':
        put([geometry.coordinates])
        break
      case 'LineString':
        counts[c++] = geometry.coordinates.length
        put(geometry.coordinates)
        break
      case 'MultiLineString':
      case 'Polygon':
        counts[c++] = geometry.coordinates.length
        for (const part of geometry.coordinates) counts[c++] = part.length
        for (const part of geometry.coordinates) put(part)
        break
      case 'MultiPolygon':
        counts[c++] = geometry.coordinates.length
        for (const polygon of geometry.coordinates) {
          counts[c++] = polygon.length
          for (const ring of polygon) counts[c++] = ring.length
          for (const ring of polygon) put(ring)
        }
        break
      default:
        break
    }
  }
  return { count, ids: ids.join(SEPARATOR), numbers, texts, geometryType, counts, coordinates }
}

/**
 * Features of a packed layer. (Multi)LineStrings come back as {@link FlatLineGeometry} (views on
 * the packed coordinates: no array per position), which the analysis reads as it reads the originals.
 */
function unpackLayer(packed: PackedLayer, fields: LayerFields): PackableFeature[] {
  const ids = packed.count > 0 ? packed.ids.split(SEPARATOR) : []
  const features: PackableFeature[] = new Array<PackableFeature>(packed.count)
  let c = 0
  let p = 0
  const { counts, coordinates } = packed
  const take = (n: number): number[][] => {
    const positions: number[][] = new Array<number[]>(n)
    for (let k = 0; k < n; k++) {
      positions[k] = [coordinates[p] ?? 0, coordinates[p + 1] ?? 0]
      p += 2
    }
    return positions
  }
  const parts = (): number[][][] => {
    const partCount = counts[c++] ?? 0
    const sizes = Array.from({ length: partCount }, () => counts[c++] ?? 0)
    return sizes.map((n) => take(n))
  }
  const flatParts = (partCount: number): FlatLineGeometry => {
    const sizes: number[] = []
    for (let k = 0; k < partCount; k++) sizes.push(counts[c++] ?? 0)
    return {
      type: 'FlatLines',
      parts: sizes.map((n) => {
        const view = coordinates.subarray(p, p + 2 * n)
        p += 2 * n
        return view
      }),
    }
  }
  for (let i = 0; i < packed.count; i++) {
    const properties: Record<string, unknown> = { [fields.id]: ids[i] ?? '' }
    for (const field of fields.numbers) {
      const value = packed.numbers[field]?.[i] ?? NaN
      properties[field] = Number.isNaN(value) ? null : value
    }
    for (const field of fields.texts) {
      const column = packed.texts[field]
      const code = column?.codes[i] ?? 0
      properties[field] = code === 0 ? null : (column?.values[code - 1] ?? null)
    }
    let geometry: Geometry | FlatLineGeometry | null = null
    switch (GEOMETRY_TYPES[packed.geometryType[i] ?? 0]) {
      case 'Point':
        geometry = { type: 'Point', coordinates: take(1)[0] ?? [0, 0] }
        break
      case 'LineString':
        geometry = flatParts(1)
        break
      case 'MultiLineString':
        geometry = flatParts(counts[c++] ?? 0)
        break
      case 'Polygon':
        geometry = { type: 'Polygon', coordinates: parts() }
        break
      case 'MultiPolygon': {
        const polygonCount = counts[c++] ?? 0
        const polygons: number[][][][] = []
        for (let k = 0; k < polygonCount; k++) polygons.push(parts())
        geometry = { type: 'MultiPolygon', coordinates: polygons }
        break
      }
      default:
        break
    }
    features[i] = { properties, geometry }
  }
  return features
}

/**
 * What a run of `networks` under `ruleset` needs of a region, in columns: every village; the lines
 * of those networks; the facilities and service areas their rules can use (bus stops for bus,
 * source kinds and cell sites for the line networks, the networks' own service areas). `sorted`
 * are the layers as the run that will finish the table sorted them (`CoverageRun.layers`),
 * so the findings of both sides index the same features and the other side sorts nothing. Throws
 * {@link UnpackableInputError} for what the format cannot carry (an id with U+0000, a
 * non-numeric year, a GeometryCollection).
 * @returns the packed input, the buffers to transfer with it, and where each packed facility and
 *   service area sits in this side's sorted layers (for {@link liftFindings})
 */
export function packCoverageInput(
  sorted: SortedLayers,
  ruleset: RuleSet,
  networks: readonly CoverageNetwork[],
): {
  input: PackedCoverageInput
  transfer: ArrayBuffer[]
  rows: PackedRows
} {
  const lineNetworks = new Set<string>(networks.map((n) => (n === 'bus' ? 'road' : n)))
  const facilityKinds = new Set<string>()
  for (const network of networks) {
    if (network === 'bus') facilityKinds.add('bus-stop')
    if (network === 'road' || network === 'bus') continue
    const rule = ruleset[network]
    if (!rule) continue
    for (const kind of rule.sourceKinds) facilityKinds.add(kind)
    if (rule.countCellSites) facilityKinds.add('cell-site')
  }
  const facilityRows: number[] = []
  sorted.facilities.forEach((facility, i) => {
    if (facilityKinds.has(facility.properties.kind)) facilityRows.push(i)
  })
  const serviceAreaRows: number[] = []
  sorted.serviceAreas.forEach((area, i) => {
    if (lineNetworks.has(area.properties.network)) serviceAreaRows.push(i)
  })
  const asPackable = (features: readonly unknown[]) => features as readonly PackableFeature[]
  const input: PackedCoverageInput = {
    villages: packLayer('villages', asPackable(sorted.villages), VILLAGE_FIELDS),
    lines: packLayer(
      'lines',
      asPackable(sorted.lines.filter((line) => lineNetworks.has(line.properties.network))),
      LINE_FIELDS,
    ),
    facilities: packLayer(
      'facilities',
      asPackable(facilityRows.map((i) => sorted.facilities[i])),
      FACILITY_FIELDS,
    ),
    serviceAreas: packLayer(
      'serviceAreas',
      asPackable(serviceAreaRows.map((i) => sorted.serviceAreas[i])),
      AREA_FIELDS,
    ),
  }
  const transfer: ArrayBuffer[] = []
  const add = (array: ArrayBufferView) => transfer.push(array.buffer as ArrayBuffer)
  for (const layer of Object.values(input) as PackedLayer[]) {
    add(layer.geometryType)
    add(layer.counts)
    add(layer.coordinates)
    for (const column of Object.values(layer.numbers)) add(column)
    for (const column of Object.values(layer.texts)) add(column.codes)
  }
  return {
    input,
    transfer,
    rows: {
      facilities: Int32Array.from(facilityRows),
      serviceAreas: Int32Array.from(serviceAreaRows),
    },
  }
}

/** Row of each packed facility and service area in the packing side's sorted layers. */
export interface PackedRows {
  facilities: Int32Array
  serviceAreas: Int32Array
}

/**
 * Findings computed on the unpacked input, with their facility and service-area indexes turned into
 * rows of the packing side (the lines, villages and bus stops are the same on both sides). In place.
 */
export function liftFindings(findings: readonly NetworkFindings[], rows: PackedRows): void {
  for (const found of findings) {
    for (const stage of [found.today, found.planned]) {
      for (let i = 0; i < stage.coveredBy.length; i++) {
        const by = stage.coveredBy[i]
        if (by !== COVERED_BY_AREA && by !== COVERED_BY_CELL) continue
        const table = by === COVERED_BY_AREA ? rows.serviceAreas : rows.facilities
        const local = stage.coveredByIndex[i] ?? -1
        const row = table[local]
        if (row === undefined)
          throw new RangeError(`finding refers to packed row ${local}, not packed`)
        stage.coveredByIndex[i] = row
      }
    }
  }
}

/**
 * The region {@link packCoverageInput} packed (only the attributes the analysis reads; line
 * geometry as {@link FlatLineGeometry}), for {@link createCoverageRun}.
 */
export function unpackCoverageInput(input: PackedCoverageInput): RegionData {
  return {
    villages: unpackLayer(input.villages, VILLAGE_FIELDS),
    lines: unpackLayer(input.lines, LINE_FIELDS),
    facilities: unpackLayer(input.facilities, FACILITY_FIELDS),
    serviceAreas: unpackLayer(input.serviceAreas, AREA_FIELDS),
    sites: [],
    hazards: [],
  } as unknown as RegionData
}
