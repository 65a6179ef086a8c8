/**
 * A network of lines as a graph: vertices closer than a snap tolerance are one node, each segment is
 * an edge weighted by its geodesic length, and a dangling line end within the tolerance of another
 * line's segment joins that segment (T-junction without a shared vertex). Used for connectivity
 * (which lines reach the county road network, a plant, a substation) and along-network distances.
 *
 * The graph is built once over every part of a network (all classes, all statuses); each edge knows
 * the one or two parts it belongs to, and connectivity and shortest paths take a per-part mask, so
 * "qualifying roads that exist today" and "… plus roads planned by 2027" share one graph.
 *
 * Segment numbers are those of the {@link SegmentIndex} built from the same sources in the same order;
 * edge `s` for `s < segmentCount` is segment `s`.
 */
import { PLAIN_ALLOCATOR, PartReader, countPartPositions, countSourceParts } from '@tongcun/spatial'
import type { LocalProjection, SegmentIndex, SegmentSource, TypedAllocator } from '@tongcun/spatial'

export interface NetworkGraph {
  nodeCount: number
  segmentCount: number
  /** Per edge: end nodes, length in metres and the two parts it joins (equal for a segment). */
  edgeFrom: Int32Array
  edgeTo: Int32Array
  edgeLengthM: Float64Array
  edgePartA: Int32Array
  edgePartB: Int32Array
  /** CSR adjacency: for node n, entries adjOffset[n] .. adjOffset[n + 1] hold (neighbour, edge). */
  adjOffset: Int32Array
  adjNode: Int32Array
  adjEdge: Int32Array
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

/**
 * Open-addressing hash map from a grid cell (cx, cy) to the newest node in it, on typed arrays: a
 * `Map` keyed by cx × 2²² + cy (doubles beyond small-integer range) spent most of the graph build
 * hashing. Linear probing, load ≤ 1/2; a slot's key and head sit side by side (one cache line per
 * probe on the national set's tables of millions of cells); sized up front for the expected cells.
 */
class CellTable {
  private size = 0
  /** Per slot: cx, cy, head + 1 (0: empty, so that a new table needs no filling). */
  private slots: Int32Array
  private readonly allocate: TypedAllocator

  constructor(expectedCells: number, allocate: TypedAllocator) {
    let capacity = 1 << 12
    while (capacity < 2 * expectedCells) capacity *= 2
    // From the run's arena, like the graph: a buffer of its own per graph (tens of MB on the
    // national set) counted as external memory, which V8 answers with full collections (TypedArena).
    this.allocate = allocate
    this.slots = allocate.int32(capacity * 3)
  }

  private slot(cellX: number, cellY: number): number {
    // Cells beyond the int32 range (tolerance 0 uses 1 mm cells) wrap: a shared list only adds
    // candidates, which the caller's distance test rejects.
    const cx = cellX | 0
    const cy = cellY | 0
    const slots = this.slots
    const mask = slots.length / 3 - 1
    let slot = (Math.imul(cx, 0x9e3779b1) ^ Math.imul(cy, 0x85ebca77)) & mask
    while ((slots[slot * 3 + 2] ?? 0) > 0 && (slots[slot * 3] !== cx || slots[slot * 3 + 1] !== cy))
      slot = (slot + 1) & mask
    return slot
  }

  /** Newest node in the cell, -1 when empty. */
  head(cx: number, cy: number): number {
    return (this.slots[this.slot(cx, cy) * 3 + 2] ?? 0) - 1
  }

  /** Makes `node` the cell's newest node; returns the previous head (-1 when none). */
  setHead(cx: number, cy: number, node: number): number {
    let slot = this.slot(cx, cy)
    const previous = (this.slots[slot * 3 + 2] ?? 0) - 1
    if (previous < 0) {
      if (2 * (this.size + 1) > this.slots.length / 3) {
        this.grow()
        slot = this.slot(cx, cy)
      }
      this.size++
      this.slots[slot * 3] = cx | 0
      this.slots[slot * 3 + 1] = cy | 0
    }
    this.slots[slot * 3 + 2] = node + 1
    return previous
  }

