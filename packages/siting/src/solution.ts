import type { SitingAssignment } from '@tongcun/domain'
import { FORBIDDEN, REQUIRED, type Instance } from './problem'

/** A candidate answer in index form. */
export interface Solution {
  /** 1 = open. */
  open: Uint8Array
  /**
   * Per demand: list of [candidate index, fraction] with fractions summing to the served share
   * (1 for served demand, < 1 for partially/un-covered mclp demand). Single-source answers have at
   * most one entry with fraction 1.
   */
  parts: Array<Array<[number, number]>>
}

const EPS = 1e-9

/** Total objective of a solution (see SitingResult.objective). */
export function objectiveOf(instance: Instance, solution: Solution): number {
  const { objective, m, cost, weight } = instance
  if (objective === 'lscp') {
    let count = 0
    for (let j = 0; j < m; j++) count += solution.open[j]!
    return count
  }
  let total = 0
  solution.parts.forEach((parts, i) => {
    for (const [j, fraction] of parts) {
      const c = cost[i * m + j]!
      if (objective === 'p-median') total += weight[i]! * c * fraction
      else if (objective === 'mclp') total += weight[i]! * fraction
      else if (fraction > EPS) total = Math.max(total, c)
    }
  })
  return total
}

/** Number of open sites. */
export function countOpen(solution: Solution): number {
  let count = 0
  for (const flag of solution.open) count += flag
  return count
}

/**
 * Checks every constraint of the model; returns a description of the first violation or null.
 * Used on every answer before it leaves the package, whichever solver produced it.
 */
export function findViolation(instance: Instance, solution: Solution): string | null {
  const { n, m, objective, p, allowed, capacity, size, openState, demandIds, candidateIds } =
    instance
  const tolerance = 1e-6
  const load = new Float64Array(m)
  for (let j = 0; j < m; j++) {
    if (openState[j] === REQUIRED && !solution.open[j])
      return `required site ${candidateIds[j]} is closed`
    if (openState[j] === FORBIDDEN && solution.open[j])
      return `forbidden site ${candidateIds[j]} is open`
  }
  const opened = countOpen(solution)
  if (objective !== 'lscp' && opened !== p) return `${opened} sites open, p = ${p}`
  for (let i = 0; i < n; i++) {
    let served = 0
    for (const [j, fraction] of solution.parts[i]!) {
      if (!solution.open[j])
        return `demand ${demandIds[i]} assigned to closed site ${candidateIds[j]}`
      if (!allowed[i * m + j]) return `demand ${demandIds[i]} assigned to a site beyond maxCost`
      if (instance.singleSource && Math.abs(fraction - 1) > tolerance)
        return `demand ${demandIds[i]} split`
      served += fraction
      load[j]! += fraction * size[i]!
    }
    if (served > 1 + tolerance) return `demand ${demandIds[i]} served ${served} times`
    if (objective !== 'mclp' && served < 1 - tolerance) return `demand ${demandIds[i]} not served`
  }
  for (let j = 0; j < m; j++) {
    if (load[j]! > capacity[j]! * (1 + tolerance) + tolerance)
      return `site ${candidateIds[j]} over capacity`
  }
  return null
}

/** Result fields derived from a solution: open ids, assignment, uncovered ids. */
export function describeSolution(
  instance: Instance,
  solution: Solution,
): { open: string[]; assignment: Record<string, SitingAssignment>; uncovered: string[] } {
  const { n, m, demandIds, candidateIds } = instance
  const open: string[] = []
  for (let j = 0; j < m; j++) if (solution.open[j]) open.push(candidateIds[j]!)
  const assignment: Record<string, SitingAssignment> = {}
  const uncovered: string[] = []
  for (let i = 0; i < n; i++) {
    const parts = solution.parts[i]!.filter(([, fraction]) => fraction > EPS)
    const served = parts.reduce((sum, [, fraction]) => sum + fraction, 0)
    if (served < 1 - 1e-6) uncovered.push(demandIds[i]!)
    if (parts.length === 0) continue
    if (parts.length === 1 && Math.abs(parts[0]![1] - 1) <= 1e-6) {
      assignment[demandIds[i]!] = candidateIds[parts[0]![0]]!
    } else {
      const split: Record<string, number> = {}
      for (const [j, fraction] of [...parts].sort((a, b) => a[0] - b[0])) {
        split[candidateIds[j]!] = Math.round(fraction * 1e9) / 1e9
      }
      assignment[demandIds[i]!] = split
    }
  }
  return { open, assignment, uncovered }
}

/**
 * Serves every demand from its cheapest allowed open site (ties: lowest index = smallest id).
 * Optimal for every uncapacitated model once the open set is fixed. Demands with no allowed open
 * site stay unserved.
 */
