import { centroid } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson'
import {
  DomainError,
  type AdminSpan,
  type RegionAreaSummary,
  type RegionParams,
} from '@tongcun/domain'
import { adminCodesOfProperties, spanOfAdminCodes } from './admin-span'
import { featureKey, propertiesOf, rankByKey } from './cluster-villages'
import {
  delaunayContiguity,
  edgeContiguity,
  polygonContiguity,
  type ContiguityGraph,
} from './contiguity'
import { outlineOfPoints } from './outline'
import { chooseMetricCrs, projectLngLats, type MetricCrs } from './projection'
import {
  growMaxP,
  improveByMoves,
  relabelByRank,
  skater,
  totalWithinSsd,
  type RegionProblem,
} from './regionalize-core'

export type RegionInput = Feature<Point | Polygon | MultiPolygon, object | null>

export interface RegionalizeOptions {
  /** Numeric properties to make areas homogeneous in (standardized to z-scores; missing values → mean). */
  attributes: string[]
  /** Number of areas (SKATER + local search). */
  k?: number | null
  /** Each area must have at least `min` of `field` summed (max-p growth + local search; with `k`, a SKATER cut constraint). */
  floor?: { field: string; min: number } | null
  /** Seed of the max-p growth orders. Default 1. */
  seed?: number
  /** Max-p growth iterations (different seeded orders). Default 16. */
  iterations?: number
  /** Drop Delaunay edges longer than this (metres) before bridging parts; default keep all. */
  maxEdgeM?: number | null
  /** Explicit contiguity edges between feature indices (e.g. a queen table) instead of Delaunay/polygons. */
  edges?: ReadonlyArray<readonly [number, number]>
  crs?: MetricCrs
}

export interface RegionAssignment {
  id: string
  region: number
}

export interface RegionOutlineProperties extends RegionAreaSummary {
  kind: 'region-outline'
}

export interface RegionalizeResult {
  params: RegionParams
  /** Total within-area SSD of the standardized attributes (lower is better). */
  objective: number
  /** Whether every area meets the floor (always true without a floor). */
  floorMet: boolean
  assignments: RegionAssignment[]
  areas: RegionAreaSummary[]
  contiguity: {
    edgeCount: number
    bridges: Array<{ from: string; to: string; distanceM: number }>
    prunedEdgeCount: number
  }
  outlines: FeatureCollection<Polygon | MultiPolygon, RegionOutlineProperties>
  /** The graph used (neighbour lists by input index), for contiguity checks. */
  graph: ContiguityGraph
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value)
  return null
}

function representativePoint(geometry: Geometry): [number, number] {
  if (geometry.type === 'Point')
    return [geometry.coordinates[0] as number, geometry.coordinates[1] as number]
  const c = centroid(geometry).geometry.coordinates
  return [c[0] as number, c[1] as number]
}

/**
 * Partitions villages (points or polygons) into contiguous planning areas that ignore admin lines,
 * minimising the total within-area sum of squared deviations (SSD) of standardized attributes.
 * With `k`: SKATER then local search. With only `floor`: max-p growth (seeded) then local search.
 * Contiguity: Delaunay of points (metres, UTM of the centroid) or shared polygon vertices; separate parts
 * are bridged to their nearest neighbours. Deterministic for a given seed.
 */
