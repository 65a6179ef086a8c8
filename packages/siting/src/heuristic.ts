import { createMulberry32 } from '@tongcun/spatial'
import { FORBIDDEN, OPTIONAL, REQUIRED, type Instance } from './problem'
import { assignFor, assignNearest, objectiveOf, unservedShare, type Solution } from './solution'

/** Deterministic PRNG (mulberry32 of `@tongcun/spatial`); `seed` is any integer. */
export function createRng(seed: number): () => number {
  return createMulberry32(seed)
}

/** Limits for the heuristics: work counts keep them deterministic; the deadline cuts them short. */
export interface SearchBudget {
  /** Returns true when time is up (never, without a clock). */
  isExpired: () => boolean
  rng: () => number
  /** VNS rounds without improvement before stopping. */
  maxStall: number
}

/** Weighted cost of demand i at candidate j, or a large penalty when the pair is not allowed. */
function penaltyOf(instance: Instance): number {
  let max = 0
  for (let k = 0; k < instance.cost.length; k++) max = Math.max(max, instance.cost[k]!)
  let weightSum = 0
  for (const w of instance.weight) weightSum += w
  return (max + 1) * (weightSum + 1) * 10
}

function weightedCosts(instance: Instance): Float64Array {
  const { n, m, cost, weight, allowed } = instance
  const penalty = penaltyOf(instance)
  const d = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = i * m + j
      d[k] = allowed[k] ? weight[i]! * cost[k]! : penalty
    }
  }
  return d
}

/** Exactly p open sites, every required one open and no forbidden one. */
function isValidStart(instance: Instance, start: Uint8Array): boolean {
  let count = 0
  for (let j = 0; j < instance.m; j++) {
    if (start[j]) count++
    if (instance.openState[j] === REQUIRED && !start[j]) return false
    if (instance.openState[j] === FORBIDDEN && start[j]) return false
  }
  return count === instance.p
}

/**
 * Uncapacitated p-median local search: greedy construction, then Whitaker's fast interchange
 * (best swap per pass, O(n·m) per pass), wrapped in a VNS that shakes k random swaps.
 * Returns the open set (size p, required sites kept, forbidden never opened).
 */
