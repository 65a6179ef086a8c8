import type { SitingProblem, SitingResult } from '@tongcun/domain'
import { solveMip, type MipOutcome } from './exact'
import {
  createRng,
  improveBySwaps,
  isComplete,
  solvePMedianUncapacitated,
  solveSetCover,
  type SearchBudget,
} from './heuristic'
import { getHighs, resetHighs } from './highs-runtime'
import { solvePMedianBnb } from './pmedian-bnb'
import {
  boundMclp,
  boundPCenterTrivial,
  boundPMedianWithCosts,
  fixSitesByBound,
  boundSetCover,
  boundSitesByCapacity,
  hasIntegralCosts,
} from './lagrangian'
import {
  buildInstance,
  FORBIDDEN,
  OPTIONAL,
  REQUIRED,
  validateSitingProblem,
  type Instance,
} from './problem'
import {
  assignFor,
  assignNearest,
  countOpen,
  describeSolution,
  findViolation,
  objectiveOf,
  type Solution,
} from './solution'

export interface SolveSitesOptions {
  /** Overall limit in seconds (default 60). HiGHS enforces it internally; heuristics need `clock`. */
  timeLimitSeconds?: number
  /** PRNG seed for the heuristics (default 1). Same seed + same input ⇒ same answer (work-limited). */
  seed?: number
  /** `exact` (HiGHS MIP), `heuristic` (local search + Lagrangian bound) or `auto` (default). */
  method?: 'exact' | 'heuristic' | 'auto'
  /** `auto` uses the MIP when the number of allowed demand–site pairs is at most this (default 20,000). */
  exactPairLimit?: number
  /** Node limit of the p-median branch and bound before HiGHS takes over (default 20,000). */
  maxNodes?: number
  /** VNS rounds without improvement before the heuristic stops (default by size). */
  maxStall?: number
  /** Monotonic milliseconds, e.g. `() => performance.now()`; without it `seconds` is 0. */
  clock?: () => number
  /** Progress in [0, 1] with a short English message. */
  onProgress?: (fraction: number, message: string) => void
  /**
   * Awaited after each phase (e.g. `() => new Promise((r) => setImmediate(r))`) so a server can
   * answer progress polls between phases; each phase itself runs synchronously.
   */
  yieldControl?: () => Promise<void>
}

type Reason = NonNullable<SitingResult['reasonCode']>

/** Proven infeasibility found before solving, or null. */
function findInfeasibility(
  instance: Instance,
): { code: Reason; reason: string; ids?: string[] } | null {
  const {
    n,
    m,
    p,
    objective,
    openState,
    allowed,
    capacity,
    size,
    capacitated,
    singleSource,
    demandIds,
  } = instance
  let available = 0
  let required = 0
  for (let j = 0; j < m; j++) {
    if (openState[j] !== FORBIDDEN) available++
    if (openState[j] === REQUIRED) required++
  }
  if (objective !== 'lscp') {
    if (available < p) {
      return {
        code: 'p-exceeds-candidates',
        reason: `p = ${p} but only ${available} candidate sites are not forbidden`,
      }
    }
    if (required > p) {
      return { code: 'required-exceeds-p', reason: `${required} sites are required but p = ${p}` }
    }
  }
  if (objective === 'mclp') return null
  const unreachable: string[] = []
  for (let i = 0; i < n; i++) {
    let any = false
    for (let j = 0; j < m && !any; j++) any = allowed[i * m + j] === 1
    if (!any) unreachable.push(demandIds[i]!)
  }
  if (unreachable.length > 0) {
    const limit = instance.maxCost === null ? '' : ` within maxCost ${instance.maxCost}`
    return {
      code: 'demand-unreachable',
      reason: `${unreachable.length} demand(s) have no allowed site${limit}: ${unreachable.slice(0, 10).join(', ')}${unreachable.length > 10 ? ', …' : ''}`,
      ids: unreachable,
    }
  }
  if (!capacitated) return null
  let need = 0
  for (const s of size) need += s
  // Capacity of the best p sites (required first); lscp may open all.
  const limit = objective === 'lscp' ? available : p
  let have = 0
  let count = 0
  const optional: number[] = []
  for (let j = 0; j < m; j++) {
    if (openState[j] === REQUIRED) {
      have += capacity[j]!
      count++
    } else if (openState[j] === OPTIONAL) optional.push(j)
  }
  optional.sort((a, b) => capacity[b]! - capacity[a]!)
  for (const j of optional) {
    if (count >= limit) break
    have += capacity[j]!
    count++
  }
  if (have < need - 1e-9) {
    return {
      code: 'capacity-below-demand',
      reason: `total demand size ${need} exceeds the capacity ${have} of the ${count} largest allowed sites`,
    }
  }
  if (singleSource) {
    const tooBig: string[] = []
    for (let i = 0; i < n; i++) {
      let fits = false
      for (let j = 0; j < m && !fits; j++)
        fits = allowed[i * m + j] === 1 && capacity[j]! >= size[i]!
      if (!fits) tooBig.push(demandIds[i]!)
    }
    if (tooBig.length > 0) {
      return {
        code: 'capacity-below-demand',
        reason: `${tooBig.length} demand(s) are larger than the capacity of every allowed site: ${tooBig.slice(0, 10).join(', ')}`,
        ids: tooBig,
      }
    }
  }
  return null
}