export function regionalizeVillages(
  features: readonly RegionInput[],
  options: RegionalizeOptions,
): RegionalizeResult {
  const n = features.length
  if (n === 0) throw new DomainError('empty-input', 'regionalization needs at least one feature')
  if (options.attributes.length === 0)
    throw new DomainError('invalid-input', 'give at least one attribute', { field: 'attributes' })
  const k = options.k ?? null
  const floor = options.floor ?? null
  if (k === null && floor === null)
    throw new DomainError('invalid-input', 'give k (number of areas) or a floor (field:min)', {
      field: 'k',
    })
  if (k !== null && (!Number.isInteger(k) || k < 1 || k > n)) {
    throw new DomainError(
      'invalid-input',
      `k must be an integer from 1 to ${n} (the number of features), got ${k}`,
      { field: 'k' },
    )
  }
  if (floor && !(floor.min > 0))
    throw new DomainError('invalid-input', `floor minimum must be positive, got ${floor.min}`, {
      field: 'floor',
    })
  const seed = options.seed ?? 1
  const keys = features.map((f, i) => featureKey(f, i))
  const rank = rankByKey(keys)
  const points = features.map((f, i) => {
    if (!f.geometry)
      throw new DomainError('invalid-geometry', `feature ${keys[i]} (index ${i}) has no geometry`, {
        row: i,
        id: keys[i],
      })
    return representativePoint(f.geometry)
  })
  const d = options.attributes.length
  const values = new Float64Array(n * d)
  options.attributes.forEach((attribute, t) => {
    const raw = features.map((f) => numeric(propertiesOf(f)?.[attribute]))
    const present = raw.filter((v): v is number => v !== null)
    if (present.length === 0) {
      throw new DomainError(
        'invalid-input',
        `attribute "${attribute}" has no numeric value on any feature`,
        { field: attribute },
      )
    }
    const mean = present.reduce((a, b) => a + b, 0) / present.length
    const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length)
    raw.forEach((v, i) => (values[i * d + t] = v === null || sd === 0 ? 0 : (v - mean) / sd))
  })
  let floorValues: Float64Array | null = null
  if (floor) {
    floorValues = Float64Array.from(
      features.map((f) => numeric(propertiesOf(f)?.[floor.field]) ?? 0),
    )
    if (!features.some((f) => numeric(propertiesOf(f)?.[floor.field]) !== null)) {
      throw new DomainError(
        'invalid-input',
        `floor field "${floor.field}" has no numeric value on any feature`,
        { field: floor.field },
      )
    }
  }
  const crs = options.crs ?? chooseMetricCrs(points)
  const { xs, ys } = projectLngLats(points, crs)
  let graph: ContiguityGraph
  if (options.edges) graph = edgeContiguity(options.edges, xs, ys)
  else if (
    features.every((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')
  ) {
    graph = polygonContiguity(
      features.map((f) => f.geometry as Polygon | MultiPolygon),
      xs,
      ys,
    )
  } else graph = delaunayContiguity(xs, ys, { maxEdgeM: options.maxEdgeM ?? null })

  const problem: RegionProblem = {
    neighbours: graph.neighbours,
    values,
    d,
    rank,
    floor: floor && floorValues ? { values: floorValues, min: floor.min } : null,
  }
  let labels = k !== null ? skater(problem, k) : growMaxP(problem, seed, options.iterations ?? 16)
  improveByMoves(problem, labels)
  labels = relabelByRank(labels, rank)
  const objective = totalWithinSsd(problem, labels)

  const areaCount = labels.reduce((m, l) => Math.max(m, l + 1), 0)
  const groups: number[][] = Array.from({ length: areaCount }, () => [])
  for (let i = 0; i < n; i++) (groups[labels[i] as number] as number[]).push(i)
  let floorMet = true
  const areas: RegionAreaSummary[] = groups.map((members, id) => {
    members.sort((a, b) => (rank[a] as number) - (rank[b] as number))
    const sub = new Int32Array(members.length)
    const subProblem: RegionProblem = {
      ...problem,
      values: Float64Array.from(
        members.flatMap((i) => Array.from(values.subarray(i * d, i * d + d))),
      ),
    }
    const span: AdminSpan = spanOfAdminCodes(
      members.map((i) =>
        adminCodesOfProperties((features[i] ? propertiesOf(features[i]) : null) ?? null),
      ),
    )
    const sum = (field: string): number =>
      members.reduce(
        (acc, i) => acc + (numeric((features[i] ? propertiesOf(features[i]) : null)?.[field]) ?? 0),
        0,
      )
    const means: Record<string, number | null> = {}
    for (const attribute of options.attributes) {
      const present = members
        .map((i) => numeric((features[i] ? propertiesOf(features[i]) : null)?.[attribute]))
        .filter((v): v is number => v !== null)
      means[attribute] =
        present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length
    }
    const floorValue = floor ? sum(floor.field) : null
    if (floor && (floorValue as number) < floor.min) floorMet = false
    return {
      id,
      members: members.map((i) => keys[i] as string),
      ssd: totalWithinSsd(subProblem, sub),
      population: sum('population'),
      poorHouseholds: sum('poor_households'),
      means,
      floorValue,
      ...span,
    }
  })
  const outlines: RegionalizeResult['outlines'] = {
    type: 'FeatureCollection',
    features: areas.map((area) => ({
      type: 'Feature',
      id: `region:${area.id}`,
      geometry: outlineOfPoints(
        (groups[area.id] as number[]).map((i) => points[i] as [number, number]),
      ),
      properties: { kind: 'region-outline', ...area },
    })),
  }
  return {
    params: {
      attributes: options.attributes,
      method: k !== null ? 'skater' : 'max-p',
      k,
      floor,
      seed,
    },
    objective,
    floorMet,
    assignments: keys.map((id, i) => ({ id, region: labels[i] as number })),
    areas,
    contiguity: {
      edgeCount: graph.edgeCount,
      bridges: graph.bridges.map(([a, b, dist]) => ({
        from: keys[a] as string,
        to: keys[b] as string,
        distanceM: dist,
      })),
      prunedEdgeCount: graph.prunedEdgeCount,
    },
    outlines,
    graph,
  }
}

/** Copies the input features adding `region` (area id) and `regionSpan` (admin units the area spans). */
export function labelRegionFeatures<G extends Geometry>(
  features: ReadonlyArray<Feature<G, object | null>>,
  result: RegionalizeResult,
): Array<Feature<G, Record<string, unknown>>> {
  return features.map((feature, i) => {
    const region = (result.assignments[i] as RegionAssignment).region
    const area = result.areas[region] as RegionAreaSummary
    return {
      ...feature,
      properties: {
        ...(feature.properties ?? {}),
        region,
        regionSpan: {
          townships: area.townships,
          counties: area.counties,
          cities: area.cities,
          crossesTownship: area.crossesTownship,
          crossesCounty: area.crossesCounty,
          crossesCity: area.crossesCity,
        },
      },
    }
  })
}
