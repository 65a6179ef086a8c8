import { sortedWeightedCosts } from './lagrangian'
import { FORBIDDEN, REQUIRED, type Instance } from './problem'

/**
 * Exact uncapacitated p-median by Lagrangian branch and bound (Beasley 1985 style): at every node
 * the assignment rows are relaxed (bound L(λ) by subgradient, warm-started from the parent), the
 * relaxed open set is evaluated as an answer, sites are fixed open/closed by the Lagrangian cost
 * tests, and the search branches on a site (open first, then closed), depth first.
 * We wrote this instead of relying on HiGHS alone because HiGHS (WebAssembly) spends ~1–5 s on the
 * root of 100-vertex OR-Library instances that this closes in well under a second.
 */
export interface PMedianBnbOptions {
  /** Open set of a known answer (size p) and its cost. */
  incumbentOpen: Uint8Array
  incumbentValue: number
  /** Objective values are integers: bounds are rounded up. */
  integral: boolean
  isExpired: () => boolean
  maxNodes: number
}

export interface PMedianBnbResult {
  open: Uint8Array
  value: number
  /** true = the search finished: `value` is optimal. */
  complete: boolean
  /** Valid lower bound on the optimum: the root bound, or the best of the unexplored nodes' bounds. */
  rootBound: number
  nodes: number
}

/** 0 free, 1 fixed open, 2 fixed closed. */
type Fixing = Uint8Array