  private grow(): void {
    const old = this.slots
    this.slots = this.allocate.int32(old.length * 2)
    for (let i = 0; i < old.length; i += 3) {
      const head = old[i + 2] ?? 0
      if (head === 0) continue
      const slot = this.slot(old[i] ?? 0, old[i + 1] ?? 0)
      this.slots[slot * 3] = old[i] ?? 0
      this.slots[slot * 3 + 1] = old[i + 1] ?? 0
      this.slots[slot * 3 + 2] = head
    }
  }
}

/**
 * Builds the graph of `sources` (same order as `index` was built from; one part per source).
 * @param snapToleranceM vertices within this distance (metres, in the indexing projection) merge;
 *   0 merges only identical coordinates
 */
export function buildNetworkGraph(
  sources: readonly SegmentSource[],
  index: SegmentIndex,
  projection: LocalProjection,
  snapToleranceM: number,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): NetworkGraph {
  const segmentCount = index.size
  const segStart = allocate.int32(segmentCount)
  const segEnd = allocate.int32(segmentCount)
  // At most one node per vertex: typed arrays of that size (no growing arrays of boxed doubles).
  let vertexCount = 0
  for (const source of sources)
    for (let k = 0; k < countSourceParts(source); k++) vertexCount += countPartPositions(source, k)
  const nodeX = allocate.float64(vertexCount)
  const nodeY = allocate.float64(vertexCount)
  const nodeLng = allocate.float64(vertexCount)
  const nodeLat = allocate.float64(vertexCount)
  /** Per node, the next node in the same cell (-1 ends the list); heads live in `cells`. */
  const nodeNext = allocate.int32(vertexCount)
  let nodeCount = 0
  // At most one cell per vertex.
  const cells = new CellTable(segmentCount + sources.length, allocate)
  // Cells of several tolerances: the tolerance disc of most vertices then lies in one cell (one
  // lookup instead of four), and vertices are far sparser than cells this size.
  const cellSize = Math.max(snapToleranceM * 8, 0.001)
  const tolerance2 = snapToleranceM * snapToleranceM

  const nodeOf = (lng: number, lat: number): number => {
    const x = projection.x(lng)
    const y = projection.y(lat)
    const cx = Math.floor(x / cellSize)
    const cy = Math.floor(y / cellSize)
    // Cells overlapped by the tolerance disc (at most 2 × 2, as cells are wider than the disc).
    const x0 = snapToleranceM > 0 ? Math.floor((x - snapToleranceM) / cellSize) : cx
    const x1 = snapToleranceM > 0 ? Math.floor((x + snapToleranceM) / cellSize) : cx
    const y0 = snapToleranceM > 0 ? Math.floor((y - snapToleranceM) / cellSize) : cy
    const y1 = snapToleranceM > 0 ? Math.floor((y + snapToleranceM) / cellSize) : cy
    let best = -1
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        for (let id = cells.head(gx, gy); id >= 0; id = nodeNext[id] ?? -1) {
          const ex = (nodeX[id] ?? 0) - x
          const ey = (nodeY[id] ?? 0) - y
          const same =
            snapToleranceM > 0
              ? ex * ex + ey * ey <= tolerance2
              : nodeLng[id] === lng && nodeLat[id] === lat
          // The lowest id within the tolerance wins, whatever the list order.
          if (same && (best < 0 || id < best)) best = id
        }
      }
    }
    if (best >= 0) return best
    const id = nodeCount++
    nodeX[id] = x
    nodeY[id] = y
    nodeLng[id] = lng
    nodeLat[id] = lat
    nodeNext[id] = cells.setHead(cx, cy, id)
    return id
  }

  let seg = 0
  const partEnds: number[] = []
  const endPart: number[] = []
  const reader = new PartReader()
  sources.forEach((source, part) => {
    for (let k = 0; k < countSourceParts(source); k++) {
      const length = reader.read(source, k)
      if (length === 0) continue
      const flat = reader.flat
      let previous = nodeOf(flat[0] ?? 0, flat[1] ?? 0)
      const first = previous
      if (length === 1) {
        segStart[seg] = previous
        segEnd[seg] = previous
        seg++
      }
      for (let i = 1; i < length; i++) {
        const next = nodeOf(flat[2 * i] ?? 0, flat[2 * i + 1] ?? 0)
        segStart[seg] = previous
        segEnd[seg] = next
        seg++
        previous = next
      }
      partEnds.push(first, previous)
      endPart.push(part, part)
    }
  })
  const degree = allocate.int32(nodeCount)
  for (let s = 0; s < segmentCount; s++) {
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
  const extraPartA: number[] = []
  const extraPartB: number[] = []
  if (snapToleranceM > 0) {
    const seen = allocate.uint8(nodeCount)
    partEnds.forEach((node, i) => {
      if ((degree[node] ?? 0) > 1 || seen[node] === 1) return
      seen[node] = 1
      const lng = nodeLng[node] ?? 0
      const lat = nodeLat[node] ?? 0
      let bestSegment = -1
      let bestDistance = Infinity
      let bestFraction = 0
      for (const candidate of index.candidatesWithin(lng, lat, snapToleranceM)) {
        if (segStart[candidate] === node || segEnd[candidate] === node) continue
        const { distanceM, fraction } = index.distanceToSegmentM(lng, lat, candidate)
        if (distanceM <= snapToleranceM && distanceM < bestDistance) {
          bestSegment = candidate
          bestDistance = distanceM
          bestFraction = fraction
        }
      }
      if (bestSegment < 0) return
      const length = index.segmentLengthM(bestSegment)
      const otherPart = index.segmentFeature(bestSegment)
      const ownPart = endPart[i] ?? 0
      extraFrom.push(node, node)
      extraTo.push(segStart[bestSegment] ?? 0, segEnd[bestSegment] ?? 0)
      extraLength.push(
        bestDistance + bestFraction * length,
        bestDistance + (1 - bestFraction) * length,
      )
      extraPartA.push(ownPart, ownPart)
      extraPartB.push(otherPart, otherPart)
    })
  }

  const edgeCount = segmentCount + extraFrom.length
  const edgeFrom = allocate.int32(edgeCount)
  const edgeTo = allocate.int32(edgeCount)
  const edgeLengthM = allocate.float64(edgeCount)
  const edgePartA = allocate.int32(edgeCount)
  const edgePartB = allocate.int32(edgeCount)
  for (let s = 0; s < segmentCount; s++) {
    edgeFrom[s] = segStart[s] ?? 0
    edgeTo[s] = segEnd[s] ?? 0
    edgeLengthM[s] = index.segmentLengthM(s)
    const part = index.segmentFeature(s)
    edgePartA[s] = part
    edgePartB[s] = part
  }
  for (let i = 0; i < extraFrom.length; i++) {
    const e = segmentCount + i
    edgeFrom[e] = extraFrom[i] ?? 0
    edgeTo[e] = extraTo[i] ?? 0
    edgeLengthM[e] = extraLength[i] ?? 0
    edgePartA[e] = extraPartA[i] ?? 0
    edgePartB[e] = extraPartB[i] ?? 0
  }
  const adjOffset = allocate.int32(nodeCount + 1)
  for (let e = 0; e < edgeCount; e++) {
    if (edgeFrom[e] === edgeTo[e]) continue
    adjOffset[(edgeFrom[e] ?? 0) + 1] = (adjOffset[(edgeFrom[e] ?? 0) + 1] ?? 0) + 1
    adjOffset[(edgeTo[e] ?? 0) + 1] = (adjOffset[(edgeTo[e] ?? 0) + 1] ?? 0) + 1
  }
  for (let n = 0; n < nodeCount; n++)
    adjOffset[n + 1] = (adjOffset[n + 1] ?? 0) + (adjOffset[n] ?? 0)
  const fill = adjOffset.slice(0, nodeCount)
  const adjNode = allocate.int32(adjOffset[nodeCount] ?? 0)
  const adjEdge = allocate.int32(adjOffset[nodeCount] ?? 0)
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeFrom[e] ?? 0
    const b = edgeTo[e] ?? 0
    if (a === b) continue
    const pa = fill[a] ?? 0
    adjNode[pa] = b
    adjEdge[pa] = e
    fill[a] = pa + 1
    const pb = fill[b] ?? 0
    adjNode[pb] = a
    adjEdge[pb] = e
    fill[b] = pb + 1
  }
  return {
    nodeCount,
    segmentCount,
    edgeFrom,
    edgeTo,
    edgeLengthM,
    edgePartA,
    edgePartB,
    adjOffset,
    adjNode,
    adjEdge,
  }
}