/** Opens extra optional sites (smallest id first) so exactly p are open; assignment unchanged. */
function padOpen(instance: Instance, solution: Solution): Solution {
  if (instance.objective === 'lscp') return solution
  const open = Uint8Array.from(solution.open)
  let count = countOpen(solution)
  for (let j = 0; j < instance.m && count < instance.p; j++) {
    if (!open[j] && instance.openState[j] === OPTIONAL) {
      open[j] = 1
      count++
    }
  }
  return { open, parts: solution.parts }
}

const isMinimisation = (instance: Instance): boolean => instance.objective !== 'mclp'

function better(instance: Instance, a: Solution | null, b: Solution | null): Solution | null {
  if (!a) return b
  if (!b) return a
  const va = objectiveOf(instance, a)
  const vb = objectiveOf(instance, b)
  return (isMinimisation(instance) ? vb < va : vb > va) ? b : a
}

/**
 * Solves a siting problem (any of the four models) and returns the answer with an honest status.
 *
 * Exact path: HiGHS MIP (strong formulation; p-center by bisection over the sorted costs with a
 * covering feasibility MIP). Heuristic path: greedy + fast interchange / swap VNS with a seeded PRNG,
 * bounded by a Lagrangian relaxation. `auto` picks the MIP when the problem is small (see
 * `exactPairLimit`) and always runs the heuristic first as a MIP start.
 * Throws `DomainError('invalid-problem')` for malformed input; infeasibility is a result.
 */
