import { DomainError } from '@tongcun/domain'
import { createRandom, shuffled } from './prng'
import { UnionFind } from './union-find'

/**
 * A regionalization problem over n units: contiguity, standardized attribute rows and an optional floor.
 * `values` is row-major n × d.
 */
export interface RegionProblem {
  neighbours: number[][]
  values: Float64Array
  d: number
  /** Order key per unit (position in id order) for deterministic ties. */
  rank: ArrayLike<number>
  /** Per-unit value of the floor field, with the minimum each area must reach. */
  floor: { values: Float64Array; min: number } | null
}

/** Within-area sum of squared deviations of the standardized attributes, summed over areas. */
export function totalWithinSsd(problem: RegionProblem, labels: Int32Array): number {
  const { values, d } = problem
  const sums = new Map<number, { count: number; sum: Float64Array; sq: number }>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number
    let entry = sums.get(label)
    if (!entry) sums.set(label, (entry = { count: 0, sum: new Float64Array(d), sq: 0 }))
    entry.count++
    for (let t = 0; t < d; t++) {
      const v = values[i * d + t] as number
      entry.sum[t] = (entry.sum[t] as number) + v
      entry.sq += v * v
    }
  }
  let total = 0
  for (const entry of sums.values()) total += ssdOf(entry.count, entry.sum, 0, d, entry.sq)
  return total
}

function ssdOf(count: number, sum: Float64Array, offset: number, d: number, sq: number): number {
  if (count === 0) return 0
  let norm = 0
  for (let t = 0; t < d; t++) norm += (sum[offset + t] as number) ** 2
  return Math.max(0, sq - norm / count)
}

function sqDistance(values: Float64Array, d: number, i: number, j: number): number {
  let s = 0
  for (let t = 0; t < d; t++)
    s += ((values[i * d + t] as number) - (values[j * d + t] as number)) ** 2
  return s
}

/**
 * SKATER (Assunção et al. 2006): minimum spanning tree of the contiguity graph weighted by attribute
 * dissimilarity (squared Euclidean distance of standardized rows, ties by rank), then k − 1 greedy cuts,
 * each removing the tree edge that most reduces the total within-area SSD (evaluated exactly with subtree
 * sums), subject to the floor on both sides when one is given. Stops early when no feasible cut remains.
 * @returns area label per unit (0..areas-1, unordered)
 */
