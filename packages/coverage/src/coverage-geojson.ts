import { COVERAGE_NETWORKS } from '@tongcun/domain'
import type {
  CoverageNetwork,
  CoverageResult,
  CoverageStatus,
  CoverageSummary,
  NetworkCoverage,
  TerrainClass,
  VillageCoverage,
} from '@tongcun/domain'
import type { Feature, Point } from 'geojson'
import type { CoverageTable } from './assess-coverage'

export interface CoverageFeatureProperties {
  code: string
  name: string
  township_code: string
  county_code: string
  population: number | null
  poor_people: number | null
  terrain: TerrainClass
  coverage: Record<CoverageNetwork, NetworkCoverage>
  fullyCovered: boolean
}

/** The API/CLI GeoJSON: one Point feature per village, `bbox`, and `properties.summary`. */
export interface CoverageFeatureCollection {
  type: 'FeatureCollection'
  bbox?: [number, number, number, number]
  properties: { ruleset: CoverageResult['ruleset']; summary: CoverageSummary }
  features: Feature<Point, CoverageFeatureProperties>[]
}

/**
 * `[west, south, east, north]` of the village seats (degrees, WGS84), or undefined when the result
 * has no village — the `bbox` of the coverage GeoJSON, without building it.
 */
export function findCoverageBbox(
  result: CoverageResult | CoverageTable,
): [number, number, number, number] | undefined {
  const rows = rowsOf(result)
  if (rows.size === 0) return undefined
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let i = 0; i < rows.size; i++) {
    const [lng, lat] = rows.position(i)
    west = Math.min(west, lng)
    south = Math.min(south, lat)
    east = Math.max(east, lng)
    north = Math.max(north, lat)
  }
  return [west, south, east, north]
}

function toCoverageFeature(village: VillageCoverage): Feature<Point, CoverageFeatureProperties> {
  return {
    type: 'Feature',
    id: `village:${village.code}`,
    geometry: { type: 'Point', coordinates: village.position },
    properties: {
      code: village.code,
      name: village.name,
      township_code: village.township_code,
      county_code: village.county_code,
      population: village.population,
      poor_people: village.poor_people,
      terrain: village.terrain,
      coverage: village.coverage,
      fullyCovered: village.fullyCovered,
    },
  }
}

/**
 * A result's villages read one at a time: from a {@link CoverageResult} (already described) or a
 * {@link CoverageTable} (each village described when it is read, so that a national run never
 * holds 700k described villages and their 3.5M reason sentences at once).
 */
interface CoverageRows {
  size: number
  position(i: number): [number, number]
  village(i: number): VillageCoverage
}

function rowsOf(result: CoverageResult | CoverageTable): CoverageRows {
  if ('villages' in result) {
    const { villages } = result
    return {
      size: villages.length,
      position: (i) => villages[i]?.position ?? [0, 0],
      village: (i) => villages[i] as VillageCoverage,
    }
  }
  return {
    size: result.size,
    position: (i) => result.position(i),
    village: (i) => result.describeVillage(i),
  }
}

/** The collection without `features`, members in output order. */
function toCollectionHead(
  result: CoverageResult | CoverageTable,
): Omit<CoverageFeatureCollection, 'features'> {
  const bbox = findCoverageBbox(result)
  return {
    type: 'FeatureCollection',
    ...(bbox ? { bbox } : {}),
    properties: { ruleset: result.ruleset, summary: result.summary },
  }
}

/** Converts a result to a FeatureCollection (villages in code order; coordinates at 6 decimals). */
export function toCoverageFeatureCollection(result: CoverageResult): CoverageFeatureCollection {
  return { ...toCollectionHead(result), features: result.villages.map(toCoverageFeature) }
}

/**
 * The coverage GeoJSON as text, in pieces: concatenated, exactly the bytes of
 * `JSON.stringify(toCoverageFeatureCollection(result))`, but never one string of the whole — the
 * national set (~700k villages, ~1.5 GB) is longer than a V8 string can be. Yields the head
 * (`type`, `bbox`, `properties`, the opening of `features`), then `featuresPerChunk` features per
 * piece (default 16, ~70 KB: below V8's large-object size, so pieces die young instead of growing
 * the old generation; pieces after the first begin with the separating comma), then the closing
 * `]}`. Pieces end between features, so writing each as UTF-8 never splits a character.
 * @example
 * // Node: pulled as the file takes it (backpressure), never held whole.
 * await pipeline(Readable.from(stringifyCoverageGeoJson(result)), createWriteStream(file))
 */
export function* stringifyCoverageGeoJson(
  result: CoverageResult | CoverageTable,
  options: { featuresPerChunk?: number } = {},
): Generator<string, void, undefined> {
  const perChunk = options.featuresPerChunk ?? 16
  if (!Number.isInteger(perChunk) || perChunk < 1) {
    throw new RangeError(`featuresPerChunk must be a positive integer, got ${perChunk}`)
  }
  // The head serialised on its own, closing brace dropped: same members, same order as the whole.
  const head = JSON.stringify(toCollectionHead(result))
  yield `${head.slice(0, -1)},"features":[`
  const rows = rowsOf(result)
  for (let start = 0; start < rows.size; start += perChunk) {
    const parts: string[] = []
    for (let i = start; i < Math.min(rows.size, start + perChunk); i++) {
      parts.push(JSON.stringify(toCoverageFeature(rows.village(i))))
    }
    yield `${start === 0 ? '' : ','}${parts.join(',')}`
  }
  yield ']}'
}

/** One row of the gap list export. */
export interface GapRow {
  code: string
  name: string
  township_code: string
  county_code: string
  network: CoverageNetwork
  status: CoverageStatus
  completionYear: number | null
  reason: string
  reasonZh: string
  distanceM: number | null
  networkDistanceM: number | null
  nearestId: string | null
  gapLengthM: number | null
  costToClose: number | null
  population: number | null
  poor_people: number | null
  position: [number, number]
}

/**
 * Gap list: every (village, network) that is `gap` or `covered-when-planned`, by village code then
 * network order. `network` restricts to one network; `includePlanned: false` keeps only `gap`.
 */
export function listGapRows(
  result: CoverageResult,
  options: { network?: CoverageNetwork; includePlanned?: boolean } = {},
): GapRow[] {
  const rows: GapRow[] = []
  const includePlanned = options.includePlanned ?? true
  for (const village of result.villages) {
    for (const network of COVERAGE_NETWORKS) {
      if (options.network && options.network !== network) continue
      const item = village.coverage[network]
      if (item.status !== 'gap' && !(includePlanned && item.status === 'covered-when-planned'))
        continue
      rows.push({
        code: village.code,
        name: village.name,
        township_code: village.township_code,
        county_code: village.county_code,
        network,
        status: item.status,
        completionYear: item.completionYear,
        reason: item.reason,
        reasonZh: item.reasonZh,
        distanceM: item.distanceM,
        networkDistanceM: item.networkDistanceM,
        nearestId: item.nearestId,
        gapLengthM: item.gapLengthM,
        costToClose: item.costToClose,
        population: village.population,
        poor_people: village.poor_people,
        position: village.position,
      })
    }
  }
  return rows
}
