import { FORBIDDEN, OPTIONAL, REQUIRED, type Instance } from './problem'

/**
 * Lagrangian bounds by subgradient optimisation. Each relaxes the assignment/cover constraints and
 * drops capacities, so every bound is valid for the capacitated, single-source and splittable
 * variants of its model too.
 */
export interface BoundOptions {
  /** Best known objective (feasible), steers the step size; stop when the bound reaches it. */
  incumbent: number
  maxIterations: number
  isExpired: () => boolean
}

/** True when every weight x cost of an allowed pair is an integer (objective values are integers). */
export function hasIntegralCosts(instance: Instance): boolean {
  const { n, m, cost, weight, allowed } = instance
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(weight[i]!)) return false
    for (let j = 0; j < m; j++) {
      if (allowed[i * m + j] && !Number.isInteger(weight[i]! * cost[i * m + j]!)) return false
    }
  }
  return true
}

/** Picks the forced + cheapest `p - required` optional candidates by `value` (ascending). */
function pickCheapest(instance: Instance, value: Float64Array, chosen: Uint8Array): void {
  const { m, p, openState } = instance
  chosen.fill(0)
  let count = 0
  const optional: number[] = []
  for (let j = 0; j < m; j++) {
    if (openState[j] === REQUIRED) {
      chosen[j] = 1
      count++
    } else if (openState[j] === OPTIONAL) optional.push(j)
  }
  optional.sort((a, b) => value[a]! - value[b]! || a - b)
  for (let k = 0; k < optional.length && count < p; k++, count++) chosen[optional[k]!] = 1
}

/**
 * Lower bound for p-median (Beasley 1985): relax Σ_j x_ij = 1 with multipliers λ_i.
 * L(λ) = Σ λ_i + Σ_{chosen j} Σ_i min(0, w_i c_ij − λ_i), choosing the p cheapest sites.
 */
export function boundPMedian(instance: Instance, options: BoundOptions): number {
  return boundPMedianWithCosts(instance, options).bound
}

/**
 * As `boundPMedian`, also returning the site costs ρ_j at the best multipliers, which give a bound
 * on every answer that opens (or closes) a given site: see `fixSitesByBound`.
 */
export function boundPMedianWithCosts(
  instance: Instance,
  options: BoundOptions,
): { bound: number; rho: Float64Array; lambdaSum: number } {
  const { n, m, cost, weight, allowed } = instance
  const sorted = sortedWeightedCosts(instance)
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    // Start from the cheapest allowed weighted cost of each demand.
    let min = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++)
      if (allowed[i * m + j]) min = Math.min(min, weight[i]! * cost[i * m + j]!)
    lambda[i] = Number.isFinite(min) ? min : 0
  }
  const rho = new Float64Array(m)
  const chosen = new Uint8Array(m)
  const subgradient = new Float64Array(n)
  const bestRho = new Float64Array(m)
  let bestLambdaSum = 0
  let best = Number.NEGATIVE_INFINITY
  let theta = 2
  let stall = 0
  const target = options.incumbent
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (iteration >= 50 && options.isExpired()) break // a few iterations always, for a usable bound
    rho.fill(0)
    for (let i = 0; i < n; i++) {
      const l = lambda[i]!
      for (let k = sorted.offsets[i]!, end = sorted.offsets[i + 1]!; k < end; k++) {
        const v = sorted.value[k]! - l
        if (v >= 0) break
        rho[sorted.site[k]!]! += v
      }
    }
    pickCheapest(instance, rho, chosen)
    let value = 0
    for (let i = 0; i < n; i++) value += lambda[i]!
    for (let j = 0; j < m; j++) if (chosen[j]) value += rho[j]!
    if (!Number.isFinite(best) || value > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = value
      bestRho.set(rho)
      bestLambdaSum = value
      for (let j = 0; j < m; j++) if (chosen[j]) bestLambdaSum -= rho[j]!
      stall = 0
    } else if (++stall >= 30) {
      theta /= 2
      stall = 0
    }
    if (theta < 1e-5 || best >= target - 1e-9 * Math.max(1, Math.abs(target))) break
    let norm = 0
    for (let i = 0; i < n; i++) {
      const l = lambda[i]!
      let served = 0
      for (let k = sorted.offsets[i]!, end = sorted.offsets[i + 1]!; k < end; k++) {
        if (sorted.value[k]! - l >= 0) break
        if (chosen[sorted.site[k]!]) served++
      }
      subgradient[i] = 1 - served
      norm += subgradient[i]! * subgradient[i]!
    }
    if (norm === 0) break // the relaxed answer is feasible, hence optimal: L = optimum
    const step = (theta * Math.max(target - value, 1e-9 * Math.max(1, Math.abs(target)))) / norm
    for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * subgradient[i]!)
  }
  return { bound: best, rho: bestRho, lambdaSum: bestLambdaSum }
}

