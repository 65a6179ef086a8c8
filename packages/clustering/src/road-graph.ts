import Flatbush from 'flatbush'
import type { LineString, MultiLineString, Position } from 'geojson'
import type { NeighbourLists } from './dbscan'
import { MinHeap } from './min-heap'

/**
 * A road graph in projected metres. Nodes are line vertices; vertices of different lines are the same node
 * when their WGS84 coordinates agree to 1e-7° (≈ 1 cm) — "node matching": lines that cross without a
 * shared vertex are not connected (as in the source data, e.g. a bridge over a road).
 */
export interface RoadGraph {
  nodeXs: Float64Array
  nodeYs: Float64Array
  /** Adjacency lists (node → [neighbour, lengthM] pairs). */
  adjacency: Array<Array<[number, number]>>
  /** Segments as node pairs, indexed by a Flatbush over their boxes. */
  segmentA: Int32Array
  segmentB: Int32Array
  segmentIndex: Flatbush | null
}

/**
 * Builds a road graph from line geometries (WGS84) with a projector to metres.
 * @param project `[lng, lat] → [x, y]` metres (e.g. from `createProjector(crs)`)
 */
export function buildRoadGraph(
  lines: ReadonlyArray<LineString | MultiLineString>,
  project: (lngLat: readonly [number, number]) => [number, number],
): RoadGraph {
  const nodeByKey = new Map<string, number>()
  const xs: number[] = []
  const ys: number[] = []
  const adjacency: Array<Array<[number, number]>> = []
  const segA: number[] = []
  const segB: number[] = []
  const nodeOf = (position: Position): number => {
    const lng = position[0] as number
    const lat = position[1] as number
    const key = `${Math.round(lng * 1e7)},${Math.round(lat * 1e7)}`
    let node = nodeByKey.get(key)
    if (node === undefined) {
      node = xs.length
      nodeByKey.set(key, node)
      const [x, y] = project([lng, lat])
      xs.push(x)
      ys.push(y)
      adjacency.push([])
    }
    return node
  }
  const addPath = (path: Position[]): void => {
    let previous = -1
    for (const position of path) {
      const node = nodeOf(position)
      if (previous >= 0 && previous !== node) {
        const length = Math.hypot(
          (xs[node] as number) - (xs[previous] as number),
          (ys[node] as number) - (ys[previous] as number),
        )
        ;(adjacency[previous] as Array<[number, number]>).push([node, length])
        ;(adjacency[node] as Array<[number, number]>).push([previous, length])
        segA.push(previous)
        segB.push(node)
      }
      previous = node
    }
  }
  for (const geometry of lines) {
    if (geometry.type === 'LineString') addPath(geometry.coordinates)
    else for (const path of geometry.coordinates) addPath(path)
  }
  let segmentIndex: Flatbush | null = null
  if (segA.length > 0) {
    segmentIndex = new Flatbush(segA.length)
    for (let s = 0; s < segA.length; s++) {
      const a = segA[s] as number
      const b = segB[s] as number
      segmentIndex.add(
        Math.min(xs[a] as number, xs[b] as number),
        Math.min(ys[a] as number, ys[b] as number),
        Math.max(xs[a] as number, xs[b] as number),
        Math.max(ys[a] as number, ys[b] as number),
      )
    }
    segmentIndex.finish()
  }
  return {
    nodeXs: Float64Array.from(xs),
    nodeYs: Float64Array.from(ys),
    adjacency,
    segmentA: Int32Array.from(segA),
    segmentB: Int32Array.from(segB),
    segmentIndex,
  }
}

interface Snap {
  segment: number
  /** Distance from the point to the road, metres. */
  accessM: number
  /** Distance along the segment from its node A, metres. */
  alongM: number
  lengthM: number
}