export async function solveSites(
  input: SitingProblem | unknown,
  options: SolveSitesOptions = {},
): Promise<SitingResult> {
  const clock = options.clock
  const started = clock ? clock() : 0
  const elapsedSeconds = (): number => (clock ? (clock() - started) / 1000 : 0)
  const timeLimit = options.timeLimitSeconds ?? 60
  const isExpired = (): boolean => elapsedSeconds() >= timeLimit
  const report = options.onProgress ?? (() => undefined)
  const progress = async (fraction: number, message: string): Promise<void> => {
    report(fraction, message)
    await options.yieldControl?.()
  }
  const problem = validateSitingProblem(input)
  const instance = buildInstance(problem)
  const { n, m, objective } = instance
  await progress(0.05, 'validated')

  let pairs = 0
  for (const flag of instance.allowed) pairs += flag
  const method = options.method ?? 'auto'
  // Uncapacitated p-median: the Lagrangian branch and bound is exact at every size (time-limited).
  const useBnb = objective === 'p-median' && !instance.capacitated && method !== 'heuristic'
  // HiGHS MIP: forced, or small enough.
  const wantExact =
    method === 'exact' || (method === 'auto' && pairs <= (options.exactPairLimit ?? 20000))
  const base = {
    objectiveKind: objective,
    method: wantExact || useBnb ? ('exact' as const) : ('heuristic' as const),
  }

  const infeasible = findInfeasibility(instance)
  if (infeasible) {
    return {
      ...base,
      status: 'infeasible',
      objective: null,
      lowerBound: null,
      upperBound: null,
      gap: null,
      open: [],
      assignment: {},
      uncovered: [],
      seconds: elapsedSeconds(),
      reason: infeasible.reason,
      reasonCode: infeasible.code,
      ...(infeasible.ids ? { reasonIds: infeasible.ids } : {}),
    }
  }

  // 1. Heuristic answer (also the MIP start).
  // The heuristic gets part of the time, so the bound (and the MIP) still have some.
  const heuristicShare = wantExact || useBnb ? 0.3 : 0.7
  const budget: SearchBudget = {
    isExpired: () => elapsedSeconds() >= timeLimit * heuristicShare,
    rng: createRng(options.seed ?? 1),
    maxStall:
      options.maxStall ??
      (wantExact || useBnb ? 3 : Math.max(20, Math.min(500, Math.round(2e7 / Math.max(1, n * m))))),
  }
  let heuristic: Solution | null = null
  if (objective === 'lscp') {
    heuristic = solveSetCover(instance, budget)
  } else {
    const start = solvePMedianUncapacitated(instance, budget)
    heuristic =
      objective === 'p-median' && !instance.capacitated
        ? assignNearest(instance, start)
        : improveBySwaps(instance, start, budget)
  }
  if (heuristic && objective !== 'mclp' && !isComplete(instance, heuristic)) heuristic = null
  if (heuristic && findViolation(instance, padOpen(instance, heuristic)) !== null) heuristic = null
  if (heuristic) heuristic = padOpen(instance, heuristic)
  await progress(0.3, 'heuristic done')

  // 2. Bound from the relaxation.
  const integral = hasIntegralCosts(instance)
  let bound: number | null = null
  const incumbent = heuristic ? objectiveOf(instance, heuristic) : null
  const boundOptions = {
    incumbent: incumbent ?? (isMinimisation(instance) ? Number.POSITIVE_INFINITY : 0),
    maxIterations: wantExact ? 300 : 3000,
    isExpired,
  }
  let fixed: Uint8Array | undefined
  if (objective === 'p-median' && !useBnb) {
    if (incumbent !== null) {
      const relaxed = boundPMedianWithCosts(instance, { ...boundOptions, maxIterations: 3000 })
      bound = relaxed.bound
      if (wantExact) {
        const round = (value: number): number => (integral ? Math.ceil(value - 1e-6) : value)
        fixed = fixSitesByBound(instance, relaxed.rho, relaxed.lambdaSum, incumbent, round)
      }
    }
  } else if (objective === 'mclp') {
    bound = boundMclp(instance, { ...boundOptions, incumbent: incumbent ?? 0 })
  } else if (objective === 'lscp') {
    const cover = boundSetCover(instance, { ...boundOptions, incumbent: incumbent ?? instance.m })
    bound = Math.max(cover, instance.capacitated ? boundSitesByCapacity(instance) : 0)
  } else {
    bound = boundPCenterTrivial(instance)
    if (incumbent !== null && incumbent > bound)
      bound = boundPCenterByCover(instance, bound, incumbent, isExpired)
  }
  if (bound !== null && !Number.isFinite(bound)) bound = null
  await progress(0.5, 'bound done')

  // 3. Exact MIP.
  let best = heuristic
  let mip: MipOutcome | null = null
  let provenOptimal = false
  let provenInfeasible = false
  let note: string | undefined
  const closes = (value: number | null, target: number | null): boolean =>
    value !== null &&
    target !== null &&
    Math.abs(target - value) <= 1e-9 * Math.max(1, Math.abs(target))
  if (useBnb && best) {
    // Lagrangian branch and bound first; HiGHS only if it does not finish.
    const bnb = solvePMedianBnb(instance, {
      incumbentOpen: best.open,
      incumbentValue: objectiveOf(instance, best),
      integral,
      isExpired,
      maxNodes: options.maxNodes ?? 20000,
      // VNS on the problem reduced by the root cost tests, from the relaxed open set.
      improve: (openState, start) =>
        solvePMedianUncapacitated(
          { ...instance, openState },
          {
            isExpired: () => elapsedSeconds() >= timeLimit * 0.5,
            rng: createRng((options.seed ?? 1) + 1),
            maxStall: options.maxStall ?? 10,
          },
          start,
        ),
    })
    best = better(instance, best, assignNearest(instance, bnb.open))
    bound = Math.max(bound ?? Number.NEGATIVE_INFINITY, bnb.complete ? bnb.value : bnb.rootBound)
    if (bnb.complete) provenOptimal = true
  }
  if (
    wantExact &&
    !provenOptimal &&
    !(best && closes(roundBound(instance, bound, integral), objectiveOf(instance, best)))
  ) {
    const highs = await getHighs()
    try {
      if (objective === 'p-center') {
        const outcome = bisectPCenter(instance, highs, best, bound ?? 0, () =>
          Math.max(0.01, timeLimit - elapsedSeconds()),
        )
        best = better(instance, best, outcome.solution)
        bound = Math.max(bound ?? 0, outcome.lowerBound)
        provenInfeasible = outcome.infeasible
        if (outcome.inconclusive) note = 'time limit reached during the p-center bisection'
      } else {
        mip = solveMip(highs, instance, {
          mode: 'model',
          timeLimitSeconds: Math.max(0.01, timeLimit - elapsedSeconds()),
          start: best,
          ...(fixed ? { fixed } : {}),
        })
        const restricted = fixed !== undefined && fixed.some((flag) => flag !== 0)
        if (restricted && best) {
          // Sites were fixed so that no strictly better answer was excluded: the optimum is the
          // better of the incumbent and the restricted MIP, and so is the bound.
          const current = objectiveOf(instance, best)
          if (mip.kind === 'infeasible')
            mip = { ...mip, kind: 'optimal', solution: null, bound: current }
          else if (mip.bound !== null) mip = { ...mip, bound: Math.min(mip.bound, current) }
          if (mip.kind === 'optimal' && mip.solution === null) provenOptimal = true
        }
        if (mip.kind === 'infeasible') provenInfeasible = true
        if (mip.solution && findViolation(instance, mip.solution) === null) {
          best = better(instance, best, mip.solution)
          if (mip.kind === 'optimal') provenOptimal = true
        }
        if (mip.bound !== null) {
          bound =
            bound === null
              ? mip.bound
              : isMinimisation(instance)
                ? Math.max(bound, mip.bound)
                : Math.min(bound, mip.bound)
        }
        if (mip.kind === 'no-solution' || mip.kind === 'feasible')
          note = `HiGHS stopped: ${mip.highsStatus}`
      }
    } catch (error) {
      resetHighs()
      throw error
    }
  }
  await progress(0.95, 'solved')

  const seconds = elapsedSeconds()
  if (provenInfeasible && !best) {
    return {
      ...base,
      status: 'infeasible',
      objective: null,
      lowerBound: null,
      upperBound: null,
      gap: null,
      open: [],
      assignment: {},
      uncovered: [],
      seconds,
      reasonCode: 'mip-infeasible',
      reason:
        'HiGHS proved that no choice of sites and assignment satisfies the limits (capacities, maxCost, p) — e.g. single-source demands cannot be packed into the sites',
    }
  }
  if (!best) {
    return {
      ...base,
      status: 'unknown',
      objective: null,
      lowerBound: isMinimisation(instance) ? bound : null,
      upperBound: isMinimisation(instance) ? null : bound,
      gap: null,
      open: [],
      assignment: {},
      uncovered: [],
      seconds,
      reasonCode: 'time-limit',
      reason:
        note ??
        'no feasible answer was found and infeasibility was not proven (try the exact method or more time)',
    }
  }
  const violation = findViolation(instance, best)
  if (violation !== null) throw new Error(`siting solver produced an invalid answer: ${violation}`)
  const value = objectiveOf(instance, best)
  const proven = roundBound(instance, bound, integral)
  const minimise = isMinimisation(instance)
  const lowerBound = minimise ? (proven === null ? null : Math.min(proven, value)) : value
  const upperBound = minimise ? value : proven === null ? null : Math.max(proven, value)
  let gap: number | null =
    lowerBound === null || upperBound === null
      ? null
      : Math.abs(upperBound - lowerBound) / Math.max(Math.abs(value), 1e-9)
  const optimal = provenOptimal || (gap !== null && gap <= 1e-9)
  if (optimal && gap !== null && gap <= 1e-9) gap = 0
  return {
    ...base,
    status: optimal ? 'optimal' : 'feasible',
    objective: value,
    lowerBound,
    upperBound,
    gap,
    ...describeSolution(instance, best),
    seconds,
    ...(note ? { reason: note } : {}),
  }
}

