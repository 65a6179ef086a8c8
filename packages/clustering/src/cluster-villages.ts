import type {
  Feature,
  FeatureCollection,
  Geometry,
  LineString,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
} from 'geojson'
import {
  DomainError,
  type AdminSpan,
  type ClusterDistance,
  type ClusterParams,
  type ClusterSummary,
} from '@tongcun/domain'
import {
  adminCodesOfProperties,
  assignAdminUnits,
  spanOfAdminCodes,
  type AdminPolygonFeature,
  type VillageAdminCodes,
} from './admin-span'
import {
  checkDbscanOptions,
  dbscanFromNeighbours,
  findStraightNeighbours,
  squaredDistance,
} from './dbscan'
import { outlineOfPoints } from './outline'
import { chooseMetricCrs, createProjector, projectLngLats, type MetricCrs } from './projection'
import { buildRoadGraph, findNetworkNeighbours } from './road-graph'
import { splitByPopulation } from './split-by-population'

/** Any point feature: a village, or a row of a planner's file. */
export type PointInput = Feature<Point, object | null>

/** Properties of any input feature as a record (input types are interfaces without index signatures). */
export function propertiesOf(feature: {
  properties: object | null
}): Record<string, unknown> | null {
  return feature.properties as Record<string, unknown> | null
}

export interface ClusterVillagesOptions {
  /** Neighbourhood radius, metres (straight line or along roads). */
  epsM: number
  /** Minimum neighbourhood size (the point included) of a core village, as PostGIS `minpoints`. */
  minPoints: number
  /** Optional cap on a cluster's population (a site's capacity): larger clusters are split (see `splitByPopulation`). */
  maxPopulation?: number | null
  /** `straight` (default) or `network` (along `roads`). */
  distance?: ClusterDistance
  /** Road lines (WGS84) for `network` distance. */
  roads?: ReadonlyArray<Feature<LineString | MultiLineString, unknown>>
  /** Admin polygons (township/county/city) used when villages carry no admin codes. */
  adminUnits?: readonly AdminPolygonFeature[]
  /** Names of admin codes, for the outline properties. */
  adminNames?: ReadonlyMap<string, string>
  /** Metric CRS to use; default: UTM zone of the points' centroid. */
  crs?: MetricCrs
}

/** Per input feature. */
export interface ClusterAssignment {
  /** The feature's id: `properties.code`, else `properties.id`, else `feature.id`, else `#<index>`. */
  id: string
  /** Cluster id, null for noise. */
  cluster: number | null
  isCore: boolean
}

export interface ClusterOutlineProperties extends ClusterSummary {
  kind: 'cluster-outline'
  names: Record<string, string>
}

export interface ClusterVillagesResult {
  params: ClusterParams
  /** In input order. */
  assignments: ClusterAssignment[]
  /** Ordered by id. */
  clusters: ClusterSummary[]
  outlines: FeatureCollection<Polygon | MultiPolygon, ClusterOutlineProperties>
}

/** The id of a point feature, see {@link ClusterAssignment.id}. */
export function featureKey(
  feature: Feature<Geometry | null, object | null>,
  index: number,
): string {
  const properties = propertiesOf(feature)
  const code = properties?.['code']
  if (typeof code === 'string' && code !== '') return code
  if (typeof code === 'number') return String(code)
  const id = properties?.['id'] ?? feature.id
  if (typeof id === 'string' && id !== '') return id
  if (typeof id === 'number') return String(id)
  return `#${String(index).padStart(9, '0')}`
}

/** Ranks (0..n-1) of ids in string order, ties by index. */
export function rankByKey(keys: readonly string[]): Int32Array {
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a] as string
      const kb = keys[b] as string
      return ka < kb ? -1 : ka > kb ? 1 : a - b
    })
  const rank = new Int32Array(keys.length)
  order.forEach((i, r) => (rank[i] = r))
  return rank
}