/**
 * Connected components using only edges whose parts are all in `partMask` (1 = usable).
 * @returns per node its component id (the smallest node id in the component)
 */
export function findComponents(
  graph: NetworkGraph,
  partMask: Uint8Array,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): Int32Array {
  const parent = allocate.int32(graph.nodeCount)
  for (let i = 0; i < graph.nodeCount; i++) parent[i] = i
  for (let e = 0; e < graph.edgeFrom.length; e++) {
    if (partMask[graph.edgePartA[e] ?? 0] !== 1 || partMask[graph.edgePartB[e] ?? 0] !== 1) continue
    const rootA = find(parent, graph.edgeFrom[e] ?? 0)
    const rootB = find(parent, graph.edgeTo[e] ?? 0)
    if (rootA === rootB) continue
    if (rootA < rootB) parent[rootB] = rootA
    else parent[rootA] = rootB
  }
  const component = allocate.int32(graph.nodeCount)
  for (let i = 0; i < graph.nodeCount; i++) component[i] = find(parent, i)
  return component
}

/** A Dijkstra source: a node reached at an initial distance, labelled (e.g. the bus stop's index). */
export interface GraphSource {
  node: number
  distanceM: number
  label: number
}

/**
 * Multi-source Dijkstra over edges whose parts are all in `partMask` (own typed-array heap: the
 * object queue of tinyqueue allocated too much for 200k-node graphs). Ties are broken by the lower
 * label, so results do not depend on heap order.
 * @returns per node the shortest distance (Infinity when unreachable) and the label of its source
 */