/**
 * Upper bound for maximal covering: relax z_i ≤ Σ_{j covers i} y_j with μ_i ≥ 0.
 * L(μ) = Σ max(0, w_i − μ_i) + Σ_{chosen j} Σ_{i covered by j} μ_i, choosing the p largest.
 */
export function boundMclp(instance: Instance, options: BoundOptions): number {
  const { n, m, weight, allowed } = instance
  const mu = Float64Array.from(weight, (w) => w / 2)
  const sigma = new Float64Array(m)
  const negSigma = new Float64Array(m)
  const chosen = new Uint8Array(m)
  const subgradient = new Float64Array(n)
  let best = Number.POSITIVE_INFINITY
  let theta = 2
  let stall = 0
  const target = options.incumbent
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (iteration >= 50 && options.isExpired()) break // a few iterations always, for a usable bound
    sigma.fill(0)
    for (let i = 0; i < n; i++) {
      const row = i * m
      for (let j = 0; j < m; j++) if (allowed[row + j]) sigma[j]! += mu[i]!
    }
    for (let j = 0; j < m; j++) negSigma[j] = -sigma[j]!
    pickCheapest(instance, negSigma, chosen)
    let value = 0
    for (let i = 0; i < n; i++) value += Math.max(0, weight[i]! - mu[i]!)
    for (let j = 0; j < m; j++) if (chosen[j]) value += sigma[j]!
    if (!Number.isFinite(best) || value < best - 1e-12 * Math.max(1, Math.abs(best))) {
      best = value
      stall = 0
    } else if (++stall >= 20) {
      theta /= 2
      stall = 0
    }
    if (theta < 1e-5 || best <= target + 1e-9 * Math.max(1, Math.abs(target))) break
    let norm = 0
    for (let i = 0; i < n; i++) {
      const row = i * m
      let covers = 0
      for (let j = 0; j < m; j++) if (chosen[j] && allowed[row + j]) covers++
      const z = weight[i]! - mu[i]! > 0 ? 1 : 0
      subgradient[i] = covers - z
      norm += subgradient[i]! * subgradient[i]!
    }
    if (norm === 0) break
    const step = (theta * Math.max(value - target, 1e-9 * Math.max(1, Math.abs(target)))) / norm
    for (let i = 0; i < n; i++) mu[i] = Math.max(0, mu[i]! - step * subgradient[i]!)
  }
  return best
}

/**
 * Lower bound on the number of sites for set covering within `radius` (default: the allowed
 * pairs): relax the cover rows Σ_{j covers i} y_j ≥ 1 with λ_i ≥ 0;
 * L(λ) = Σ λ_i + Σ_required (1 − Σ_{i covered} λ_i) + Σ_optional min(0, 1 − Σ_{i covered} λ_i).
 * Demands with no covering site make the cover impossible: returns +Infinity.
 */
export function boundSetCover(
  instance: Instance,
  options: BoundOptions & { radius?: number },
): number {
  const { n, m, allowed, cost, openState } = instance
  const radius = options.radius ?? Number.POSITIVE_INFINITY
  const covers = (k: number): boolean => allowed[k] === 1 && cost[k]! <= radius
  for (let i = 0; i < n; i++) {
    let any = false
    for (let j = 0; j < m && !any; j++) any = covers(i * m + j)
    if (!any) return Number.POSITIVE_INFINITY
  }
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let count = 0
    for (let j = 0; j < m; j++) if (covers(i * m + j)) count++
    lambda[i] = 1 / count
  }
  const reduced = new Float64Array(m)
  const subgradient = new Float64Array(n)
  let best = Number.NEGATIVE_INFINITY
  let theta = 2
  let stall = 0
  const target = options.incumbent
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (iteration >= 50 && options.isExpired()) break // a few iterations always, for a usable bound
    reduced.fill(1)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) if (covers(i * m + j)) reduced[j]! -= lambda[i]!
    }
    let value = 0
    for (let i = 0; i < n; i++) value += lambda[i]!
    for (let j = 0; j < m; j++) {
      if (openState[j] === REQUIRED) value += reduced[j]!
      else if (openState[j] === OPTIONAL) value += Math.min(0, reduced[j]!)
    }
    if (value > best + 1e-12) {
      best = value
      stall = 0
    } else if (++stall >= 20) {
      theta /= 2
      stall = 0
    }
    if (theta < 1e-5 || Math.ceil(best - 1e-7) >= target) break
    let norm = 0
    for (let i = 0; i < n; i++) {
      let count = 0
      for (let j = 0; j < m; j++) {
        if (!covers(i * m + j)) continue
        if (openState[j] === REQUIRED || (openState[j] === OPTIONAL && reduced[j]! < 0)) count++
      }
      subgradient[i] = 1 - count
      norm += subgradient[i]! * subgradient[i]!
    }
    if (norm === 0) break
    const step = (theta * Math.max(target - value, 1e-3)) / norm
    for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * subgradient[i]!)
  }
  return best
}

