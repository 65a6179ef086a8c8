import { sortedWeightedCosts } from './lagrangian'
import { FORBIDDEN, OPTIONAL, REQUIRED, type Instance } from './problem'

/**
 * Exact uncapacitated p-median by Lagrangian branch and bound (Beasley 1985 style): at every node
 * the assignment rows are relaxed (bound L(λ) by subgradient, warm-started from the parent), the
 * relaxed open set is evaluated as an answer, sites are fixed open/closed by the Lagrangian cost
 * tests, and the search branches on a site. Nodes are explored best bound first (ties: the newest
 * first), so when time runs out the smallest bound of the open nodes is a lower bound that has
 * risen above the root bound. At the root, a local search on the problem reduced by the cost tests
 * (optional `improve`) looks for a better incumbent, which often closes the gap at once.
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
  /**
   * Local search for an open set of size p under the given open states (the instance's, with the
   * sites fixed by the root cost tests made required/forbidden), starting from `start`.
   */
  improve?: (openState: Uint8Array, start: Uint8Array) => Uint8Array
}

/**
 * Subgradient effort. Measured on pmed36 (complete search, same load): 120 iterations per node
 * took 2893 nodes / 54 s, 80 took 3093 nodes / 37 s, 60 took 3973 nodes / 38 s. The root gets a
 * slower step decay (halve θ after 25 non-improving iterations) for a tighter bound.
 */
const ROOT_ITERATIONS = 3000
const ROOT_STALL = 25
const NODE_ITERATIONS = 80
const NODE_STALL = 10

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

interface OpenNode {
  fix: Fixing
  /** Warm start (shared by siblings, never written). */
  lambda: Float64Array
  /** Valid lower bound for every answer in the node's subtree. */
  bound: number
  /** Heap key: the bound, rounded up for integral objectives (then ties dive depth first). */
  key: number
  seq: number
}

/** Min-heap of open nodes by key; ties: the most recently created first (depth first). */
class NodeHeap {
  private items: OpenNode[] = []
  get size(): number {
    return this.items.length
  }
  private less(a: OpenNode, b: OpenNode): boolean {
    return a.key < b.key || (a.key === b.key && a.seq > b.seq)
  }
  peek(): OpenNode | undefined {
    return this.items[0]
  }
  push(node: OpenNode): void {
    const items = this.items
    items.push(node)
    let k = items.length - 1
    while (k > 0) {
      const parent = (k - 1) >> 1
      if (!this.less(items[k]!, items[parent]!)) break
      ;[items[k], items[parent]] = [items[parent]!, items[k]!]
      k = parent
    }
  }
  pop(): OpenNode | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last) {
      items[0] = last
      let k = 0
      for (;;) {
        const left = 2 * k + 1
        const right = left + 1
        let smallest = k
        if (left < items.length && this.less(items[left]!, items[smallest]!)) smallest = left
        if (right < items.length && this.less(items[right]!, items[smallest]!)) smallest = right
        if (smallest === k) break
        ;[items[k], items[smallest]] = [items[smallest]!, items[k]!]
        k = smallest
      }
    }
    return top
  }
}