export function skater(problem: RegionProblem, k: number): Int32Array {
  const { neighbours, values, d, rank, floor } = problem
  const n = neighbours.length
  // MST (Kruskal)
  const edges: Array<[number, number, number]> = []
  for (let i = 0; i < n; i++) {
    for (const j of neighbours[i] as number[])
      if (j > i) edges.push([i, j, sqDistance(values, d, i, j)])
  }
  const edgeKey = (e: [number, number, number]): [number, number] => {
    const ra = rank[e[0]] as number
    const rb = rank[e[1]] as number
    return ra < rb ? [ra, rb] : [rb, ra]
  }
  edges.sort((a, b) => {
    if (a[2] !== b[2]) return a[2] - b[2]
    const ka = edgeKey(a)
    const kb = edgeKey(b)
    return ka[0] - kb[0] || ka[1] - kb[1]
  })
  const forest = new UnionFind(n)
  const tree: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>())
  for (const [i, j] of edges) {
    if (forest.union(i, j)) {
      ;(tree[i] as Set<number>).add(j)
      ;(tree[j] as Set<number>).add(i)
    }
  }
  const labels = new Int32Array(n)
  const count = new Float64Array(n)
  const sum = new Float64Array(n * d)
  const sq = new Float64Array(n)
  const fl = new Float64Array(n)
  const parent = new Int32Array(n)

  interface Cut {
    gain: number
    child: number
    parent: number
  }
  const bestCut = (members: number[]): Cut | null => {
    let root = members[0] as number
    for (const m of members) if ((rank[m] as number) < (rank[root] as number)) root = m
    const order: number[] = [root]
    parent[root] = -1
    for (let h = 0; h < order.length; h++) {
      const u = order[h] as number
      const kids = [...(tree[u] as Set<number>)].sort(
        (a, b) => (rank[a] as number) - (rank[b] as number),
      )
      for (const v of kids) {
        if (v === parent[u]) continue
        parent[v] = u
        order.push(v)
      }
    }
    for (const u of order) {
      count[u] = 1
      let s = 0
      for (let t = 0; t < d; t++) {
        const v = values[u * d + t] as number
        sum[u * d + t] = v
        s += v * v
      }
      sq[u] = s
      fl[u] = floor ? (floor.values[u] as number) : 0
    }
    for (let h = order.length - 1; h > 0; h--) {
      const u = order[h] as number
      const p = parent[u] as number
      count[p] = (count[p] as number) + (count[u] as number)
      for (let t = 0; t < d; t++)
        sum[p * d + t] = (sum[p * d + t] as number) + (sum[u * d + t] as number)
      sq[p] = (sq[p] as number) + (sq[u] as number)
      fl[p] = (fl[p] as number) + (fl[u] as number)
    }
    const totalCount = count[root] as number
    const totalSq = sq[root] as number
    const totalFl = fl[root] as number
    const totalSsd = ssdOf(totalCount, sum, root * d, d, totalSq)
    const rest = new Float64Array(d)
    let best: Cut | null = null
    for (let h = 1; h < order.length; h++) {
      const c = order[h] as number
      if (floor && ((fl[c] as number) < floor.min || totalFl - (fl[c] as number) < floor.min))
        continue
      for (let t = 0; t < d; t++)
        rest[t] = (sum[root * d + t] as number) - (sum[c * d + t] as number)
      const inside = ssdOf(count[c] as number, sum, c * d, d, sq[c] as number)
      const outside = ssdOf(
        totalCount - (count[c] as number),
        rest,
        0,
        d,
        totalSq - (sq[c] as number),
      )
      const gain = totalSsd - inside - outside
      if (
        !best ||
        gain > best.gain + 1e-12 ||
        (Math.abs(gain - best.gain) <= 1e-12 && (rank[c] as number) < (rank[best.child] as number))
      ) {
        best = { gain, child: c, parent: parent[c] as number }
      }
    }
    return best
  }
  const componentOf = (start: number): number[] => {
    const seen = new Set<number>([start])
    const queue = [start]
    for (let h = 0; h < queue.length; h++) {
      for (const v of tree[queue[h] as number] as Set<number>) {
        if (!seen.has(v)) {
          seen.add(v)
          queue.push(v)
        }
      }
    }
    return queue
  }
  // initial areas: the MST's components (one when the graph is connected)
  const areas: Array<{ members: number[]; cut: Cut | null }> = []
  const seen = new Uint8Array(n)
  const byRank = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (rank[a] as number) - (rank[b] as number),
  )
  for (const i of byRank) {
    if (seen[i]) continue
    const members = componentOf(i)
    for (const m of members) seen[m] = 1
    areas.push({ members, cut: bestCut(members) })
  }
  while (areas.length < k) {
    let pick = -1
    for (let a = 0; a < areas.length; a++) {
      const cut = areas[a]?.cut
      if (!cut) continue
      const current = pick >= 0 ? areas[pick]?.cut : null
      if (!current || cut.gain > current.gain + 1e-12) pick = a
    }
    if (pick < 0) break
    const cut = areas[pick]?.cut as Cut
    ;(tree[cut.child] as Set<number>).delete(cut.parent)
    ;(tree[cut.parent] as Set<number>).delete(cut.child)
    const left = componentOf(cut.parent)
    const right = componentOf(cut.child)
    areas.splice(
      pick,
      1,
      { members: left, cut: bestCut(left) },
      { members: right, cut: bestCut(right) },
    )
  }
  areas.forEach((area, a) => {
    for (const m of area.members) labels[m] = a
  })
  return labels
}

/**
 * Max-p style growth (Duque, Anselin & Rey 2012): in `iterations` seeded random orders, grow areas from
 * unassigned seeds by adding the unassigned neighbour closest (in attributes) to the area mean until the
 * area reaches the floor; units of areas that cannot reach it are enclaves, later joined to the adjacent
 * area whose SSD grows least. Keeps the solution with the most areas, then the lowest SSD.
 * When even all units together miss the floor, returns a single area.
 */