export function solvePMedianUncapacitated(
  instance: Instance,
  budget: SearchBudget,
  start?: Uint8Array,
): Uint8Array {
  const { n, m, p, openState } = instance
  const d = weightedCosts(instance)
  const open = new Uint8Array(m)
  let openCount = 0
  if (start && isValidStart(instance, start)) {
    // Given start (e.g. a Lagrangian open set): skip the greedy construction.
    open.set(start)
    openCount = p
  } else {
    for (let j = 0; j < m; j++) {
      if (openState[j] === REQUIRED) {
        open[j] = 1
        openCount++
      }
    }
  }
  // Greedy add.
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  for (let j = 0; j < m; j++) {
    if (!open[j]) continue
    for (let i = 0; i < n; i++) best[i] = Math.min(best[i]!, d[i * m + j]!)
  }
  while (openCount < p) {
    let pick = -1
    let pickValue = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++) {
      if (open[j] || openState[j] === FORBIDDEN) continue
      let total = 0
      for (let i = 0; i < n; i++) total += Math.min(best[i]!, d[i * m + j]!)
      if (total < pickValue) {
        pickValue = total
        pick = j
      }
    }
    if (pick < 0) break
    open[pick] = 1
    openCount++
    for (let i = 0; i < n; i++) best[i] = Math.min(best[i]!, d[i * m + pick]!)
  }

  const c1 = new Int32Array(n)
  const c2 = new Int32Array(n)
  const d1 = new Float64Array(n)
  const d2 = new Float64Array(n)
  const openList: number[] = []
  const refresh = (): number => {
    openList.length = 0
    for (let j = 0; j < m; j++) if (open[j]) openList.push(j)
    let total = 0
    for (let i = 0; i < n; i++) {
      let b1 = -1
      let b2 = -1
      let v1 = Number.POSITIVE_INFINITY
      let v2 = Number.POSITIVE_INFINITY
      for (const j of openList) {
        const v = d[i * m + j]!
        if (v < v1) {
          b2 = b1
          v2 = v1
          b1 = j
          v1 = v
        } else if (v < v2) {
          b2 = j
          v2 = v
        }
      }
      c1[i] = b1
      c2[i] = b2
      d1[i] = v1
      d2[i] = v2
      total += v1
    }
    return total
  }
  const loss = new Float64Array(m)
  const localSearch = (): number => {
    let total = refresh()
    for (;;) {
      if (budget.isExpired()) return total
      let bestProfit = 1e-9 * Math.max(1, Math.abs(total))
      let bestIn = -1
      let bestOut = -1
      for (let f = 0; f < m; f++) {
        if (open[f] || openState[f] === FORBIDDEN) continue
        let gain = 0
        for (const r of openList) loss[r] = 0
        for (let i = 0; i < n; i++) {
          const v = d[i * m + f]!
          if (v < d1[i]!) gain += d1[i]! - v
          else loss[c1[i]!]! += Math.min(v, d2[i]!) - d1[i]!
        }
        for (const r of openList) {
          if (openState[r] !== OPTIONAL) continue
          const profit = gain - loss[r]!
          if (profit > bestProfit) {
            bestProfit = profit
            bestIn = f
            bestOut = r
          }
        }
      }
      if (bestIn < 0) return total
      open[bestOut] = 0
      open[bestIn] = 1
      total = refresh()
    }
  }
  let bestTotal = localSearch()
  let bestOpen = Uint8Array.from(open)
  const optional = openList.filter((j) => openState[j] === OPTIONAL)
  let closedCount = 0
  for (let j = 0; j < m; j++) if (!open[j] && openState[j] !== FORBIDDEN) closedCount++
  if (optional.length === 0 || closedCount === 0) return bestOpen
  const kMax = Math.max(1, Math.min(10, optional.length, closedCount))
  let stall = 0
  let k = 1
  while (stall < budget.maxStall && !budget.isExpired()) {
    open.set(bestOpen)
    for (let s = 0; s < k; s++) {
      const openOptional: number[] = []
      const closed: number[] = []
      for (let j = 0; j < m; j++) {
        if (open[j] && openState[j] === OPTIONAL) openOptional.push(j)
        else if (!open[j] && openState[j] !== FORBIDDEN) closed.push(j)
      }
      if (openOptional.length === 0 || closed.length === 0) break
      open[openOptional[Math.floor(budget.rng() * openOptional.length)]!] = 0
      open[closed[Math.floor(budget.rng() * closed.length)]!] = 1
    }
    const total = localSearch()
    if (total < bestTotal - 1e-9 * Math.max(1, Math.abs(bestTotal))) {
      bestTotal = total
      bestOpen = Uint8Array.from(open)
      k = 1
      stall = 0
    } else {
      k = k >= kMax ? 1 : k + 1
      stall++
    }
  }
  return bestOpen
}

/** Lexicographic score: unserved share first, then the primary objective, then total cost. */
type Score = [number, number, number]

function scoreOf(instance: Instance, solution: Solution): Score {
  const { objective, cost, weight, m } = instance
  let total = 0
  solution.parts.forEach((parts, i) => {
    for (const [j, fraction] of parts) total += weight[i]! * cost[i * m + j]! * fraction
  })
  const value = objectiveOf(instance, solution)
  if (objective === 'mclp') return [0, -value, total]
  return [unservedShare(instance, solution), value, total]
}

function isBetter(a: Score, b: Score): boolean {
  for (let k = 0; k < 3; k++) {
    const tolerance = 1e-9 * Math.max(1, Math.abs(b[k]!))
    if (a[k]! < b[k]! - tolerance) return true
    if (a[k]! > b[k]! + tolerance) return false
  }
  return false
}

/**
 * Generic swap local search with VNS shaking for a fixed number of open sites, evaluating each
 * open set with `assignFor` (nearest site, or the capacity-respecting greedy). Used for mclp,
 * p-center and every capacitated model.
 */