/** Fewest sites whose capacities can hold all demand (required ones first, then the largest). */
export function boundSitesByCapacity(instance: Instance): number {
  const { m, capacity, size, openState } = instance
  let need = 0
  for (const s of size) need += s
  let have = 0
  let count = 0
  const optional: number[] = []
  for (let j = 0; j < m; j++) {
    if (openState[j] === REQUIRED) {
      have += capacity[j]!
      count++
    } else if (openState[j] !== FORBIDDEN) optional.push(j)
  }
  optional.sort((a, b) => capacity[b]! - capacity[a]!)
  for (const j of optional) {
    if (have >= need - 1e-9) break
    have += capacity[j]!
    count++
  }
  return count
}

/** p-center: every demand needs some allowed site, so the optimum is ≥ max_i min_j c_ij. */
export function boundPCenterTrivial(instance: Instance): number {
  const { n, m, allowed, cost } = instance
  let bound = 0
  for (let i = 0; i < n; i++) {
    let min = Number.POSITIVE_INFINITY
    for (let j = 0; j < m; j++) if (allowed[i * m + j]) min = Math.min(min, cost[i * m + j]!)
    if (Number.isFinite(min)) bound = Math.max(bound, min)
  }
  return bound
}

/**
 * Lagrangian site fixing for p-median: with the best multipliers, any answer that opens an
 * unchosen optional site j costs at least L + ρ_j − (largest chosen optional ρ), and any answer
 * that closes a chosen optional site costs at least L − ρ_j + (smallest unchosen ρ). When that is
 * not below `incumbent` (after `round`), the site can be fixed without losing any strictly better
 * answer. Returns per candidate 0 = free, 1 = fix open, 2 = fix closed.
 */
export function fixSitesByBound(
  instance: Instance,
  rho: Float64Array,
  lambdaSum: number,
  incumbent: number,
  round: (value: number) => number,
): Uint8Array {
  const { m, p, openState } = instance
  const fixed = new Uint8Array(m)
  const optional: number[] = []
  let requiredRho = 0
  let requiredCount = 0
  for (let j = 0; j < m; j++) {
    if (openState[j] === OPTIONAL) optional.push(j)
    else if (openState[j] === REQUIRED) {
      requiredRho += rho[j]!
      requiredCount++
    }
  }
  optional.sort((a, b) => rho[a]! - rho[b]! || a - b)
  const take = p - requiredCount
  if (take <= 0 || take >= optional.length) return fixed
  let base = lambdaSum + requiredRho
  for (let k = 0; k < take; k++) base += rho[optional[k]!]!
  const lastChosen = rho[optional[take - 1]!]!
  const firstOut = rho[optional[take]!]!
  const tolerance = 1e-9 * Math.max(1, Math.abs(incumbent))
  for (let k = 0; k < optional.length; k++) {
    const j = optional[k]!
    if (k >= take) {
      if (round(base + rho[j]! - lastChosen) >= incumbent - tolerance) fixed[j] = 2
    } else if (round(base - rho[j]! + firstOut) >= incumbent - tolerance) fixed[j] = 1
  }
  return fixed
}

/** Per demand, its allowed candidates by increasing weighted cost w_i·c_ij (CSR arrays). */
export interface SortedCosts {
  offsets: Int32Array
  site: Int32Array
  value: Float64Array
}

const sortedCostsCache = new WeakMap<Instance, SortedCosts>()

/** Allowed pairs sorted by weighted cost per demand (ties by site index); cached per instance. */
export function sortedWeightedCosts(instance: Instance): SortedCosts {
  const cached = sortedCostsCache.get(instance)
  if (cached) return cached
  const { n, m, cost, weight, allowed } = instance
  const offsets = new Int32Array(n + 1)
  let total = 0
  for (let k = 0; k < n * m; k++) total += allowed[k]!
  const site = new Int32Array(total)
  const value = new Float64Array(total)
  let at = 0
  const list: number[] = []
  for (let i = 0; i < n; i++) {
    offsets[i] = at
    list.length = 0
    for (let j = 0; j < m; j++) if (allowed[i * m + j]) list.push(j)
    const row = i * m
    list.sort((a, b) => cost[row + a]! - cost[row + b]! || a - b)
    for (const j of list) {
      site[at] = j
      value[at] = weight[i]! * cost[row + j]!
      at++
    }
  }
  offsets[n] = at
  const result = { offsets, site, value }
  sortedCostsCache.set(instance, result)
  return result
}
