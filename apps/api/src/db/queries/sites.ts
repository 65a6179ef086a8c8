/**
 * Siting data access: turns a planner request (admin unit, site statuses, model, cost type) into a
 * `SitingProblem` from the database — demand = relocation candidates (or all / listed villages),
 * candidates = resettlement sites — and computes the cost matrix (geodesic metres, metres along the
 * road network, or a matrix the planner brings). PostGIS selects; `@tongcun/siting` judges.
 */
import type { LineString, MultiLineString } from 'geojson'
import type { Kysely } from 'kysely'
import {
  DomainError,
  type CandidateOpen,
  type SiteFeature,
  type SitingContext,
  type SitingPlanRequest,
  type SitingProblem,
  type VillageFeature,
} from '@tongcun/domain'
import { geodesicDistanceM } from '@tongcun/spatial'
import {
  buildRoadGraph,
  chooseMetricCrs,
  createProjector,
  findNetworkNeighbours,
  projectLngLats,
} from '@tongcun/clustering'
import type { DB } from '../schema'
import { loadRegionData } from './region'
import { runRelocationAssessment, type ReusableCoverage } from './relocation'

/** Cost of a village–site pair with no road connection within the search limit (metres). */
export const UNREACHABLE_COST_M = 1e9
/** Network search limit when the request gives no maxCost (metres along roads). */
export const DEFAULT_NETWORK_LIMIT_M = 200_000

const lngLatOf = (feature: VillageFeature | SiteFeature): [number, number] => [
  feature.geometry.coordinates[0] as number,
  feature.geometry.coordinates[1] as number,
]

/**
 * Builds the problem for a planner request. Throws `admin-not-found`, `site-not-found` (unknown id
 * in `sites`/`siteIds`), `village-not-found` (unknown code in `demand`), `invalid-problem` (no
 * demand, no sites, matrix of the wrong shape).
 */