/** Tightens a bound using integrality of the objective (integer costs, site counts, p-center radii). */
function roundBound(instance: Instance, bound: number | null, integral: boolean): number | null {
  if (bound === null || !Number.isFinite(bound)) return bound
  const { objective } = instance
  if (objective === 'lscp') return Math.ceil(bound - 1e-6)
  if (objective === 'p-median' && integral) return Math.ceil(bound - 1e-6)
  if (objective === 'mclp' && Number.isInteger(bound) === false) {
    const integerWeights = instance.weight.every((w) => Number.isInteger(w))
    if (integerWeights && (instance.singleSource || !instance.capacitated))
      return Math.floor(bound + 1e-6)
  }
  if (objective === 'p-center') {
    // The optimum is one of the costs: the smallest allowed cost >= bound.
    let next = Number.POSITIVE_INFINITY
    for (let k = 0; k < instance.cost.length; k++) {
      const c = instance.cost[k]!
      if (instance.allowed[k] && c >= bound - 1e-12 && c < next) next = c
    }
    return Number.isFinite(next) ? next : bound
  }
  return bound
}

/**
 * p-center by bisection over the sorted distinct allowed costs: radius r is feasible when a
 * covering MIP with at most p sites (and the capacities) has a solution using only pairs ≤ r.
 */