export function growMaxP(problem: RegionProblem, seed: number, iterations = 16): Int32Array {
  const { neighbours, values, d, rank, floor } = problem
  if (!floor) throw new DomainError('invalid-input', 'max-p needs a floor (field and minimum)')
  const n = neighbours.length
  const random = createRandom(seed)
  const byRank = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (rank[a] as number) - (rank[b] as number),
  )
  let best: { labels: Int32Array; p: number; ssd: number } | null = null
  for (let iteration = 0; iteration < iterations; iteration++) {
    const order = shuffled(byRank, random)
    const labels = new Int32Array(n).fill(-1)
    let p = 0
    const mean = new Float64Array(d)
    for (const s of order) {
      if ((labels[s] as number) >= 0) continue
      const region = [s]
      labels[s] = p
      let total = floor.values[s] as number
      for (let t = 0; t < d; t++) mean[t] = values[s * d + t] as number
      const frontier = new Set<number>()
      const extend = (u: number): void => {
        for (const v of neighbours[u] as number[]) if ((labels[v] as number) < 0) frontier.add(v)
      }
      extend(s)
      while (total < floor.min && frontier.size > 0) {
        let pick = -1
        let pickD = Infinity
        for (const v of frontier) {
          let dist = 0
          for (let t = 0; t < d; t++)
            dist += ((values[v * d + t] as number) - (mean[t] as number)) ** 2
          if (dist < pickD || (dist === pickD && (rank[v] as number) < (rank[pick] as number))) {
            pick = v
            pickD = dist
          }
        }
        frontier.delete(pick)
        labels[pick] = p
        region.push(pick)
        total += floor.values[pick] as number
        for (let t = 0; t < d; t++)
          mean[t] =
            (mean[t] as number) +
            ((values[pick * d + t] as number) - (mean[t] as number)) / region.length
        extend(pick)
        frontier.delete(pick)
      }
      if (total >= floor.min) p++
      else for (const u of region) labels[u] = -2 // enclave: never a seed again, may join later areas
    }
    if (p === 0) {
      labels.fill(0)
      p = 1
    } else {
      assignEnclaves(problem, labels, byRank)
    }
    const ssd = totalWithinSsd(problem, labels)
    if (!best || p > best.p || (p === best.p && ssd < best.ssd - 1e-12)) best = { labels, p, ssd }
  }
  return (best as { labels: Int32Array }).labels
}

function assignEnclaves(problem: RegionProblem, labels: Int32Array, byRank: number[]): void {
  const { neighbours, values, d } = problem
  const stats = areaStats(problem, labels)
  let pending = byRank.filter((u) => (labels[u] as number) < 0)
  while (pending.length > 0) {
    const next: number[] = []
    for (const u of pending) {
      let bestArea = -1
      let bestCost = Infinity
      for (const v of neighbours[u] as number[]) {
        const a = labels[v] as number
        if (a < 0) continue
        const cost = addCost(stats, a, values, d, u)
        if (cost < bestCost || (cost === bestCost && a < bestArea)) {
          bestArea = a
          bestCost = cost
        }
      }
      if (bestArea < 0) next.push(u)
      else {
        labels[u] = bestArea
        moveStats(stats, values, d, u, -1, bestArea)
      }
    }
    if (next.length === pending.length) {
      throw new Error('enclave assignment made no progress: the contiguity graph is not connected')
    }
    pending = next
  }
}

interface AreaStats {
  count: Float64Array
  sum: Float64Array
  floor: Float64Array
}

function areaStats(problem: RegionProblem, labels: Int32Array): AreaStats {
  const { values, d, floor } = problem
  let areas = 0
  for (const label of labels) areas = Math.max(areas, label + 1)
  const stats: AreaStats = {
    count: new Float64Array(areas),
    sum: new Float64Array(areas * d),
    floor: new Float64Array(areas),
  }
  for (let u = 0; u < labels.length; u++) {
    const a = labels[u] as number
    if (a < 0) continue
    moveStats(stats, values, d, u, -1, a, floor?.values)
  }
  return stats
}

function moveStats(
  stats: AreaStats,
  values: Float64Array,
  d: number,
  u: number,
  from: number,
  to: number,
  floorValues?: Float64Array,
): void {
  const f = floorValues ? (floorValues[u] as number) : 0
  if (from >= 0) {
    stats.count[from] = (stats.count[from] as number) - 1
    for (let t = 0; t < d; t++)
      stats.sum[from * d + t] = (stats.sum[from * d + t] as number) - (values[u * d + t] as number)
    stats.floor[from] = (stats.floor[from] as number) - f
  }
  if (to >= 0) {
    stats.count[to] = (stats.count[to] as number) + 1
    for (let t = 0; t < d; t++)
      stats.sum[to * d + t] = (stats.sum[to * d + t] as number) + (values[u * d + t] as number)
    stats.floor[to] = (stats.floor[to] as number) + f
  }
}