export async function buildSitingProblem(
  db: Kysely<DB>,
  request: SitingPlanRequest,
  options: {
    /** Coverage already computed for `request.admin` (candidate demand; see `runRelocationAssessment`). */
    coverage?: ReusableCoverage
  } = {},
): Promise<{ problem: SitingProblem; context: SitingContext }> {
  let villages: VillageFeature[]
  let sites: SiteFeature[]
  let roads: Array<{ geometry: LineString | MultiLineString }> = []
  const demandMode = request.demand ?? 'candidates'
  if (demandMode === 'candidates') {
    const run = await runRelocationAssessment(db, {
      adminCode: request.admin,
      rulesetId: request.ruleset ?? null,
      ...(options.coverage ? { coverage: options.coverage } : {}),
    })
    const chosen = new Set(run.assessments.filter((a) => a.isCandidate).map((a) => a.code))
    villages = run.region.villages.filter((v) => chosen.has(v.properties.code))
    sites = run.region.sites
    roads = run.region.lines.filter((line) => line.properties.network === 'road')
  } else {
    const region = await loadRegionData(db, { adminCode: request.admin })
    sites = region.sites
    roads = region.lines.filter((line) => line.properties.network === 'road')
    if (demandMode === 'all') villages = region.villages
    else {
      const byCode = new Map(region.villages.map((v) => [v.properties.code, v]))
      villages = demandMode.map((code) => {
        const village = byCode.get(code)
        if (!village) {
          throw new DomainError(
            'village-not-found',
            `No village ${code} in admin unit ${request.admin}`,
            { code },
          )
        }
        return village
      })
    }
  }
  villages = [...villages].sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1))
  if (villages.length === 0) {
    throw new DomainError(
      'invalid-problem',
      `No demand: admin unit ${request.admin} has no ${demandMode === 'candidates' ? 'relocation candidate ' : ''}villages`,
      { admin: request.admin },
    )
  }
  const siteById = new Map(sites.map((s) => [s.properties.id, s]))
  for (const id of [...Object.keys(request.sites ?? {}), ...(request.siteIds ?? [])]) {
    if (!siteById.has(id)) {
      throw new DomainError(
        'site-not-found',
        `No resettlement site ${id} within 20 km of admin unit ${request.admin}`,
        { id },
      )
    }
  }
  if (request.siteIds) {
    const keep = new Set(request.siteIds)
    sites = sites.filter((s) => keep.has(s.properties.id))
  }
  sites = [...sites].sort((a, b) => (a.properties.id < b.properties.id ? -1 : 1))
  if (sites.length === 0) {
    throw new DomainError(
      'invalid-problem',
      `No resettlement sites near admin unit ${request.admin}`,
      { admin: request.admin },
    )
  }

  const capacityMode = request.capacity ?? 'households'
  const demand = villages.map((v) => {
    const p = v.properties
    const weight = request.weight === 'poor_people' ? (p.poor_people ?? 0) : (p.population ?? 0)
    const size = capacityMode === 'people' ? (p.population ?? 0) : (p.households ?? 0)
    return { id: p.code, weight, size }
  })
  const candidates = sites.map((s) => {
    const capacity =
      capacityMode === 'none'
        ? null
        : capacityMode === 'people'
          ? s.properties.capacity_people
          : s.properties.capacity_households
    return {
      id: s.properties.id,
      open: request.sites?.[s.properties.id] ?? ('optional' as CandidateOpen),
      ...(capacity !== null && capacity !== undefined ? { capacity } : {}),
    }
  })

  let matrix: number[][]
  let unreachablePairs = 0
  if (request.costType === 'matrix') {
    const given = request.matrix
    if (
      !given ||
      given.length !== villages.length ||
      given.some((row) => row.length !== sites.length)
    ) {
      throw new DomainError(
        'invalid-problem',
        `matrix: expected ${villages.length} rows (villages by code) x ${sites.length} columns (sites by id)`,
        {
          villages: villages.map((v) => v.properties.code),
          sites: sites.map((s) => s.properties.id),
        },
      )
    }
    matrix = given
  } else if (request.costType === 'straight') {
    matrix = villages.map((v) => sites.map((s) => geodesicDistanceM(lngLatOf(v), lngLatOf(s))))
  } else {
    if (roads.length === 0) {
      throw new DomainError(
        'invalid-problem',
        `network costs need road lines, and admin unit ${request.admin} has none`,
      )
    }
    const points = [...villages.map(lngLatOf), ...sites.map(lngLatOf)]
    const crs = chooseMetricCrs(points)
    const graph = buildRoadGraph(
      roads.map((r) => r.geometry),
      createProjector(crs),
    )
    const projected = projectLngLats(points, crs)
    const limit = request.maxCost ?? DEFAULT_NETWORK_LIMIT_M
    const neighbours = findNetworkNeighbours(graph, projected.xs, projected.ys, limit)
    const distances = neighbours.distances
    if (!distances) throw new Error('findNetworkNeighbours returned no distances')
    const n = villages.length
    matrix = villages.map((_, i) => {
      const row = new Array<number>(sites.length).fill(UNREACHABLE_COST_M)
      const start = neighbours.offsets[i]!
      const end = neighbours.offsets[i + 1]!
      for (let k = start; k < end; k++) {
        const target = neighbours.targets[k]!
        if (target >= n) row[target - n] = distances[k]!
      }
      return row
    })
    for (const row of matrix)
      for (const value of row) if (value === UNREACHABLE_COST_M) unreachablePairs++
  }
  const problem: SitingProblem = {
    objective: request.model,
    ...(request.p !== undefined ? { p: request.p } : {}),
    ...(request.maxCost !== undefined && request.maxCost !== null
      ? { maxCost: request.maxCost }
      : {}),
    singleSource: request.singleSource ?? true,
    demand,
    candidates,
    matrix,
  }
  return {
    problem,
    context: {
      costType: request.costType,
      unreachablePairs,
      demand: villages.map((v, i) => ({
        id: v.properties.code,
        code: v.properties.code,
        name: v.properties.name,
        lngLat: lngLatOf(v),
        weight: demand[i]!.weight,
        size: demand[i]!.size,
      })),
      candidates: sites.map((s, j) => ({
        id: s.properties.id,
        name: s.properties.name,
        lngLat: lngLatOf(s),
        capacity: candidates[j]!.capacity ?? null,
        open: candidates[j]!.open,
      })),
    },
  }
}