function numberField(properties: Record<string, unknown> | null, field: string): number {
  const value = properties?.[field]
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/**
 * Clusters villages by density (DBSCAN) across administrative boundaries, optionally along the road
 * network and with a population cap, and describes each cluster: members, population, households,
 * poor people, the townships/counties/cities it spans and its outline.
 *
 * Straight-line clustering projects the points to the UTM zone of their centroid and gives exactly the
 * partition of PostGIS `ST_ClusterDBSCAN(ST_Transform(geom, <epsg>), eps, minpoints)` for core and
 * noise points (see `dbscanFromNeighbours`). Cluster ids are ordered by the smallest member id.
 */
export function clusterVillages(
  features: readonly PointInput[],
  options: ClusterVillagesOptions,
): ClusterVillagesResult {
  checkDbscanOptions(options)
  const distance = options.distance ?? 'straight'
  const maxPopulation = options.maxPopulation ?? null
  if (maxPopulation !== null && !(maxPopulation > 0)) {
    throw new DomainError('invalid-input', `maxPopulation must be positive, got ${maxPopulation}`, {
      field: 'maxPopulation',
    })
  }
  const lngLats = features.map((f, i) => {
    const c = f.geometry?.coordinates
    if (
      !f.geometry ||
      f.geometry.type !== 'Point' ||
      !c ||
      !Number.isFinite(c[0]) ||
      !Number.isFinite(c[1])
    ) {
      throw new DomainError(
        'invalid-geometry',
        `feature ${featureKey(f, i)} (index ${i}) is not a Point`,
        {
          row: i,
          id: featureKey(f, i),
        },
      )
    }
    return [c[0] as number, c[1] as number] as const
  })
  const keys = features.map((f, i) => featureKey(f, i))
  const emptyParams: ClusterParams = {
    epsM: options.epsM,
    minPoints: options.minPoints,
    maxPopulation,
    distance,
    epsg: options.crs?.epsg ?? 0,
  }
  if (features.length === 0) {
    return {
      params: emptyParams,
      assignments: [],
      clusters: [],
      outlines: { type: 'FeatureCollection', features: [] },
    }
  }
  const crs = options.crs ?? chooseMetricCrs(lngLats)
  const { xs, ys } = projectLngLats(lngLats, crs)
  const rank = rankByKey(keys)
  let lists
  if (distance === 'network') {
    const roads = options.roads ?? []
    if (roads.length === 0) {
      throw new DomainError(
        'invalid-input',
        'network distance needs road lines, and none were given',
        {
          field: 'distance',
        },
      )
    }
    const graph = buildRoadGraph(
      roads.map((r) => r.geometry),
      createProjector(crs),
    )
    lists = findNetworkNeighbours(graph, xs, ys, options.epsM)
  } else {
    lists = findStraightNeighbours(xs, ys, options.epsM)
  }
  const dbscan = dbscanFromNeighbours(lists, options.minPoints, rank, squaredDistance(xs, ys))

  // groups of point indices per DBSCAN cluster, then population split
  const groups: number[][] = Array.from({ length: dbscan.clusterCount }, () => [])
  for (let i = 0; i < features.length; i++) {
    const label = dbscan.labels[i] as number
    if (label >= 0) (groups[label] as number[]).push(i)
  }
  const population = features.map((f) => numberField(propertiesOf(f), 'population'))
  let parts: Array<{ members: number[]; isSplit: boolean }> = groups.map((members) => ({
    members,
    isSplit: false,
  }))
  if (maxPopulation !== null) {
    parts = []
    for (const members of groups) {
      const split = splitByPopulation(members, xs, ys, population, maxPopulation, rank)
      for (const part of split) parts.push({ members: part, isSplit: split.length > 1 })
    }
  }
  const minRankOf = (members: number[]): number =>
    members.reduce((m, i) => Math.min(m, rank[i] as number), Infinity)
  parts.sort((a, b) => minRankOf(a.members) - minRankOf(b.members))

  let adminCodes: VillageAdminCodes[]
  const names = new Map<string, string>(options.adminNames ?? [])
  if (options.adminUnits && options.adminUnits.length > 0) {
    const assigned = assignAdminUnits(lngLats, options.adminUnits)
    adminCodes = assigned.codes.map((codes, i) => {
      const own = adminCodesOfProperties(features[i] ? propertiesOf(features[i]) : null)
      return {
        township: codes.township ?? own.township,
        county: codes.county ?? own.county,
        city: codes.city ?? own.city,
      }
    })
    for (const [code, name] of assigned.names) names.set(code, name)
  } else {
    adminCodes = features.map((f) => adminCodesOfProperties(propertiesOf(f)))
  }

  const assignments: ClusterAssignment[] = keys.map((id, i) => ({
    id,
    cluster: null,
    isCore: dbscan.isCore[i] === 1,
  }))
  const clusters: ClusterSummary[] = []
  const outlineFeatures: Array<Feature<Polygon | MultiPolygon, ClusterOutlineProperties>> = []
  parts.forEach((part, id) => {
    const members = part.members.slice().sort((a, b) => (rank[a] as number) - (rank[b] as number))
    for (const i of members) (assignments[i] as ClusterAssignment).cluster = id
    const span: AdminSpan = spanOfAdminCodes(members.map((i) => adminCodes[i] as VillageAdminCodes))
    const sum = (field: string): number =>
      members.reduce(
        (acc, i) => acc + numberField(features[i] ? propertiesOf(features[i]) : null, field),
        0,
      )
    const summary: ClusterSummary = {
      id,
      members: members.map((i) => keys[i] as string),
      population: sum('population'),
      households: sum('households'),
      poorPeople: sum('poor_people'),
      poorHouseholds: sum('poor_households'),
      isSplit: part.isSplit,
      exceedsMaxPopulation:
        maxPopulation !== null && members.length === 1 && sum('population') > maxPopulation,
      ...span,
    }
    clusters.push(summary)
    const spanNames: Record<string, string> = {}
    for (const code of [...span.townships, ...span.counties, ...span.cities]) {
      const name = names.get(code)
      if (name !== undefined) spanNames[code] = name
    }
    outlineFeatures.push({
      type: 'Feature',
      id: `cluster:${id}`,
      geometry: outlineOfPoints(members.map((i) => lngLats[i] as readonly [number, number])),
      properties: { kind: 'cluster-outline', ...summary, names: spanNames },
    })
  })
  return {
    params: { ...emptyParams, epsg: crs.epsg },
    assignments,
    clusters,
    outlines: { type: 'FeatureCollection', features: outlineFeatures },
  }
}

/**
 * Copies the input features and adds `cluster` (null for noise), `clusterCore` and `clusterSpan`
 * (admin units the feature's cluster spans, null for noise) to each feature's properties. Input is not mutated.
 */
export function labelClusteredFeatures<G extends Point>(
  features: ReadonlyArray<Feature<G, object | null>>,
  result: ClusterVillagesResult,
): Array<Feature<G, Record<string, unknown>>> {
  const byId = new Map(result.clusters.map((c) => [c.id, c]))
  return features.map((feature, i) => {
    const assignment = result.assignments[i] as ClusterAssignment
    const cluster = assignment.cluster === null ? null : (byId.get(assignment.cluster) ?? null)
    return {
      ...feature,
      properties: {
        ...(feature.properties ?? {}),
        cluster: assignment.cluster,
        clusterCore: assignment.isCore,
        clusterSpan: cluster
          ? {
              townships: cluster.townships,
              counties: cluster.counties,
              cities: cluster.cities,
              crossesTownship: cluster.crossesTownship,
              crossesCounty: cluster.crossesCounty,
              crossesCity: cluster.crossesCity,
            }
          : null,
      },
    }
  })
}
