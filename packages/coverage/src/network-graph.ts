/**
 * A network of lines as a graph: vertices closer than a snap tolerance are one node, each segment is
 * an edge weighted by its geodesic length, and a dangling line end within the tolerance of another
 * line's segment joins that segment (T-junction without a shared vertex). Used for connectivity
 * (which lines reach the county road network, a plant, a substation) and along-network distances.
 *
 * Segment numbers are those of the {@link SegmentIndex} built from the same sources in the same order.
 */
import type { SegmentIndex, SegmentSource, LocalProjection } from '@tongcun/spatial'
import TinyQueue from 'tinyqueue'

export interface NetworkGraph {
  nodeCount: number
  /** Node at the start / end of each segment. */
  segStart: Int32Array
  segEnd: Int32Array
  /** CSR adjacency. */
  adjOffset: Int32Array
  adjNode: Int32Array
  adjLengthM: Float64Array
  /** Connected component (smallest node id in it) of each node. */
  component: Int32Array
}

function find(parent: Int32Array, node: number): number {
  let root = node
  while ((parent[root] ?? root) !== root) root = parent[root] ?? root
  let current = node
  while (current !== root) {
    const next = parent[current] ?? root
    parent[current] = root
    current = next
  }
  return root
}

function union(parent: Int32Array, a: number, b: number): void {
  const rootA = find(parent, a)
  const rootB = find(parent, b)
  if (rootA === rootB) return
  // Smaller id becomes the root so component ids are deterministic.
  if (rootA < rootB) parent[rootB] = rootA
  else parent[rootA] = rootB
}

/**
 * Builds the graph of `sources` (same order as `index` was built from).
 * @param snapToleranceM vertices within this distance (metres, in the indexing projection) merge;
 *   0 merges only identical coordinates
 */
export function buildNetworkGraph(
  sources: readonly SegmentSource[],
  index: SegmentIndex,
  projection: LocalProjection,
  snapToleranceM: number,
): NetworkGraph {
  const segStart = new Int32Array(index.size)
  const segEnd = new Int32Array(index.size)
  const nodeX: number[] = []
  const nodeY: number[] = []
  const nodeLng: number[] = []
  const nodeLat: number[] = []
  const cells = new Map<number, number[]>()
  const cellSize = Math.max(snapToleranceM, 0.001)
  const tolerance2 = snapToleranceM * snapToleranceM
  const exact = new Map<string, number>()
  const cellKey = (cx: number, cy: number) => (cx + 2_097_152) * 4_194_304 + (cy + 2_097_152)

  const nodeOf = (lng: number, lat: number): number => {
    if (snapToleranceM <= 0) {
      const key = `${lng},${lat}`
      const found = exact.get(key)
      if (found !== undefined) return found
      const id = nodeX.length
      nodeX.push(lng)
      nodeY.push(lat)
      nodeLng.push(lng)
      nodeLat.push(lat)
      exact.set(key, id)
      return id
    }
    const [x, y] = projection.project(lng, lat)
    const cx = Math.floor(x / cellSize)
    const cy = Math.floor(y / cellSize)
    let best = -1
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = cells.get(cellKey(cx + dx, cy + dy))
        if (!list) continue
        for (const id of list) {
          const ex = (nodeX[id] ?? 0) - x
          const ey = (nodeY[id] ?? 0) - y
          if (ex * ex + ey * ey <= tolerance2 && (best < 0 || id < best)) best = id
        }
      }
    }
    if (best >= 0) return best
    const id = nodeX.length
    nodeX.push(x)
    nodeY.push(y)
    nodeLng.push(lng)
    nodeLat.push(lat)
    const key = cellKey(cx, cy)
    const list = cells.get(key)
    if (list) list.push(id)
    else cells.set(key, [id])
    return id
  }

  let seg = 0
  const partEnds: number[] = []
  for (const source of sources) {
    for (const part of source.parts) {
      if (part.length === 0) continue
      const nodes = part.map((position) => nodeOf(position[0] ?? 0, position[1] ?? 0))
      if (nodes.length === 1) {
        segStart[seg] = nodes[0] ?? 0
        segEnd[seg] = nodes[0] ?? 0
        seg++
      } else {
        for (let i = 0; i + 1 < nodes.length; i++) {
          segStart[seg] = nodes[i] ?? 0
          segEnd[seg] = nodes[i + 1] ?? 0
          seg++
        }
      }
      partEnds.push(nodes[0] ?? 0, nodes[nodes.length - 1] ?? 0)
    }
  }
  const nodeCount = nodeX.length
  const degree = new Int32Array(nodeCount)
  for (let s = 0; s < index.size; s++) {
    const a = segStart[s] ?? 0
    const b = segEnd[s] ?? 0
    if (a === b) continue
    degree[a] = (degree[a] ?? 0) + 1
    degree[b] = (degree[b] ?? 0) + 1
  }

  // Extra edges for dangling ends that touch another segment between its vertices.
  const extraFrom: number[] = []
  const extraTo: number[] = []
  const extraLength: number[] = []
  if (snapToleranceM > 0) {
    const seen = new Set<number>()
    for (const node of partEnds) {
      if ((degree[node] ?? 0) > 1 || seen.has(node)) continue
      seen.add(node)
      const position: [number, number] = [nodeLng[node] ?? 0, nodeLat[node] ?? 0]
      let bestSegment = -1
      let bestDistance = Infinity
      let bestFraction = 0
      for (const candidate of index.candidatesWithin(position[0], position[1], snapToleranceM)) {
        if (segStart[candidate] === node || segEnd[candidate] === node) continue
        const { distanceM, fraction } = index.distanceToSegmentM(position[0], position[1], candidate)
        if (distanceM <= snapToleranceM && distanceM < bestDistance) {
          bestSegment = candidate
          bestDistance = distanceM
          bestFraction = fraction
        }
      }
      if (bestSegment < 0) continue
      const length = index.segmentLengthM(bestSegment)
      extraFrom.push(node, node)
      extraTo.push(segStart[bestSegment] ?? 0, segEnd[bestSegment] ?? 0)
      extraLength.push(bestDistance + bestFraction * length, bestDistance + (1 - bestFraction) * length)
    }
  }

  const adjCount = new Int32Array(nodeCount + 1)
  const addDegree = (a: number) => {
    adjCount[a + 1] = (adjCount[a + 1] ?? 0) + 1
  }
  for (let s = 0; s < index.size; s++) {
    if (segStart[s] === segEnd[s]) continue
    addDegree(segStart[s] ?? 0)
    addDegree(segEnd[s] ?? 0)
  }
  for (let i = 0; i < extraFrom.length; i++) {
    if (extraFrom[i] === extraTo[i]) continue
    addDegree(extraFrom[i] ?? 0)
    addDegree(extraTo[i] ?? 0)
  }
  const adjOffset = new Int32Array(nodeCount + 1)
  for (let i = 0; i < nodeCount; i++) adjOffset[i + 1] = (adjOffset[i] ?? 0) + (adjCount[i + 1] ?? 0)
  const fill = adjOffset.slice(0, nodeCount)
  const total = adjOffset[nodeCount] ?? 0
  const adjNode = new Int32Array(total)
  const adjLengthM = new Float64Array(total)
  const parent = new Int32Array(nodeCount)
  for (let i = 0; i < nodeCount; i++) parent[i] = i
  const link = (a: number, b: number, length: number) => {
    if (a === b) return
    const pa = fill[a] ?? 0
    adjNode[pa] = b
    adjLengthM[pa] = length
    fill[a] = pa + 1
    const pb = fill[b] ?? 0
    adjNode[pb] = a
    adjLengthM[pb] = length
    fill[b] = pb + 1
    union(parent, a, b)
  }
  for (let s = 0; s < index.size; s++) link(segStart[s] ?? 0, segEnd[s] ?? 0, index.segmentLengthM(s))
  for (let i = 0; i < extraFrom.length; i++) link(extraFrom[i] ?? 0, extraTo[i] ?? 0, extraLength[i] ?? 0)
  const component = new Int32Array(nodeCount)
  for (let i = 0; i < nodeCount; i++) component[i] = find(parent, i)
  return { nodeCount, segStart, segEnd, adjOffset, adjNode, adjLengthM, component }
}

