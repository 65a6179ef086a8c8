/**
 * The Lagrangian branch and bound stopped early (node limits) must still report a valid lower bound
 * and a real answer: checked against enumeration of every p-subset, which does not use the solver.
 */
import { describe, expect, it } from 'vitest'
import type { SitingProblem } from '@tongcun/domain'
import { buildInstance, validateSitingProblem } from '../src/index'
import { hasIntegralCosts } from '../src/lagrangian'
import { solvePMedianBnb } from '../src/pmedian-bnb'

function rng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 4294967296
  }
}

/** Σ_i w_i · min over open sites of c_ij, by index (the problem's ids are sorted zero-padded). */
function costOf(weight: number[], cost: number[][], open: number[]): number {
  let total = 0
  for (let i = 0; i < weight.length; i++) {
    let best = Number.POSITIVE_INFINITY
    for (const j of open) best = Math.min(best, cost[i]![j]!)
    total += weight[i]! * best
  }
  return total
}

function bruteForce(
  weight: number[],
  cost: number[][],
  p: number,
  states: string[],
): { value: number; worst: number[] } {
  const m = states.length
  let value = Number.POSITIVE_INFINITY
  let worstValue = Number.NEGATIVE_INFINITY
  let worst: number[] = []
  const pick: number[] = []
  const walk = (from: number): void => {
    if (pick.length === p) {
      for (let j = 0; j < m; j++) if (states[j] === 'required' && !pick.includes(j)) return
      const v = costOf(weight, cost, pick)
      value = Math.min(value, v)
      if (v > worstValue) {
        worstValue = v
        worst = [...pick]
      }
      return
    }
    for (let j = from; j < m; j++) {
      if (states[j] === 'forbidden') continue
      pick.push(j)
      walk(j + 1)
      pick.pop()
    }
  }
  walk(0)
  return { value, worst }
}

describe('Lagrangian branch and bound stopped early', () => {
  it('never reports a lower bound above the optimum, nor an answer below it', () => {
    let checks = 0
    let incomplete = 0
    for (let seed = 1; seed <= 24; seed++) {
      const random = rng(seed * 2654435761)
      const n = 24 + (seed % 9)
      const m = 12 + (seed % 5)
      const p = 2 + (seed % 4)
      const integral = seed % 2 === 0
      const points = Array.from({ length: n }, () => [random() * 100, random() * 100] as const)
      const sites = Array.from({ length: m }, () => [random() * 100, random() * 100] as const)
      const weight = points.map(() => 1 + Math.floor(random() * 20))
      // Half Euclidean, half unstructured costs (larger relaxation gaps, so deeper searches).
      const euclidean = seed % 4 < 2
      const cost = points.map((a) =>
        sites.map((b) => {
          const d = euclidean ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 1 + random() * 99
          return integral ? Math.round(d) : d
        }),
      )
      const states = sites.map((_, j) =>
        j === seed % m ? 'required' : j === (seed + 3) % m ? 'forbidden' : 'optional',
      )
      const problem: SitingProblem = {
        objective: 'p-median',
        p,
        demand: points.map((_, i) => ({
          id: `d${String(i).padStart(2, '0')}`,
          weight: weight[i]!,
        })),
        candidates: sites.map((_, j) => ({
          id: `s${String(j).padStart(2, '0')}`,
          open: states[j] as 'required' | 'forbidden' | 'optional',
        })),
        matrix: cost,
      }
      const { value: optimum, worst } = bruteForce(weight, cost, p, states)
      const instance = buildInstance(validateSitingProblem(problem))
      // Start from the worst p-subset, so the search has something to improve and prove.
      const incumbentOpen = new Uint8Array(m)
      for (const j of worst) incumbentOpen[j] = 1
      const incumbentValue = costOf(weight, cost, worst)
      for (const maxNodes of [1, 2, 3, 5, 8, 13, 100_000]) {
        for (const improve of [undefined, (_: Uint8Array, start: Uint8Array) => start]) {
          const result = solvePMedianBnb(instance, {
            incumbentOpen,
            incumbentValue,
            integral: hasIntegralCosts(instance),
            isExpired: () => false,
            maxNodes,
            ...(improve ? { improve } : {}),
          })
          const label = `seed ${seed} maxNodes ${maxNodes} improve ${!!improve}`
          const open: number[] = []
          for (let j = 0; j < m; j++) if (result.open[j]) open.push(j)
          expect(open.length, label).toBe(p)
          for (let j = 0; j < m; j++) {
            if (states[j] === 'required') expect(result.open[j], label).toBe(1)
            if (states[j] === 'forbidden') expect(result.open[j], label).toBe(0)
          }
          expect(result.value, label).toBeCloseTo(costOf(weight, cost, open), 6)
          expect(result.value, label).toBeGreaterThanOrEqual(optimum - 1e-6)
          expect(result.rootBound, label).toBeLessThanOrEqual(optimum + 1e-6)
          if (result.complete) expect(result.value, label).toBeCloseTo(optimum, 6)
          else incomplete++
          checks++
        }
      }
    }
    expect(checks).toBe(24 * 7 * 2)
    // The node limits must really cut some searches short, or the test proves little.
    expect(incomplete).toBeGreaterThan(20)
  })
})
