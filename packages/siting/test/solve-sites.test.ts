import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DomainError, type SitingProblem } from '@tongcun/domain'
import { getHighs, resetHighs } from '../src/highs-runtime'
import { parseOrlibPmed, solveSites, validateSitingProblem } from '../src/index'

const base = (): SitingProblem => ({
  objective: 'p-median',
  p: 1,
  demand: [
    { id: 'v1', weight: 10, size: 4 },
    { id: 'v2', weight: 5, size: 3 },
  ],
  candidates: [{ id: 's1' }, { id: 's2' }],
  costs: { v1: { s1: 1, s2: 5 }, v2: { s1: 4, s2: 1 } },
})

describe('problem validation', () => {
  const invalid = (mutate: (problem: Record<string, unknown>) => void, pattern: RegExp): void => {
    const problem = base() as unknown as Record<string, unknown>
    mutate(problem)
    expect(() => validateSitingProblem(problem)).toThrow(pattern)
    try {
      validateSitingProblem(problem)
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).code).toBe('invalid-problem')
    }
  }
  it('rejects a missing demand–candidate pair, naming both ids', () => {
    invalid(
      (p) => delete (p.costs as Record<string, Record<string, number>>).v2!.s1,
      /costs\["v2"\]\["s1"\]: missing pair/,
    )
  })
  it('rejects unknown ids in costs', () => {
    invalid(
      (p) => ((p.costs as Record<string, unknown>).v9 = { s1: 1, s2: 1 }),
      /unknown demand id "v9"/,
    )
    invalid(
      (p) => ((p.costs as Record<string, Record<string, number>>).v1!.s9 = 1),
      /unknown candidate id "s9"/,
    )
  })
  it('rejects bad values and shapes', () => {
    invalid((p) => (p.objective = 'median'), /problem.objective/)
    invalid((p) => (p.p = 0), /problem.p/)
    invalid(
      (p) => ((p.costs as Record<string, Record<string, number>>).v1!.s1 = -1),
      /finite number >= 0/,
    )
    invalid((p) => ((p.demand as Array<{ id: string }>)[1]!.id = 'v1'), /duplicate id "v1"/)
    invalid(
      (p) => ((p.candidates as Array<{ open?: string }>)[0]!.open = 'maybe'),
      /candidate "s1".open/,
    )
    invalid((p) => (p.matrix = [[1, 2]]), /exactly one of "costs"/)
    invalid((p) => {
      delete p.costs
      p.matrix = [[1, 2], [3]]
    }, /matrix\[1\] \(demand "v2"\): expected 2 costs/)
    invalid((p) => (p.objective = 'mclp'), /maxCost: required for objective "mclp"/)
  })
  it('accepts a dense matrix in demand x candidate order', async () => {
    const problem: SitingProblem = {
      ...base(),
      costs: undefined,
      matrix: [
        [1, 5],
        [4, 1],
      ],
    }
    delete problem.costs
    const result = await solveSites(problem, { method: 'exact' })
    expect(result.status).toBe('optimal')
    expect(result.objective).toBe(10 * 1 + 5 * 4) // s1 open: 30 < s2 open: 50 + 5
    expect(result.open).toEqual(['s1'])
  })
})

describe('infeasibility reasons', () => {
  it('required sites exceed p', async () => {
    const problem = base()
    problem.candidates = [
      { id: 's1', open: 'required' },
      { id: 's2', open: 'required' },
    ]
    const result = await solveSites(problem)
    expect(result).toMatchObject({ status: 'infeasible', reasonCode: 'required-exceeds-p' })
  })
  it('p exceeds the candidates that are not forbidden', async () => {
    const problem = { ...base(), p: 2 }
    problem.candidates = [{ id: 's1' }, { id: 's2', open: 'forbidden' as const }]
    const result = await solveSites(problem)
    expect(result).toMatchObject({ status: 'infeasible', reasonCode: 'p-exceeds-candidates' })
  })
  it('lscp: a village with no allowed site within maxCost', async () => {
    const problem: SitingProblem = { ...base(), objective: 'lscp', maxCost: 3 }
    problem.costs!.v2 = { s1: 4, s2: 3.5 }
    const result = await solveSites(problem)
    expect(result).toMatchObject({
      status: 'infeasible',
      reasonCode: 'demand-unreachable',
      reasonIds: ['v2'],
    })
    expect(result.reason).toContain('v2')
  })
  it('total capacity below demand', async () => {
    const problem = base()
    problem.candidates = [
      { id: 's1', capacity: 5 },
      { id: 's2', capacity: 6 },
    ]
    const result = await solveSites(problem)
    expect(result).toMatchObject({ status: 'infeasible', reasonCode: 'capacity-below-demand' })
  })
  it('single-source packing that no assignment satisfies is proven by the MIP', async () => {
    const problem: SitingProblem = {
      objective: 'p-median',
      p: 2,
      singleSource: true,
      demand: ['a', 'b', 'c'].map((id) => ({ id, weight: 1, size: 3 })),
      candidates: [
        { id: 's1', capacity: 4.5 },
        { id: 's2', capacity: 4.5 },
      ],
      matrix: [
        [1, 2],
        [2, 1],
        [1, 1],
      ],
    }
    const exact = await solveSites(problem, { method: 'exact' })
    expect(exact).toMatchObject({ status: 'infeasible', reasonCode: 'mip-infeasible' })
    // Splitting makes it feasible: 9 households into 2 x 4.5.
    const split = await solveSites({ ...problem, singleSource: false }, { method: 'exact' })
    expect(split.status).toBe('optimal')
    expect(split.objective).toBeCloseTo(1 + 1 + 1, 9) // a→s1, b→s2, c split 1.5 + 1.5 at cost 1
    const heuristic = await solveSites(problem, { method: 'heuristic' })
    expect(heuristic.status).toBe('unknown')
  })
})