/** A Dijkstra source: a node reached at an initial distance, labelled (e.g. the bus stop's index). */
export interface GraphSource {
  node: number
  distanceM: number
  label: number
}

/**
 * Multi-source Dijkstra. Ties are broken by the lower label, so results do not depend on heap order.
 * @returns per node the shortest distance (Infinity when unreachable) and the label of its source
 */
export function findShortestDistances(
  graph: NetworkGraph,
  sources: readonly GraphSource[],
): { distanceM: Float64Array; label: Int32Array } {
  const distanceM = new Float64Array(graph.nodeCount).fill(Infinity)
  const label = new Int32Array(graph.nodeCount).fill(-1)
  const queue = new TinyQueue<{ node: number; d: number; label: number }>([], (a, b) =>
    a.d !== b.d ? a.d - b.d : a.label - b.label,
  )
  for (const source of sources) {
    const current = distanceM[source.node] ?? Infinity
    if (source.distanceM < current || (source.distanceM === current && source.label < (label[source.node] ?? -1))) {
      distanceM[source.node] = source.distanceM
      label[source.node] = source.label
      queue.push({ node: source.node, d: source.distanceM, label: source.label })
    }
  }
  while (queue.length > 0) {
    const top = queue.pop()
    if (!top) break
    if (top.d > (distanceM[top.node] ?? Infinity) || top.label !== label[top.node]) continue
    const end = graph.adjOffset[top.node + 1] ?? 0
    for (let i = graph.adjOffset[top.node] ?? 0; i < end; i++) {
      const next = graph.adjNode[i] ?? 0
      const d = top.d + (graph.adjLengthM[i] ?? 0)
      const known = distanceM[next] ?? Infinity
      if (d < known || (d === known && top.label < (label[next] ?? -1))) {
        distanceM[next] = d
        label[next] = top.label
        queue.push({ node: next, d, label: top.label })
      }
    }
  }
  return { distanceM, label }
}