export function improveBySwaps(
  instance: Instance,
  start: Uint8Array,
  budget: SearchBudget,
): Solution {
  const { m, openState } = instance
  const open = Uint8Array.from(start)
  let current = assignFor(instance, open)
  let currentScore = scoreOf(instance, current)
  const localSearch = (): void => {
    let improved = true
    while (improved && !budget.isExpired()) {
      improved = false
      const outs: number[] = []
      const ins: number[] = []
      for (let j = 0; j < m; j++) {
        if (open[j] && openState[j] === OPTIONAL) outs.push(j)
        else if (!open[j] && openState[j] !== FORBIDDEN) ins.push(j)
      }
      // Large neighbourhoods are sampled (seeded) so one pass stays near 5,000 evaluations.
      const limit = Math.max(8, Math.floor(5000 / Math.max(1, outs.length)))
      if (ins.length > limit) {
        for (let a = ins.length - 1; a > 0; a--) {
          const b = Math.floor(budget.rng() * (a + 1))
          const t = ins[a]!
          ins[a] = ins[b]!
          ins[b] = t
        }
        ins.length = limit
      }
      search: for (const r of outs) {
        for (const f of ins) {
          if (budget.isExpired()) break search
          open[r] = 0
          open[f] = 1
          const candidate = assignFor(instance, open)
          const score = scoreOf(instance, candidate)
          if (isBetter(score, currentScore)) {
            current = candidate
            currentScore = score
            improved = true
            break search
          }
          open[r] = 1
          open[f] = 0
        }
      }
    }
  }
  localSearch()
  let best = current
  let bestScore = currentScore
  let stall = 0
  let k = 1
  while (stall < budget.maxStall && !budget.isExpired()) {
    open.set(best.open)
    for (let s = 0; s < k; s++) {
      const outs: number[] = []
      const ins: number[] = []
      for (let j = 0; j < m; j++) {
        if (open[j] && openState[j] === OPTIONAL) outs.push(j)
        else if (!open[j] && openState[j] !== FORBIDDEN) ins.push(j)
      }
      if (outs.length === 0 || ins.length === 0) break
      open[outs[Math.floor(budget.rng() * outs.length)]!] = 0
      open[ins[Math.floor(budget.rng() * ins.length)]!] = 1
    }
    current = assignFor(instance, open)
    currentScore = scoreOf(instance, current)
    localSearch()
    if (isBetter(currentScore, bestScore)) {
      best = current
      bestScore = currentScore
      stall = 0
      k = 1
    } else {
      stall++
      k = k >= 3 ? 1 : k + 1
    }
  }
  return best
}

/** Whether every demand is served (must-serve models). */
export function isComplete(instance: Instance, solution: Solution): boolean {
  return unservedShare(instance, solution) === 0
}

/**
 * Set-covering heuristic: required sites, then greedily the site serving the most unserved demand
 * within maxCost, until the (capacity-respecting) assignment serves everyone; then drops redundant
 * sites (most expensive to keep first, ties by id). Returns null when even all sites do not suffice
 * for the greedy assignment.
 */
export function solveSetCover(instance: Instance, budget: SearchBudget): Solution | null {
  const { n, m, openState, allowed, size } = instance
  const open = new Uint8Array(m)
  for (let j = 0; j < m; j++) if (openState[j] === REQUIRED) open[j] = 1
  let current = assignFor(instance, open)
  while (!isComplete(instance, current)) {
    if (budget.isExpired()) return null
    const unserved = new Float64Array(n)
    current.parts.forEach((parts, i) => {
      unserved[i] = 1 - parts.reduce((sum, [, fraction]) => sum + fraction, 0)
    })
    let pick = -1
    let pickValue = 0
    for (let j = 0; j < m; j++) {
      if (open[j] || openState[j] === FORBIDDEN) continue
      let value = 0
      for (let i = 0; i < n; i++) {
        if (allowed[i * m + j] && unserved[i]! > 1e-9)
          value += 1 + Math.min(size[i]!, instance.capacity[j]!) * 1e-9
      }
      if (value > pickValue) {
        pickValue = value
        pick = j
      }
    }
    if (pick < 0) return null
    open[pick] = 1
    current = assignFor(instance, open)
  }
  // Drop pass.
  for (let j = 0; j < m; j++) {
    if (!open[j] || openState[j] !== OPTIONAL || budget.isExpired()) continue
    open[j] = 0
    const candidate = assignFor(instance, open)
    if (isComplete(instance, candidate)) current = candidate
    else open[j] = 1
  }
  return assignFor(instance, open)
}

/** Uncapacitated answer for a fixed open set (re-exported for the solver). */
export { assignNearest }