export function solvePMedianBnb(instance: Instance, options: PMedianBnbOptions): PMedianBnbResult {
  const { n, m, p, cost, weight, allowed, openState } = instance
  const d = new Float64Array(n * m).fill(Number.POSITIVE_INFINITY)
  for (let k = 0; k < n * m; k++) if (allowed[k]) d[k] = weight[Math.floor(k / m)]! * cost[k]!
  let bestValue = options.incumbentValue
  let bestOpen = Uint8Array.from(options.incumbentOpen)
  const round = (value: number): number => (options.integral ? Math.ceil(value - 1e-6) : value)
  const tolerance = (): number => 1e-9 * Math.max(1, Math.abs(bestValue))
  const prunes = (bound: number): boolean => round(bound) >= bestValue - tolerance()

  const sorted = sortedWeightedCosts(instance)
  const { offsets, site, value: sortedValue } = sorted
  const evaluate = (open: Uint8Array): number => {
    let total = 0
    for (let i = 0; i < n; i++) {
      let best = Number.POSITIVE_INFINITY
      for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
        if (open[site[k]!]) {
          best = sortedValue[k]!
          break
        }
      }
      total += best
      if (total >= bestValue) return total
    }
    return total
  }

  const rho = new Float64Array(m)
  const chosen = new Uint8Array(m)
  const subgradient = new Float64Array(n)
  const order: number[] = []

  /** Runs the subgradient at a node; returns the best bound and leaves `lambda` at its best. */
  const relax = (
    fix: Fixing,
    lambda: Float64Array,
    iterations: number,
    thetaStart: number,
  ): { bound: number; rho: Float64Array; chosen: Uint8Array; lambdaSum: number } | null => {
    let forced = 0
    const free: number[] = []
    for (let j = 0; j < m; j++) {
      if (fix[j] === 1) forced++
      else if (fix[j] === 0) free.push(j)
    }
    if (forced > p || forced + free.length < p) return null
    for (let i = 0; i < n; i++) {
      let any = false
      for (let j = 0; j < m && !any; j++)
        any = fix[j] !== 2 && d[i * m + j]! < Number.POSITIVE_INFINITY
      if (!any) return null
    }
    let best = Number.NEGATIVE_INFINITY
    const bestLambda = Float64Array.from(lambda)
    const bestRho = new Float64Array(m)
    const bestChosen = new Uint8Array(m)
    let bestLambdaSum = 0
    let theta = thetaStart
    let stall = 0
    for (let iteration = 0; iteration < iterations; iteration++) {
      rho.fill(0)
      for (let i = 0; i < n; i++) {
        const l = lambda[i]!
        for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
          const v = sortedValue[k]! - l
          if (v >= 0) break
          rho[site[k]!]! += v
        }
      }
      order.length = 0
      for (const j of free) order.push(j)
      order.sort((a, b) => rho[a]! - rho[b]! || a - b)
      chosen.fill(0)
      let lambdaSum = 0
      for (let i = 0; i < n; i++) lambdaSum += lambda[i]!
      let value = lambdaSum
      for (let j = 0; j < m; j++) {
        if (fix[j] === 1) {
          chosen[j] = 1
          value += rho[j]!
        }
      }
      for (let k = 0; k < p - forced; k++) {
        chosen[order[k]!] = 1
        value += rho[order[k]!]!
      }
      if (iteration % 5 === 0 || iteration === iterations - 1) {
        const candidate = evaluate(chosen)
        if (candidate < bestValue - tolerance()) {
          bestValue = candidate
          bestOpen = Uint8Array.from(chosen)
        }
      }
      if (value > best + 1e-12 * Math.max(1, Math.abs(best)) || !Number.isFinite(best)) {
        best = value
        bestLambda.set(lambda)
        bestRho.set(rho)
        bestChosen.set(chosen)
        bestLambdaSum = lambdaSum
        stall = 0
      } else if (++stall >= 10) {
        theta /= 2
        stall = 0
      }
      if (prunes(best) || theta < 1e-4) break
      let norm = 0
      for (let i = 0; i < n; i++) {
        const l = lambda[i]!
        let served = 0
        for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
          if (sortedValue[k]! - l >= 0) break
          if (chosen[site[k]!]) served++
        }
        subgradient[i] = 1 - served
        norm += subgradient[i]! * subgradient[i]!
      }
      if (norm === 0) {
        // The relaxed answer is feasible, so it is optimal at this node: L = its cost.
        const candidate = evaluate(chosen)
        if (candidate < bestValue - tolerance()) {
          bestValue = candidate
          bestOpen = Uint8Array.from(chosen)
        }
        break
      }
      const step = (theta * Math.max(bestValue - value, tolerance())) / norm
      for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * subgradient[i]!)
    }
    lambda.set(bestLambda)
    return { bound: best, rho: bestRho, chosen: bestChosen, lambdaSum: bestLambdaSum }
  }

  /** Lagrangian cost tests: fix sites whose opening/closing cannot lead below the incumbent. */
  const fixByTests = (
    fix: Fixing,
    relaxed: { rho: Float64Array; chosen: Uint8Array; bound: number },
  ): void => {
    let lastChosen = Number.NEGATIVE_INFINITY
    let firstOut = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++) {
      if (fix[j] !== 0) continue
      if (relaxed.chosen[j]) lastChosen = Math.max(lastChosen, relaxed.rho[j]!)
      else firstOut = Math.min(firstOut, relaxed.rho[j]!)
    }
    for (let j = 0; j < m; j++) {
      if (fix[j] !== 0) continue
      if (!relaxed.chosen[j]) {
        if (Number.isFinite(lastChosen) && prunes(relaxed.bound + relaxed.rho[j]! - lastChosen))
          fix[j] = 2
      } else if (Number.isFinite(firstOut) && prunes(relaxed.bound - relaxed.rho[j]! + firstOut))
        fix[j] = 1
    }
  }

  const rootFix: Fixing = new Uint8Array(m)
  for (let j = 0; j < m; j++) {
    if (openState[j] === FORBIDDEN) rootFix[j] = 2
    else if (openState[j] === REQUIRED) rootFix[j] = 1
  }
  const rootLambda = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let min = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++) if (rootFix[j] !== 2) min = Math.min(min, d[i * m + j]!)
    rootLambda[i] = Number.isFinite(min) ? min : 0
  }
  const root = relax(rootFix, rootLambda, 1500, 2)
  if (!root)
    return { open: bestOpen, value: bestValue, complete: true, rootBound: bestValue, nodes: 1 }
  const rootBound = root.bound
  // Each node carries its parent's bound: when the search stops early, the smallest bound of the
  // unexplored nodes is a valid lower bound on the optimum (≥ the root bound).
  const stack: Array<{ fix: Fixing; lambda: Float64Array; parentBound: number }> = [
    { fix: rootFix, lambda: rootLambda, parentBound: rootBound },
  ]
  let nodes = 0
  let first = true
  while (stack.length > 0) {
    if (nodes >= options.maxNodes || options.isExpired()) {
      let open = bestValue
      for (const node of stack) open = Math.min(open, node.parentBound)
      return {
        open: bestOpen,
        value: bestValue,
        complete: false,
        rootBound: Math.max(rootBound, open),
        nodes,
      }
    }
    const node = stack.pop()!
    nodes++
    const relaxed = first ? root : relax(node.fix, node.lambda, 120, 0.5)
    first = false
    if (!relaxed || prunes(relaxed.bound)) continue
    fixByTests(node.fix, relaxed)
    // Branch on the free chosen site with the largest ρ (least certain of the chosen ones).
    let branch = -1
    for (let j = 0; j < m; j++) {
      if (
        node.fix[j] === 0 &&
        relaxed.chosen[j] &&
        (branch < 0 || relaxed.rho[j]! > relaxed.rho[branch]!)
      )
        branch = j
    }
    if (branch < 0) {
      // Everything chosen is fixed: the fixed-open set is the node's only answer.
      const open = new Uint8Array(m)
      let count = 0
      for (let j = 0; j < m; j++) {
        if (node.fix[j] === 1) {
          open[j] = 1
          count++
        }
      }
      if (count === p) {
        const value = evaluate(open)
        if (value < bestValue - tolerance()) {
          bestValue = value
          bestOpen = open
        }
        continue
      }
      // Not enough fixed-open sites: branch on any free site.
      for (let j = 0; j < m && branch < 0; j++) if (node.fix[j] === 0) branch = j
      if (branch < 0) continue
    }
    const closed = Uint8Array.from(node.fix)
    closed[branch] = 2
    const opened = Uint8Array.from(node.fix)
    opened[branch] = 1
    stack.push({ fix: closed, lambda: Float64Array.from(node.lambda), parentBound: relaxed.bound })
    stack.push({ fix: opened, lambda: Float64Array.from(node.lambda), parentBound: relaxed.bound })
  }
  return { open: bestOpen, value: bestValue, complete: true, rootBound, nodes }
}
