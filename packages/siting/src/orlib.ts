import { DomainError, type SitingProblem } from '@tongcun/domain'

/**
 * Parses an OR-Library p-median file (`pmedN.txt`: line 1 `n edges p`, then `i j cost`, 1-based,
 * undirected) into a dense p-median problem. Per the reference README: both directions are set for
 * each edge line in file order (a repeated edge keeps its LAST cost, not the minimum), then
 * all-pairs shortest paths (Floyd–Warshall). Every vertex is a client (weight 1) and a candidate.
 * Demand and candidate ids are `v1 … vN` zero-padded to sort numerically.
 */
export function parseOrlibPmed(text: string, name = 'pmed'): SitingProblem {
  const numbers = text.trim().split(/\s+/).map(Number)
  const [n, edges, p] = numbers
  if (!n || edges === undefined || !p || numbers.length < 3 + 3 * edges) {
    throw new DomainError(
      'invalid-input',
      `${name}: expected "n edges p" then ${edges ?? '?'} lines "i j cost"`,
    )
  }
  const inf = Number.POSITIVE_INFINITY
  const dist = new Float64Array(n * n).fill(inf)
  for (let i = 0; i < n; i++) dist[i * n + i] = 0
  for (let e = 0; e < edges; e++) {
    const a = numbers[3 + 3 * e]! - 1
    const b = numbers[4 + 3 * e]! - 1
    const c = numbers[5 + 3 * e]!
    if (!(a >= 0 && a < n && b >= 0 && b < n) || !Number.isFinite(c)) {
      throw new DomainError(
        'invalid-input',
        `${name}: edge line ${e + 2} has a vertex outside 1..${n} or a bad cost`,
      )
    }
    dist[a * n + b] = c
    dist[b * n + a] = c
  }
  floydWarshall(dist, n)
  const width = String(n).length
  const id = (k: number): string => `v${String(k + 1).padStart(width, '0')}`
  const matrix: number[][] = []
  for (let i = 0; i < n; i++) {
    const row: number[] = []
    for (let j = 0; j < n; j++) {
      const d = dist[i * n + j]!
      if (!Number.isFinite(d))
        throw new DomainError(
          'invalid-input',
          `${name}: graph is disconnected (${id(i)} → ${id(j)})`,
        )
      row.push(d)
    }
    matrix.push(row)
  }
  return {
    objective: 'p-median',
    p,
    singleSource: true,
    demand: Array.from({ length: n }, (_, k) => ({ id: id(k), weight: 1 })),
    candidates: Array.from({ length: n }, (_, k) => ({ id: id(k) })),
    matrix,
  }
}

/** In-place all-pairs shortest paths on a dense n×n matrix (Infinity = no edge). */
export function floydWarshall(dist: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const rowK = k * n
    for (let i = 0; i < n; i++) {
      const dik = dist[i * n + k]!
      if (dik === Number.POSITIVE_INFINITY) continue
      const rowI = i * n
      for (let j = 0; j < n; j++) {
        const via = dik + dist[rowK + j]!
        if (via < dist[rowI + j]!) dist[rowI + j] = via
      }
    }
  }
}

/**
 * Parses an OR-Library capacitated p-median file (`pmedcap1_NN.txt`: `problem best_known`, then
 * `n p capacity`, then `id x y demand`): every point is a client (weight 1, size = demand) and a
 * candidate with the common capacity; cost = floor(Euclidean distance); single-source.
 * Returns the problem and the best known objective from the header.
 */
export function parseOrlibPmedcap(text: string): { problem: SitingProblem; bestKnown: number } {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/).map(Number))
  const [, bestKnown] = lines[0]!
  const [n, p, capacity] = lines[1]!
  if (!n || !p || capacity === undefined || bestKnown === undefined) {
    throw new DomainError(
      'invalid-input',
      'pmedcap: bad header (expected "problem best" then "n p capacity")',
    )
  }
  const points = lines
    .slice(2, 2 + n)
    .map(([, x, y, demand]) => ({ x: x!, y: y!, demand: demand! }))
  return {
    bestKnown,
    problem: euclideanProblem(points, p, () => capacity, Math.floor),
  }
}

/**
 * Parses a Lorena–Senne SJC file (`n p`, then `x y capacity demand` per point): every point is a
 * client (size = demand) and a candidate with its capacity; cost = real Euclidean distance.
 */
export function parseLorenaSjc(text: string): SitingProblem {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/).map(Number))
  const [n, p] = lines[0]!
  if (!n || !p) throw new DomainError('invalid-input', 'SJC: bad header (expected "n p")')
  const rows = lines.slice(1, 1 + n)
  return euclideanProblem(
    rows.map(([x, y, , demand]) => ({ x: x!, y: y!, demand: demand! })),
    p,
    (k) => rows[k]![2]!,
    (d) => d,
  )
}

function euclideanProblem(
  points: Array<{ x: number; y: number; demand: number }>,
  p: number,
  capacityOf: (k: number) => number,
  round: (d: number) => number,
): SitingProblem {
  const width = String(points.length).length
  const id = (k: number): string => `v${String(k + 1).padStart(width, '0')}`
  return {
    objective: 'p-median',
    p,
    singleSource: true,
    demand: points.map((point, k) => ({ id: id(k), weight: 1, size: point.demand })),
    candidates: points.map((_, k) => ({ id: id(k), capacity: capacityOf(k) })),
    matrix: points.map((a) => points.map((b) => round(Math.hypot(a.x - b.x, a.y - b.y)))),
  }
}
