/**
 * Optimality against brute force: every p-subset of sites (every subset for lscp) and, for
 * capacitated single-source cases, every assignment; splittable capacitated cases use an
 * independent min-cost flow (successive shortest paths). Nothing here calls the solver's own code.
 */
import { describe, expect, it } from 'vitest'
import type { CandidateOpen, SitingObjective, SitingProblem, SitingResult } from '@tongcun/domain'
import { solveSites } from '../src/index'

function rng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 4294967296
  }
}

interface Case {
  problem: SitingProblem
  cost: number[][]
}

function randomCase(
  seed: number,
  objective: SitingObjective,
  capacitated: boolean,
  singleSource: boolean,
): Case {
  const random = rng(seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1))
  const n = int(3, 6)
  const m = int(3, 5)
  const p = int(1, Math.min(3, m - 1))
  const demand = Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    weight: int(1, 9),
    size: int(1, 6),
  }))
  const totalSize = demand.reduce((sum, d) => sum + d.size, 0)
  const candidates = Array.from({ length: m }, (_, j) => {
    const roll = random()
    const open: CandidateOpen = roll < 0.12 ? 'required' : roll < 0.24 ? 'forbidden' : 'optional'
    return {
      id: `s${j}`,
      open,
      ...(capacitated ? { capacity: Math.round((totalSize / p) * (0.6 + random() * 1.2)) } : {}),
    }
  })
  const cost = demand.map(() => candidates.map(() => int(1, 30)))
  const sorted = cost.flat().sort((a, b) => a - b)
  const maxCost = sorted[Math.floor(sorted.length * (0.35 + random() * 0.4))]!
  const problem: SitingProblem = {
    objective,
    singleSource,
    demand,
    candidates,
    matrix: cost,
    ...(objective !== 'lscp' ? { p } : {}),
    ...(objective === 'mclp' || objective === 'lscp' ? { maxCost } : {}),
    ...(objective === 'p-median' && random() < 0.3
      ? { maxCost: sorted[Math.floor(sorted.length * 0.7)]! }
      : {}),
  }
  return { problem, cost }
}

/** Min-cost flow by successive shortest paths (Bellman–Ford), float capacities. */
function minCostFlow(
  nodes: number,
  arcs: Array<{ from: number; to: number; cap: number; cost: number }>,
  source: number,
  sink: number,
): { flow: number[]; cost: number } {
  const to: number[] = []
  const cap: number[] = []
  const cst: number[] = []
  const adjacency: number[][] = Array.from({ length: nodes }, () => [])
  for (const arc of arcs) {
    adjacency[arc.from]!.push(to.length)
    to.push(arc.to)
    cap.push(arc.cap)
    cst.push(arc.cost)
    adjacency[arc.to]!.push(to.length)
    to.push(arc.from)
    cap.push(0)
    cst.push(-arc.cost)
  }
  let total = 0
  for (;;) {
    const dist = new Array<number>(nodes).fill(Infinity)
    const via = new Array<number>(nodes).fill(-1)
    dist[source] = 0
    for (let round = 0; round < nodes; round++) {
      let changed = false
      for (let u = 0; u < nodes; u++) {
        if (dist[u] === Infinity) continue
        for (const e of adjacency[u]!) {
          if (cap[e]! > 1e-12 && dist[u]! + cst[e]! < dist[to[e]!]! - 1e-12) {
            dist[to[e]!] = dist[u]! + cst[e]!
            via[to[e]!] = e
            changed = true
          }
        }
      }
      if (!changed) break
    }
    if (dist[sink] === Infinity || dist[sink]! >= -1e-12) break
    let push = Infinity
    for (let v = sink; v !== source; v = to[via[v]! ^ 1]!) push = Math.min(push, cap[via[v]!]!)
    for (let v = sink; v !== source; v = to[via[v]! ^ 1]!) {
      cap[via[v]!]! -= push
      cap[via[v]! ^ 1]! += push
    }
    total += push * dist[sink]!
  }
  const flow = arcs.map((_, k) => cap[2 * k + 1]!)
  return { flow, cost: total }
}

const BIG = 1e6

