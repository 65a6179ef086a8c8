import KDBush from 'kdbush'
import { DomainError } from '@tongcun/domain'
import { UnionFind } from './union-find'

/** DBSCAN parameters. */
export interface DbscanOptions {
  /** Neighbourhood radius in metres (inclusive: a point at exactly `epsM` is a neighbour). */
  epsM: number
  /** Minimum neighbourhood size of a core point, the point itself included (PostGIS `minpoints`). */
  minPoints: number
}

/** Neighbour lists in compressed sparse row form: neighbours of i are `targets[offsets[i]..offsets[i+1])`. */
export interface NeighbourLists {
  offsets: Int32Array
  targets: Int32Array
  /** Distance of each listed neighbour, metres; when absent, `dbscanFromNeighbours` needs a distance function. */
  distances?: Float64Array
}

/** DBSCAN labelling. */
export interface DbscanLabels {
  /** Cluster per point, -1 for noise. Clusters are numbered 0.. in order of their smallest-ranked member. */
  labels: Int32Array
  /** 1 for core points. */
  isCore: Uint8Array
  clusterCount: number
}

function checkOptions(options: DbscanOptions): void {
  if (!(options.epsM > 0) || !Number.isFinite(options.epsM)) {
    throw new DomainError(
      'invalid-input',
      `DBSCAN eps must be a positive number of metres, got ${options.epsM}`,
      {
        field: 'epsM',
      },
    )
  }
  if (!Number.isInteger(options.minPoints) || options.minPoints < 1) {
    throw new DomainError(
      'invalid-input',
      `DBSCAN minPoints must be an integer ≥ 1, got ${options.minPoints}`,
      {
        field: 'minPoints',
      },
    )
  }
}

/**
 * Straight-line neighbour lists within `epsM` (inclusive) of projected points, through a kdbush index.
 * Each point lists itself (distance 0).
 */
export function findStraightNeighbours(
  xs: Float64Array,
  ys: Float64Array,
  epsM: number,
): NeighbourLists {
  const n = xs.length
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(xs[i] as number, ys[i] as number)
  index.finish()
  const offsets = new Int32Array(n + 1)
  let targets = new Int32Array(Math.max(16, n * 8))
  let used = 0
  for (let i = 0; i < n; i++) {
    const found = index.within(xs[i] as number, ys[i] as number, epsM)
    if (used + found.length > targets.length) {
      const grown = new Int32Array(Math.max(targets.length * 2, used + found.length))
      grown.set(targets)
      targets = grown
    }
    targets.set(found, used)
    used += found.length
    offsets[i + 1] = used
  }
  return { offsets, targets: targets.subarray(0, used) }
}

/**
 * DBSCAN over precomputed neighbour lists, with PostGIS `ST_ClusterDBSCAN` semantics:
 * a point is core when its neighbourhood (itself included) has ≥ `minPoints` points; core points
 * within eps of each other share a cluster; a non-core point within eps of a core point is a border
 * point, the rest is noise. Core and noise sets are exactly determined; a border point reachable from
 * several clusters (where PostGIS takes whichever it meets first) joins the cluster of its nearest core
 * neighbour, ties broken by rank.
 * @param rank optional order key per point (e.g. position in id order); defaults to the index
 * @param distanceOf distance (or any monotone function of it, e.g. squared) between two points, used
 *   when the lists carry no distances
 */
export function dbscanFromNeighbours(
  lists: NeighbourLists,
  minPoints: number,
  rank?: ArrayLike<number>,
  distanceOf?: (i: number, j: number) => number,
): DbscanLabels {
  const { offsets, targets, distances } = lists
  if (!distances && !distanceOf)
    throw new Error('dbscanFromNeighbours needs distances or a distance function')
  const n = offsets.length - 1
  const rankOf = (i: number): number => (rank ? (rank[i] as number) : i)
  const isCore = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if ((offsets[i + 1] as number) - (offsets[i] as number) >= minPoints) isCore[i] = 1
  }
  const sets = new UnionFind(n)
  for (let i = 0; i < n; i++) {
    if (!isCore[i]) continue
    const end = offsets[i + 1] as number
    for (let k = offsets[i] as number; k < end; k++) {
      const j = targets[k] as number
      if (j > i && isCore[j]) sets.union(i, j)
    }
  }
  // root (of the core set) each point belongs to; -1 noise
  const rootOf = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if (isCore[i]) {
      rootOf[i] = sets.find(i)
      continue
    }
    let best = -1
    let bestDistance = Infinity
    const end = offsets[i + 1] as number
    for (let k = offsets[i] as number; k < end; k++) {
      const j = targets[k] as number
      if (!isCore[j]) continue
      const d = distances
        ? (distances[k] as number)
        : (distanceOf as (i: number, j: number) => number)(i, j)
      if (d < bestDistance || (d === bestDistance && rankOf(j) < rankOf(best))) {
        best = j
        bestDistance = d
      }
    }
    if (best >= 0) rootOf[i] = sets.find(best)
  }
  // number clusters by their smallest-ranked member
  const minRank = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    const root = rootOf[i] as number
    if (root < 0) continue
    const r = rankOf(i)
    const current = minRank.get(root)
    if (current === undefined || r < current) minRank.set(root, r)
  }
  const roots = [...minRank.entries()].sort((a, b) => a[1] - b[1])
  const labelOfRoot = new Map<number, number>()
  roots.forEach(([root], label) => labelOfRoot.set(root, label))
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const root = rootOf[i] as number
    labels[i] = root < 0 ? -1 : (labelOfRoot.get(root) as number)
  }
  return { labels, isCore, clusterCount: roots.length }
}

/**
 * DBSCAN of projected points (metres) by straight-line distance; same partition as PostGIS
 * `ST_ClusterDBSCAN(geom, eps, minpoints)` on the same coordinates (see {@link dbscanFromNeighbours}).
 * @example dbscanPoints(xs, ys, { epsM: 3000, minPoints: 3 }).labels
 */
export function dbscanPoints(
  xs: Float64Array,
  ys: Float64Array,
  options: DbscanOptions,
  rank?: ArrayLike<number>,
): DbscanLabels {
  checkOptions(options)
  if (xs.length !== ys.length) throw new DomainError('invalid-input', 'xs and ys differ in length')
  if (xs.length === 0)
    return { labels: new Int32Array(0), isCore: new Uint8Array(0), clusterCount: 0 }
  return dbscanFromNeighbours(
    findStraightNeighbours(xs, ys, options.epsM),
    options.minPoints,
    rank,
    squaredDistance(xs, ys),
  )
}

/** Squared planar distance between points i and j (monotone in distance: enough to find the nearest). */
export function squaredDistance(
  xs: Float64Array,
  ys: Float64Array,
): (i: number, j: number) => number {
  return (i, j) =>
    ((xs[i] as number) - (xs[j] as number)) ** 2 + ((ys[i] as number) - (ys[j] as number)) ** 2
}

export { checkOptions as checkDbscanOptions }