function snapPoint(graph: RoadGraph, x: number, y: number, maxM: number): Snap | null {
  if (!graph.segmentIndex) return null
  const found = graph.segmentIndex.search(x - maxM, y - maxM, x + maxM, y + maxM)
  let best: Snap | null = null
  for (const s of found.sort((p, q) => p - q)) {
    const a = graph.segmentA[s] as number
    const b = graph.segmentB[s] as number
    const ax = graph.nodeXs[a] as number
    const ay = graph.nodeYs[a] as number
    const dx = (graph.nodeXs[b] as number) - ax
    const dy = (graph.nodeYs[b] as number) - ay
    const lengthSq = dx * dx + dy * dy
    const t =
      lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSq))
    const accessM = Math.hypot(ax + t * dx - x, ay + t * dy - y)
    if (accessM <= maxM && (!best || accessM < best.accessM)) {
      const lengthM = Math.sqrt(lengthSq)
      best = { segment: s, accessM, alongM: t * lengthM, lengthM }
    }
  }
  return best
}

/**
 * Neighbour lists by distance along the road graph, bounded by `epsM` (inclusive). Each point reaches the
 * network straight to the nearest point of the nearest segment (that access distance counts); a point
 * farther than `epsM` from every road has only itself as neighbour. Dijkstra from each point, stopped at eps.
 */
export function findNetworkNeighbours(
  graph: RoadGraph,
  xs: Float64Array,
  ys: Float64Array,
  epsM: number,
): NeighbourLists {
  const n = xs.length
  const nodeCount = graph.nodeXs.length
  const snaps: Array<Snap | null> = []
  // per road node, the points attached to it: [point, distance from point to node]
  const attached = new Map<number, Array<[number, number]>>()
  const bySegment = new Map<number, number[]>()
  const attach = (node: number, point: number, d: number): void => {
    if (d > epsM) return
    let list = attached.get(node)
    if (!list) attached.set(node, (list = []))
    list.push([point, d])
  }
  for (let i = 0; i < n; i++) {
    const snap = snapPoint(graph, xs[i] as number, ys[i] as number, epsM)
    snaps.push(snap)
    if (!snap) continue
    attach(graph.segmentA[snap.segment] as number, i, snap.accessM + snap.alongM)
    attach(graph.segmentB[snap.segment] as number, i, snap.accessM + snap.lengthM - snap.alongM)
    let same = bySegment.get(snap.segment)
    if (!same) bySegment.set(snap.segment, (same = []))
    same.push(i)
  }
  const offsets = new Int32Array(n + 1)
  const targets: number[] = []
  const distances: number[] = []
  const dist = new Float64Array(nodeCount).fill(Infinity)
  const touched: number[] = []
  const best = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    best.clear()
    best.set(i, 0)
    const snap = snaps[i]
    if (snap) {
      // points on the same segment reach each other directly along it
      for (const j of bySegment.get(snap.segment) ?? []) {
        if (j === i) continue
        const other = snaps[j] as Snap
        const d = snap.accessM + Math.abs(snap.alongM - other.alongM) + other.accessM
        if (d <= epsM && d < (best.get(j) ?? Infinity)) best.set(j, d)
      }
      const heap = new MinHeap()
      const a = graph.segmentA[snap.segment] as number
      const b = graph.segmentB[snap.segment] as number
      const da = snap.accessM + snap.alongM
      const db = snap.accessM + snap.lengthM - snap.alongM
      if (da <= epsM) {
        dist[a] = da
        touched.push(a)
        heap.push(da, a)
      }
      if (db <= epsM && db < (dist[b] as number)) {
        if (dist[b] === Infinity) touched.push(b)
        dist[b] = db
        heap.push(db, b)
      }
      while (heap.size > 0) {
        const { key: d, value: node } = heap.pop()
        if (d > (dist[node] as number)) continue
        for (const [j, dj] of attached.get(node) ?? []) {
          const total = d + dj
          if (total <= epsM && total < (best.get(j) ?? Infinity)) best.set(j, total)
        }
        for (const [next, length] of graph.adjacency[node] as Array<[number, number]>) {
          const nd = d + length
          if (nd <= epsM && nd < (dist[next] as number)) {
            if (dist[next] === Infinity) touched.push(next)
            dist[next] = nd
            heap.push(nd, next)
          }
        }
      }
      for (const node of touched) dist[node] = Infinity
      touched.length = 0
    }
    for (const j of [...best.keys()].sort((p, q) => p - q)) {
      targets.push(j)
      distances.push(best.get(j) as number)
    }
    offsets[i + 1] = targets.length
  }
  return { offsets, targets: Int32Array.from(targets), distances: Float64Array.from(distances) }
}