/** Increase of an area's SSD when unit u joins it: n/(n+1)·|x_u − mean|². */
function addCost(stats: AreaStats, a: number, values: Float64Array, d: number, u: number): number {
  const count = stats.count[a] as number
  if (count === 0) return 0
  let dist = 0
  for (let t = 0; t < d; t++)
    dist += ((values[u * d + t] as number) - (stats.sum[a * d + t] as number) / count) ** 2
  return (count / (count + 1)) * dist
}

/** Decrease of an area's SSD when unit u (a member) leaves it: n/(n−1)·|x_u − mean|². */
function removeGain(
  stats: AreaStats,
  a: number,
  values: Float64Array,
  d: number,
  u: number,
): number {
  const count = stats.count[a] as number
  if (count <= 1) return 0
  let dist = 0
  for (let t = 0; t < d; t++)
    dist += ((values[u * d + t] as number) - (stats.sum[a * d + t] as number) / count) ** 2
  return (count / (count - 1)) * dist
}

/**
 * Local search: moves single boundary units to an adjacent area when that lowers the total SSD, keeps
 * the donor area contiguous (BFS) and non-empty and keeps both areas at or above the floor. Units are
 * visited in rank order; passes repeat until none improves (at most `maxPasses`). Mutates `labels`.
 * @returns the number of moves made
 */
export function improveByMoves(
  problem: RegionProblem,
  labels: Int32Array,
  maxPasses = 100,
): number {
  const { neighbours, values, d, rank, floor } = problem
  const n = labels.length
  const stats = areaStats(problem, labels)
  const byRank = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (rank[a] as number) - (rank[b] as number),
  )
  const mark = new Int32Array(n).fill(-1)
  let stamp = 0
  const staysConnected = (u: number, a: number): boolean => {
    // BFS over area a without u, from one of u's neighbours in a
    const starts = (neighbours[u] as number[]).filter((v) => labels[v] === a)
    if (starts.length <= 1) return true
    stamp++
    mark[u] = stamp
    const first = starts[0] as number
    mark[first] = stamp
    const queue = [first]
    let reached = 1
    const target = (stats.count[a] as number) - 1
    for (let h = 0; h < queue.length && reached < target; h++) {
      for (const v of neighbours[queue[h] as number] as number[]) {
        if (labels[v] === a && mark[v] !== stamp) {
          mark[v] = stamp
          reached++
          queue.push(v)
        }
      }
    }
    return reached >= target
  }
  let moves = 0
  for (let pass = 0; pass < maxPasses; pass++) {
    let moved = 0
    for (const u of byRank) {
      const a = labels[u] as number
      if ((stats.count[a] as number) <= 1) continue
      if (floor && (stats.floor[a] as number) - (floor.values[u] as number) < floor.min) continue
      const gainOut = removeGain(stats, a, values, d, u)
      let bestArea = -1
      let bestGain = 1e-9
      for (const v of neighbours[u] as number[]) {
        const b = labels[v] as number
        if (b === a || b === bestArea) continue
        const gain = gainOut - addCost(stats, b, values, d, u)
        if (gain > bestGain || (gain === bestGain && b < bestArea)) {
          bestArea = b
          bestGain = gain
        }
      }
      if (bestArea < 0 || !staysConnected(u, a)) continue
      labels[u] = bestArea
      moveStats(stats, values, d, u, a, bestArea, floor?.values)
      moved++
    }
    moves += moved
    if (moved === 0) break
  }
  return moves
}

/** Renumbers areas 0.. in order of their smallest-ranked member. */
export function relabelByRank(labels: Int32Array, rank: ArrayLike<number>): Int32Array {
  const first = new Map<number, number>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number
    const r = rank[i] as number
    const current = first.get(label)
    if (current === undefined || r < current) first.set(label, r)
  }
  const mapping = new Map(
    [...first.entries()].sort((a, b) => a[1] - b[1]).map(([label], index) => [label, index]),
  )
  return labels.map((label) => mapping.get(label) as number)
}