function bisectPCenter(
  instance: Instance,
  highs: Parameters<typeof solveMip>[0],
  incumbent: Solution | null,
  lowerBound: number,
  remainingSeconds: () => number,
): { solution: Solution | null; lowerBound: number; infeasible: boolean; inconclusive: boolean } {
  const radii = Array.from(
    new Set(Array.from(instance.cost).filter((_, k) => instance.allowed[k] === 1)),
  ).sort((a, b) => a - b)
  let best = incumbent
  let lo = radii.findIndex((r) => r >= lowerBound - 1e-12)
  if (lo < 0) lo = radii.length - 1
  let hi: number
  if (best) {
    const value = objectiveOf(instance, best)
    hi = radii.findIndex((r) => r >= value - 1e-12)
  } else {
    hi = radii.length - 1
    const top = solveMip(highs, instance, {
      mode: 'cover-check',
      radius: radii[hi],
      timeLimitSeconds: remainingSeconds(),
    })
    if (top.kind === 'infeasible')
      return { solution: null, lowerBound, infeasible: true, inconclusive: false }
    if (!top.solution) return { solution: null, lowerBound, infeasible: false, inconclusive: true }
    best = finishCheck(instance, top.solution)
    hi = radii.findIndex((r) => r >= objectiveOf(instance, best!) - 1e-12)
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    const outcome = solveMip(highs, instance, {
      mode: 'cover-check',
      radius: radii[mid],
      timeLimitSeconds: remainingSeconds(),
      start: best,
    })
    if (outcome.kind === 'infeasible') lo = mid + 1
    else if (outcome.solution) {
      const solution = finishCheck(instance, outcome.solution)
      best = better(instance, best, solution)
      hi = Math.min(
        mid,
        radii.findIndex((r) => r >= objectiveOf(instance, best!) - 1e-12),
      )
    } else return { solution: best, lowerBound: radii[lo]!, infeasible: false, inconclusive: true }
  }
  return { solution: best, lowerBound: radii[lo]!, infeasible: false, inconclusive: false }
}

/** A covering-check answer as a p-center answer: exactly p open, nearest re-assignment if uncapacitated. */
function finishCheck(instance: Instance, solution: Solution): Solution {
  const padded = padOpen(instance, solution)
  return instance.capacitated ? padded : assignNearest(instance, padded.open)
}

export { assignFor }

/**
 * p-center lower bound by bisection over the sorted costs in [lower, incumbent): a radius is proven
 * infeasible when the set-covering Lagrangian bound says more than p sites are needed to cover every
 * demand within it (capacities dropped — still a relaxation). Returns the smallest radius not proven
 * infeasible above every proven-infeasible one.
 */
function boundPCenterByCover(
  instance: Instance,
  lower: number,
  incumbent: number,
  isExpired: () => boolean,
): number {
  const radii = Array.from(
    new Set(
      Array.from(instance.cost).filter(
        (c, k) => instance.allowed[k] === 1 && c >= lower && c <= incumbent,
      ),
    ),
  ).sort((a, b) => a - b)
  let lo = 0
  let hi = radii.length - 1
  while (lo < hi && !isExpired()) {
    const mid = Math.floor((lo + hi) / 2)
    const sites = boundSetCover(instance, {
      incumbent: instance.p + 1,
      maxIterations: 150,
      isExpired,
      radius: radii[mid]!,
    })
    if (Math.ceil(sites - 1e-6) > instance.p) lo = mid + 1
    else hi = mid
  }
  return radii[lo] ?? lower
}