/** Best objective for a fixed open set, or null when no assignment serves everyone. */
function bestForOpenSet(c: Case, open: number[]): number | null {
  const { problem, cost } = c
  const { demand, candidates, objective } = problem
  const n = demand.length
  const maxCost = problem.maxCost ?? Infinity
  const ok = (i: number, j: number): boolean => cost[i]![j]! <= maxCost
  const capacitated = candidates.some((s) => s.capacity !== undefined)
  const capOf = (j: number): number => candidates[j]!.capacity ?? Infinity
  if (objective === 'lscp' && !capacitated) {
    return demand.every((_, i) => open.some((j) => ok(i, j))) ? open.length : null
  }
  if (!capacitated) {
    let total = 0
    for (let i = 0; i < n; i++) {
      const reachable = open.filter((j) => ok(i, j)).map((j) => cost[i]![j]!)
      if (objective === 'mclp') total += reachable.length > 0 ? demand[i]!.weight : 0
      else if (reachable.length === 0) return null
      else if (objective === 'p-median') total += demand[i]!.weight * Math.min(...reachable)
      else total = Math.max(total, Math.min(...reachable))
    }
    return total
  }
  if (problem.singleSource !== false) {
    // Every assignment (−1 = unassigned, mclp only).
    let best: number | null = null
    const choice = new Array<number>(n).fill(-1)
    const load = new Map<number, number>()
    const recurse = (i: number): void => {
      if (i === n) {
        let value = 0
        for (let k = 0; k < n; k++) {
          const j = choice[k]!
          if (objective === 'p-median') value += demand[k]!.weight * cost[k]![j]!
          else if (objective === 'mclp') value += j >= 0 ? demand[k]!.weight : 0
          else if (objective === 'p-center') value = Math.max(value, cost[k]![j]!)
        }
        if (objective === 'lscp') value = open.length
        const better = best === null || (objective === 'mclp' ? value > best : value < best)
        if (better) best = value
        return
      }
      const options = open.filter((j) => ok(i, j))
      if (objective === 'mclp') options.push(-1)
      for (const j of options) {
        const used = j >= 0 ? (load.get(j) ?? 0) : 0
        if (j >= 0 && used + demand[i]!.size! > capOf(j)) continue
        if (j >= 0) load.set(j, used + demand[i]!.size!)
        choice[i] = j
        recurse(i + 1)
        if (j >= 0) load.set(j, used)
      }
    }
    recurse(0)
    return best
  }
  // Splittable: flow network source → demand i (cap size_i) → site j (arcs within limit) → sink.
  const solveFlow = (limit: number, unitValue: (i: number, j: number) => number) => {
    const source = n + open.length
    const sink = source + 1
    const arcs: Array<{ from: number; to: number; cap: number; cost: number }> = []
    demand.forEach((d, i) => arcs.push({ from: source, to: i, cap: d.size!, cost: 0 }))
    demand.forEach((_, i) =>
      open.forEach((j, k) => {
        if (ok(i, j) && cost[i]![j]! <= limit)
          arcs.push({ from: i, to: n + k, cap: Infinity, cost: unitValue(i, j) })
      }),
    )
    open.forEach((j, k) => arcs.push({ from: n + k, to: sink, cap: capOf(j), cost: 0 }))
    const result = minCostFlow(sink + 1, arcs, source, sink)
    const sent = demand.map((_, i) => result.flow[i]!)
    return { result, sent }
  }
  const fullySent = (sent: number[]): boolean => sent.every((f, i) => f >= demand[i]!.size! - 1e-7)
  if (objective === 'mclp') {
    const { result } = solveFlow(Infinity, (i) => -demand[i]!.weight / demand[i]!.size!)
    return -result.cost
  }
  if (objective === 'p-median') {
    const { result, sent } = solveFlow(
      Infinity,
      (i, j) => (demand[i]!.weight * cost[i]![j]!) / demand[i]!.size! - BIG,
    )
    if (!fullySent(sent)) return null
    return result.cost + BIG * demand.reduce((sum, d) => sum + d.size!, 0)
  }
  const radii = [...new Set(cost.flat())].sort((a, b) => a - b)
  for (const radius of objective === 'lscp' ? [maxCost] : radii) {
    const { sent } = solveFlow(radius, () => -1)
    if (fullySent(sent)) return objective === 'lscp' ? open.length : radius
  }
  return null
}

function subsets(items: number[], size: number): number[][] {
  if (size === 0) return [[]]
  if (items.length < size) return []
  const [first, ...rest] = items
  return [...subsets(rest, size - 1).map((s) => [first!, ...s]), ...subsets(rest, size)]
}

/** Brute-force optimum, or null when infeasible. */
function bruteForce(c: Case): number | null {
  const { candidates, objective } = c.problem
  const required = candidates.flatMap((s, j) => (s.open === 'required' ? [j] : []))
  const optional = candidates.flatMap((s, j) =>
    s.open !== 'required' && s.open !== 'forbidden' ? [j] : [],
  )
  const sizes =
    objective === 'lscp'
      ? Array.from({ length: optional.length + 1 }, (_, k) => k)
      : [(c.problem.p ?? 0) - required.length]
  let best: number | null = null
  for (const extra of sizes) {
    if (extra < 0) continue
    for (const subset of subsets(optional, extra)) {
      const value = bestForOpenSet(
        c,
        [...required, ...subset].sort((a, b) => a - b),
      )
      if (value === null) continue
      if (best === null || (objective === 'mclp' ? value > best : value < best)) best = value
    }
    if (objective === 'lscp' && best !== null) break
  }
  return best
}