describe('solver behaviour', () => {
  it('does not mutate its input and is deterministic for a seed', async () => {
    const problem = base()
    const copy = structuredClone(problem)
    const a = await solveSites(problem, { method: 'heuristic', seed: 7 })
    const b = await solveSites(structuredClone(copy), { method: 'heuristic', seed: 7 })
    expect(problem).toEqual(copy)
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 })
  })
  it('solves OR-Library pmed1 to its known optimum 5819', async () => {
    const file = fileURLToPath(
      new URL('../../../../shared/reference/orlib-pmed/pmed1.txt', import.meta.url),
    )
    const problem = parseOrlibPmed(readFileSync(file, 'utf8'), 'pmed1')
    expect(problem.demand).toHaveLength(100)
    const result = await solveSites(problem, { method: 'exact', timeLimitSeconds: 60 })
    expect(result.status).toBe('optimal')
    expect(result.objective).toBe(5819)
    expect(result.open).toHaveLength(5)
    const heuristic = await solveSites(problem, { method: 'heuristic' })
    expect(heuristic.objective).toBeGreaterThanOrEqual(5819)
    expect(heuristic.lowerBound).toBeLessThanOrEqual(5819)
  })
  it('OR-Library parsing keeps the last cost of a repeated edge, not the minimum', () => {
    const problem = parseOrlibPmed('3 3 1\n1 2 5\n2 3 1\n1 2 9\n', 'tiny')
    // 1-2 is 9 (last), so 1→2 goes via nothing shorter: 9; 1→3 = 9 + 1 = 10.
    expect(problem.matrix![0]).toEqual([0, 9, 10])
    expect(problem.matrix![2]).toEqual([10, 1, 0])
  })
  it('reports split assignments as fractions', async () => {
    const problem: SitingProblem = {
      objective: 'p-median',
      p: 2,
      singleSource: false,
      demand: [{ id: 'v1', weight: 1, size: 10 }],
      candidates: [
        { id: 's1', capacity: 6 },
        { id: 's2', capacity: 6 },
      ],
      matrix: [[1, 2]],
    }
    const result = await solveSites(problem, { method: 'exact' })
    expect(result.status).toBe('optimal')
    expect(result.assignment.v1).toEqual({ s1: 0.6, s2: 0.4 })
    expect(result.objective).toBeCloseTo(0.6 * 1 + 0.4 * 2, 9)
  })
  it('reuses one HiGHS module across many solves (memory stays flat) and reloads after a reset', async () => {
    // Capacities bind (uncapacitated optimum 16 < 17), so the Lagrangian bound cannot close it and
    // every solve goes through HiGHS.
    const problem: SitingProblem = {
      objective: 'p-median',
      p: 2,
      demand: [
        { id: 'v1', weight: 10, size: 4 },
        { id: 'v2', weight: 5, size: 3 },
        { id: 'v3', weight: 1, size: 3 },
      ],
      candidates: [
        { id: 's1', capacity: 7 },
        { id: 's2', capacity: 7 },
      ],
      matrix: [
        [1, 5],
        [1, 4],
        [1, 2],
      ],
    }
    const highs = await getHighs()
    await solveSites(problem, { method: 'exact' })
    const memory = highs.memoryBytes
    for (let k = 0; k < 40; k++) {
      const result = await solveSites(problem, { method: 'exact' })
      expect(result.status).toBe('optimal')
      expect(result.objective).toBe(10 * 1 + 5 * 1 + 1 * 2) // v1 + v2 fill s1 (7), v3 → s2
    }
    expect(await getHighs()).toBe(highs)
    expect(highs.memoryBytes).toBe(memory) // models are disposed: no Wasm growth
    resetHighs()
    const again = await solveSites(problem, { method: 'exact' })
    expect(again.status).toBe('optimal')
    expect(await getHighs()).not.toBe(highs)
  })
})