export function assignNearest(instance: Instance, open: Uint8Array): Solution {
  const lists = sortedCandidates(instance)
  const parts: Array<Array<[number, number]>> = []
  for (let i = 0; i < instance.n; i++) {
    let best = -1
    for (const j of lists[i]!) {
      if (open[j]) {
        best = j
        break
      }
    }
    parts.push(best >= 0 ? [[best, 1]] : [])
  }
  return { open: Uint8Array.from(open), parts }
}

const sortedCache = new WeakMap<Instance, Int32Array[]>()

/** Per demand: the allowed candidates by increasing cost (ties by index). Cached per instance. */
export function sortedCandidates(instance: Instance): Int32Array[] {
  const cached = sortedCache.get(instance)
  if (cached) return cached
  const { n, m, cost, allowed } = instance
  const lists: Int32Array[] = []
  for (let i = 0; i < n; i++) {
    const list: number[] = []
    for (let j = 0; j < m; j++) if (allowed[i * m + j]) list.push(j)
    list.sort((a, b) => cost[i * m + a]! - cost[i * m + b]! || a - b)
    lists.push(Int32Array.from(list))
  }
  sortedCache.set(instance, lists)
  return lists
}

/**
 * Capacity-respecting greedy assignment for a fixed open set (heuristic; not optimal in general).
 * Demands are taken in order of regret (second-cheapest minus cheapest allowed open site, largest
 * first; mclp: weight per size, largest first), each to its cheapest allowed open site with room,
 * split across sites when `singleSource` is false. A shift pass then moves single-source demands
 * to cheaper sites with room.
 */
export function assignGreedy(instance: Instance, open: Uint8Array): Solution {
  const { n, m, cost, capacity, size, weight, objective, singleSource } = instance
  const residual = Float64Array.from(capacity)
  const options: number[][] = []
  const priority = new Float64Array(n)
  const lists = sortedCandidates(instance)
  for (let i = 0; i < n; i++) {
    const list: number[] = []
    for (const j of lists[i]!) if (open[j]) list.push(j)
    options.push(list)
    if (objective === 'mclp') {
      priority[i] = size[i]! > 0 ? weight[i]! / size[i]! : Number.POSITIVE_INFINITY
    } else if (list.length === 0) priority[i] = Number.POSITIVE_INFINITY
    else if (list.length === 1) priority[i] = Number.MAX_VALUE
    else priority[i] = cost[i * m + list[1]!]! - cost[i * m + list[0]!]!
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => priority[b]! - priority[a]! || size[b]! - size[a]! || a - b,
  )
  const parts: Array<Array<[number, number]>> = Array.from({ length: n }, () => [])
  for (const i of order) {
    let remaining = 1
    for (const j of options[i]!) {
      if (remaining <= 0) break
      if (size[i] === 0) {
        parts[i]!.push([j, 1])
        remaining = 0
        break
      }
      if (singleSource) {
        if (residual[j]! + 1e-9 >= size[i]!) {
          residual[j]! -= size[i]!
          parts[i]!.push([j, 1])
          remaining = 0
        }
      } else if (residual[j]! > 1e-12) {
        const share = Math.min(remaining, residual[j]! / size[i]!)
        residual[j]! -= share * size[i]!
        parts[i]!.push([j, share])
        remaining -= share
      }
    }
  }
  if (singleSource && objective !== 'mclp') {
    // Shift pass: move a demand to a cheaper site with room.
    for (let pass = 0; pass < 3; pass++) {
      let moved = false
      for (const i of order) {
        const current = parts[i]![0]
        if (!current) continue
        const [from] = current
        for (const j of options[i]!) {
          if (cost[i * m + j]! >= cost[i * m + from]!) break
          if (residual[j]! + 1e-9 >= size[i]!) {
            residual[j]! -= size[i]!
            residual[from]! += size[i]!
            parts[i] = [[j, 1]]
            moved = true
            break
          }
        }
      }
      if (!moved) break
    }
  }
  return { open: Uint8Array.from(open), parts }
}

/** Best assignment the heuristics can find for a fixed open set. */
export function assignFor(instance: Instance, open: Uint8Array): Solution {
  return instance.capacitated ? assignGreedy(instance, open) : assignNearest(instance, open)
}

/** Size of demand left unserved (must-serve models) — 0 when the assignment is complete. */
export function unservedShare(instance: Instance, solution: Solution): number {
  let missing = 0
  solution.parts.forEach((parts, i) => {
    const served = parts.reduce((sum, [, fraction]) => sum + fraction, 0)
    if (served < 1 - 1e-9) missing += (1 - served) * Math.max(instance.size[i]!, 1e-6)
  })
  return missing
}