export function solvePMedianBnb(instance: Instance, options: PMedianBnbOptions): PMedianBnbResult {
  const { n, m, p, openState } = instance
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
  const offer = (open: Uint8Array): void => {
    const candidate = evaluate(open)
    if (candidate < bestValue - tolerance()) {
      bestValue = candidate
      bestOpen = Uint8Array.from(open)
    }
  }

  const rho = new Float64Array(m)
  const chosen = new Uint8Array(m)
  const subgradient = new Float64Array(n)
  const order = new Int32Array(m)
  /** (ρ_a, a) < (ρ_b, b): a strict total order, so the chosen set does not depend on the method. */
  const less = (a: number, b: number): boolean => rho[a]! < rho[b]! || (rho[a] === rho[b] && a < b)
  /** Moves the `k` smallest of order[0..length) to the front (Hoare quickselect). */
  const selectSmallest = (length: number, k: number): void => {
    let lo = 0
    let hi = length - 1
    const target = k - 1
    while (lo < hi) {
      const pivot = order[(lo + hi) >> 1]!
      let a = lo
      let b = hi
      while (a <= b) {
        while (less(order[a]!, pivot)) a++
        while (less(pivot, order[b]!)) b--
        if (a <= b) {
          const t = order[a]!
          order[a] = order[b]!
          order[b] = t
          a++
          b--
        }
      }
      if (target <= b) hi = b
      else if (target >= a) lo = a
      else break
    }
  }

  interface Relaxed {
    bound: number
    rho: Float64Array
    chosen: Uint8Array
    lambda: Float64Array
  }

  /** Runs the subgradient at a node from `start`; returns the best bound and its multipliers. */
  const relax = (
    fix: Fixing,
    start: Float64Array,
    iterations: number,
    thetaStart: number,
    stallLimit: number,
  ): Relaxed | null => {
    let forced = 0
    let freeCount = 0
    for (let j = 0; j < m; j++) {
      if (fix[j] === 1) forced++
      else if (fix[j] === 0) freeCount++
    }
    if (forced > p || forced + freeCount < p) return null
    for (let i = 0; i < n; i++) {
      let any = false
      for (let k = offsets[i]!, end = offsets[i + 1]!; k < end && !any; k++)
        any = fix[site[k]!] !== 2
      if (!any) return null
    }
    const take = p - forced
    const lambda = Float64Array.from(start)
    let best = Number.NEGATIVE_INFINITY
    const bestLambda = Float64Array.from(lambda)
    const bestRho = new Float64Array(m)
    const bestChosen = new Uint8Array(m)
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
      let lambdaSum = 0
      for (let i = 0; i < n; i++) lambdaSum += lambda[i]!
      let value = lambdaSum
      chosen.fill(0)
      let length = 0
      for (let j = 0; j < m; j++) {
        if (fix[j] === 1) {
          chosen[j] = 1
          value += rho[j]!
        } else if (fix[j] === 0) order[length++] = j
      }
      if (take > 0 && take < length) selectSmallest(length, take)
      for (let k = 0; k < take; k++) {
        chosen[order[k]!] = 1
        value += rho[order[k]!]!
      }
      if (iteration % 5 === 0 || iteration === iterations - 1) offer(chosen)
      if (value > best + 1e-12 * Math.max(1, Math.abs(best)) || !Number.isFinite(best)) {
        best = value
        bestLambda.set(lambda)
        bestRho.set(rho)
        bestChosen.set(chosen)
        stall = 0
      } else if (++stall >= stallLimit) {
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
        offer(chosen)
        break
      }
      const step = (theta * Math.max(bestValue - value, tolerance())) / norm
      for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * subgradient[i]!)
    }
    return { bound: best, rho: bestRho, chosen: bestChosen, lambda: bestLambda }
  }

  /** Largest ρ among the free chosen sites and smallest among the free unchosen ones. */
  const margins = (fix: Fixing, relaxed: Relaxed): { lastChosen: number; firstOut: number } => {
    let lastChosen = Number.NEGATIVE_INFINITY
    let firstOut = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++) {
      if (fix[j] !== 0) continue
      if (relaxed.chosen[j]) lastChosen = Math.max(lastChosen, relaxed.rho[j]!)
      else firstOut = Math.min(firstOut, relaxed.rho[j]!)
    }
    return { lastChosen, firstOut }
  }

  /**
   * Lagrangian cost tests: opening an unchosen site j costs at least L + ρ_j − (largest chosen ρ),
   * closing a chosen one at least L − ρ_j + (smallest unchosen ρ); fix the site when that cannot
   * lead below the incumbent.
   */
  const fixByTests = (fix: Fixing, relaxed: Relaxed): void => {
    const { lastChosen, firstOut } = margins(fix, relaxed)
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
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
      if (rootFix[site[k]!] !== 2) {
        min = sortedValue[k]!
        break
      }
    }
    rootLambda[i] = Number.isFinite(min) ? min : 0
  }
  const root = relax(rootFix, rootLambda, ROOT_ITERATIONS, 2, ROOT_STALL)
  if (!root)
    return { open: bestOpen, value: bestValue, complete: true, rootBound: bestValue, nodes: 1 }
  const rootBound = root.bound
  let nodes = 1
  if (prunes(rootBound))
    return { open: bestOpen, value: bestValue, complete: true, rootBound, nodes }
  fixByTests(rootFix, root)
  if (options.improve && !options.isExpired()) {
    // Local search on the reduced problem from the relaxed open set: a better incumbent proves
    // more (often all) of the gap and fixes more sites.
    const states = Uint8Array.from(openState)
    for (let j = 0; j < m; j++) {
      if (rootFix[j] === 1) states[j] = REQUIRED
      else if (rootFix[j] === 2) states[j] = FORBIDDEN
      else states[j] = OPTIONAL
    }
    const before = bestValue
    offer(options.improve(states, root.chosen))
    if (bestValue < before) {
      if (prunes(rootBound))
        return { open: bestOpen, value: bestValue, complete: true, rootBound, nodes }
      fixByTests(rootFix, root)
    }
  }

  const heap = new NodeHeap()
  let seq = 0
  /** Branches a relaxed node on a free chosen site, or evaluates it when all chosen are fixed. */
  const branch = (fix: Fixing, relaxed: Relaxed, nodeBound: number): void => {
    // The free chosen site with the smallest ρ (the most certain of the chosen ones): its closed
    // child gets the largest cost-test bound and is often pruned at once (measured on pmed39: 451
    // nodes against 659 for the least certain site).
    let b = -1
    for (let j = 0; j < m; j++) {
      if (fix[j] === 0 && relaxed.chosen[j] && (b < 0 || relaxed.rho[j]! < relaxed.rho[b]!)) b = j
    }
    if (b < 0) {
      // Everything chosen is fixed: the fixed-open set is the node's only answer.
      const open = new Uint8Array(m)
      let count = 0
      for (let j = 0; j < m; j++) {
        if (fix[j] === 1) {
          open[j] = 1
          count++
        }
      }
      if (count === p) {
        offer(open)
        return
      }
      // Not enough fixed-open sites: branch on any free site.
      for (let j = 0; j < m && b < 0; j++) if (fix[j] === 0) b = j
      if (b < 0) return
    }
    // Child bounds from the cost tests: closing a chosen b costs at least L − ρ_b + (smallest
    // unchosen ρ); opening it leaves the relaxed answer unchanged.
    const { firstOut } = margins(fix, relaxed)
    let closedBound = nodeBound
    if (relaxed.chosen[b] && Number.isFinite(firstOut))
      closedBound = Math.max(closedBound, relaxed.bound - relaxed.rho[b]! + firstOut)
    const closed = Uint8Array.from(fix)
    closed[b] = 2
    const opened = Uint8Array.from(fix)
    opened[b] = 1
    if (!prunes(closedBound))
      heap.push({
        fix: closed,
        lambda: relaxed.lambda,
        bound: closedBound,
        key: round(closedBound),
        seq: seq++,
      })
    heap.push({
      fix: opened,
      lambda: relaxed.lambda,
      bound: nodeBound,
      key: round(nodeBound),
      seq: seq++,
    })
  }
  branch(rootFix, root, rootBound)
  while (heap.size > 0) {
    if (nodes >= options.maxNodes || options.isExpired()) {
      // Every open node's subtree costs at least its key (rounded up only for integral objectives).
      const top = heap.peek()
      const lower = Math.min(bestValue, top ? top.key : bestValue)
      return {
        open: bestOpen,
        value: bestValue,
        complete: false,
        rootBound: Math.max(rootBound, lower),
        nodes,
      }
    }
    const node = heap.pop()!
    if (prunes(node.bound)) continue
    nodes++
    const relaxed = relax(node.fix, node.lambda, NODE_ITERATIONS, 0.5, NODE_STALL)
    if (!relaxed) continue
    // The node's bound is at least its parent's (the cost tests use its own L(λ) only).
    const nodeBound = Math.max(relaxed.bound, node.bound)
    if (prunes(nodeBound)) continue
    fixByTests(node.fix, relaxed)
    branch(node.fix, relaxed, nodeBound)
  }
  return { open: bestOpen, value: bestValue, complete: true, rootBound, nodes }
}