export function findShortestDistances(
  graph: NetworkGraph,
  sources: readonly GraphSource[],
  partMask: Uint8Array,
  previous?: { distanceM: Float64Array; label: Int32Array },
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): { distanceM: Float64Array; label: Int32Array } {
  // `previous`: distances from an earlier, smaller set of sources; only improvements propagate.
  const distanceM = allocate.float64(graph.nodeCount)
  const label = allocate.int32(graph.nodeCount)
  if (previous) {
    distanceM.set(previous.distanceM)
    label.set(previous.label)
  } else {
    distanceM.fill(Infinity)
    label.fill(-1)
  }
  const heap = new NodeHeap()
  for (const source of sources) {
    const current = distanceM[source.node] ?? Infinity
    if (
      source.distanceM < current ||
      (source.distanceM === current && source.label < (label[source.node] ?? -1))
    ) {
      distanceM[source.node] = source.distanceM
      label[source.node] = source.label
      heap.push(source.node, source.distanceM, source.label)
    }
  }
  while (heap.size > 0) {
    const node = heap.topNode()
    const d = heap.topDistance()
    const topLabel = heap.topLabel()
    heap.pop()
    if (d > (distanceM[node] ?? Infinity) || topLabel !== label[node]) continue
    const end = graph.adjOffset[node + 1] ?? 0
    for (let i = graph.adjOffset[node] ?? 0; i < end; i++) {
      const edge = graph.adjEdge[i] ?? 0
      if (partMask[graph.edgePartA[edge] ?? 0] !== 1 || partMask[graph.edgePartB[edge] ?? 0] !== 1)
        continue
      const next = graph.adjNode[i] ?? 0
      const nd = d + (graph.edgeLengthM[edge] ?? 0)
      const known = distanceM[next] ?? Infinity
      if (nd < known || (nd === known && topLabel < (label[next] ?? -1))) {
        distanceM[next] = nd
        label[next] = topLabel
        heap.push(next, nd, topLabel)
      }
    }
  }
  return { distanceM, label }
}

/** Binary min-heap of (distance, label, node) on growable typed arrays; ties by label, then node. */
class NodeHeap {
  size = 0
  private nodes = new Int32Array(1024)
  private labels = new Int32Array(1024)
  private distances = new Float64Array(1024)

  topNode(): number {
    return this.nodes[0] ?? 0
  }

  topDistance(): number {
    return this.distances[0] ?? Infinity
  }

  topLabel(): number {
    return this.labels[0] ?? 0
  }

  private less(i: number, j: number): boolean {
    const di = this.distances[i] ?? 0
    const dj = this.distances[j] ?? 0
    if (di !== dj) return di < dj
    const li = this.labels[i] ?? 0
    const lj = this.labels[j] ?? 0
    if (li !== lj) return li < lj
    return (this.nodes[i] ?? 0) < (this.nodes[j] ?? 0)
  }

  private swap(i: number, j: number): void {
    const n = this.nodes[i] ?? 0
    const l = this.labels[i] ?? 0
    const d = this.distances[i] ?? 0
    this.nodes[i] = this.nodes[j] ?? 0
    this.labels[i] = this.labels[j] ?? 0
    this.distances[i] = this.distances[j] ?? 0
    this.nodes[j] = n
    this.labels[j] = l
    this.distances[j] = d
  }

  push(node: number, distance: number, label: number): void {
    if (this.size === this.nodes.length) {
      const grow = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
        const next = make(array.length * 2)
        next.set(array)
        return next
      }
      this.nodes = grow(this.nodes, (n) => new Int32Array(n))
      this.labels = grow(this.labels, (n) => new Int32Array(n))
      this.distances = grow(this.distances, (n) => new Float64Array(n))
    }
    let i = this.size++
    this.nodes[i] = node
    this.labels[i] = label
    this.distances[i] = distance
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }

  pop(): void {
    const last = --this.size
    if (last <= 0) return
    this.nodes[0] = this.nodes[last] ?? 0
    this.labels[0] = this.labels[last] ?? 0
    this.distances[0] = this.distances[last] ?? 0
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < last && this.less(left, smallest)) smallest = left
      if (right < last && this.less(right, smallest)) smallest = right
      if (smallest === i) break
      this.swap(i, smallest)
      i = smallest
    }
  }
}
