import { COVERAGE_NETWORKS } from '@tongcun/domain'
import type {
  CoverageNetwork,
  CoverageResult,
  CoverageStatus,
  CoverageSummary,
  NetworkCoverage,
  TerrainClass,
} from '@tongcun/domain'
import type { Feature, Point } from 'geojson'

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

function boundsOf(
  positions: readonly [number, number][],
): [number, number, number, number] | undefined {
  if (positions.length === 0) return undefined
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lng, lat] of positions) {
    west = Math.min(west, lng)
    south = Math.min(south, lat)
    east = Math.max(east, lng)
    north = Math.max(north, lat)
  }
  return [west, south, east, north]
}

/** Converts a result to a FeatureCollection (villages in code order; coordinates at 6 decimals). */
export function toCoverageFeatureCollection(result: CoverageResult): CoverageFeatureCollection {
  const bbox = boundsOf(result.villages.map((v) => v.position))
  return {
    type: 'FeatureCollection',
    ...(bbox ? { bbox } : {}),
    properties: { ruleset: result.ruleset, summary: result.summary },
    features: result.villages.map((village) => ({
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
    })),
  }
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