/** Independent check of a returned answer; returns its objective. */
function checkAnswer(c: Case, result: SitingResult): number {
  const { problem, cost } = c
  const index = new Map(problem.candidates.map((s, j) => [s.id, j]))
  const open = new Set(result.open)
  for (const s of problem.candidates) {
    if (s.open === 'required') expect(open.has(s.id)).toBe(true)
    if (s.open === 'forbidden') expect(open.has(s.id)).toBe(false)
  }
  if (problem.objective !== 'lscp') expect(open.size).toBe(problem.p)
  const load = new Map<string, number>()
  let median = 0
  let covered = 0
  let center = 0
  problem.demand.forEach((d, i) => {
    const a = result.assignment[d.id]
    const parts: Array<[string, number]> =
      a === undefined ? [] : typeof a === 'string' ? [[a, 1]] : Object.entries(a)
    if (problem.singleSource !== false) expect(parts.every(([, f]) => f === 1)).toBe(true)
    let served = 0
    for (const [site, fraction] of parts) {
      expect(open.has(site)).toBe(true)
      const j = index.get(site)!
      const c2 = cost[i]![j]!
      if (problem.maxCost !== undefined && problem.maxCost !== null)
        expect(c2).toBeLessThanOrEqual(problem.maxCost)
      load.set(site, (load.get(site) ?? 0) + fraction * d.size!)
      median += d.weight * c2 * fraction
      covered += d.weight * fraction
      if (fraction > 1e-9) center = Math.max(center, c2)
      served += fraction
    }
    if (problem.objective !== 'mclp') expect(served).toBeCloseTo(1, 6)
    else expect(result.uncovered.includes(d.id)).toBe(served < 1 - 1e-6)
  })
  for (const [site, used] of load) {
    const capacity = problem.candidates[index.get(site)!]!.capacity
    if (capacity !== undefined && capacity !== null)
      expect(used).toBeLessThanOrEqual(capacity + 1e-6)
  }
  const value =
    problem.objective === 'p-median'
      ? median
      : problem.objective === 'mclp'
        ? covered
        : problem.objective === 'lscp'
          ? open.size
          : center
  expect(result.objective).toBeCloseTo(value, 6)
  return value
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))

describe.each([
  ['p-median', false, true],
  ['p-median', true, true],
  ['p-median', true, false],
  ['mclp', false, true],
  ['mclp', true, true],
  ['mclp', true, false],
  ['lscp', false, true],
  ['lscp', true, true],
  ['lscp', true, false],
  ['p-center', false, true],
  ['p-center', true, true],
  ['p-center', true, false],
] as const)('%s, capacitated %s, single-source %s', (objective, capacitated, singleSource) => {
  it('matches brute force on seeded random instances (exact and heuristic)', async () => {
    let optimalCount = 0
    for (let seed = 1; seed <= 10; seed++) {
      const c = randomCase(
        seed * 7919 + objective.length * 31 + (capacitated ? 3 : 0) + (singleSource ? 5 : 0),
        objective,
        capacitated,
        singleSource,
      )
      const optimum = bruteForce(c)
      const minimise = objective !== 'mclp'
      for (const method of ['exact', 'heuristic'] as const) {
        const result = await solveSites(c.problem, { method, seed: 1, timeLimitSeconds: 20 })
        const label = `seed ${seed} ${method}: ${JSON.stringify(c.problem)} → ${JSON.stringify(result)}`
        if (optimum === null) {
          expect(
            result.status === 'infeasible' ||
              (method === 'heuristic' && result.status === 'unknown'),
            label,
          ).toBe(true)
          continue
        }
        expect(['optimal', 'feasible'], label).toContain(result.status)
        const value = checkAnswer(c, result)
        if (result.status === 'optimal') {
          expect(close(value, optimum), label).toBe(true)
          optimalCount++
        } else if (minimise) {
          expect(value, label).toBeGreaterThanOrEqual(optimum - 1e-6)
          expect(result.lowerBound!, label).toBeLessThanOrEqual(optimum + 1e-6)
        } else {
          expect(value, label).toBeLessThanOrEqual(optimum + 1e-6)
          expect(result.upperBound!, label).toBeGreaterThanOrEqual(optimum - 1e-6)
        }
        if (method === 'exact') expect(result.status, label).toBe('optimal')
      }
    }
    expect(optimalCount).toBeGreaterThan(0)
  })
})

describe('uncapacitated p-median branch and bound on medium instances', () => {
  it('equals enumeration of every p-subset (n = 30, m = 14, p = 2..5, real-valued costs)', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const random = rng(seed * 104729)
      const points = Array.from({ length: 30 }, () => [random() * 100, random() * 100] as const)
      const sites = Array.from({ length: 14 }, () => [random() * 100, random() * 100] as const)
      const p = 2 + (seed % 4)
      const problem: SitingProblem = {
        objective: 'p-median',
        p,
        demand: points.map((_, i) => ({
          id: `d${String(i).padStart(2, '0')}`,
          weight: 1 + Math.floor(random() * 50),
        })),
        candidates: sites.map((_, j) => ({
          id: `s${String(j).padStart(2, '0')}`,
          open:
            j === seed % 14
              ? ('required' as const)
              : j === (seed + 5) % 14
                ? ('forbidden' as const)
                : ('optional' as const),
        })),
        matrix: points.map((a) => sites.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1]))),
      }
      const optimum = bruteForce({ problem, cost: problem.matrix! })!
      const result = await solveSites(problem, { method: 'auto', seed: 1 })
      expect(result.status).toBe('optimal')
      expect(result.objective!).toBeCloseTo(optimum, 6)
      checkAnswer({ problem, cost: problem.matrix! }, result)
    }
  })
})
