import { describe, expect, it } from 'vitest'
import { createRandom } from './prng'
import { splitByPopulation } from './split-by-population'

describe('splitByPopulation', () => {
  const random = createRandom(3)
  const n = 60
  const xs = Float64Array.from({ length: n }, () => random() * 10_000)
  const ys = Float64Array.from({ length: n }, () => random() * 10_000)
  const population = Array.from({ length: n }, () => 50 + Math.floor(random() * 400))
  population[7] = 5000 // one village alone above the cap
  const members = Array.from({ length: n }, (_, i) => i)
  const rank = members

  it('splits into parts within the cap that together are the whole group', () => {
    const parts = splitByPopulation(members, xs, ys, population, 1500, rank)
    const all = parts.flat().sort((a, b) => a - b)
    expect(all).toEqual(members)
    for (const part of parts) {
      const total = part.reduce((acc, i) => acc + (population[i] as number), 0)
      expect(total <= 1500 || part.length === 1).toBe(true)
    }
    expect(parts.some((p) => p.length === 1 && p[0] === 7)).toBe(true)
    // ordered by first member rank
    const firsts = parts.map((p) => p[0] as number)
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b))
  })

  it('is deterministic and leaves a group within the cap whole', () => {
    expect(splitByPopulation(members, xs, ys, population, 1500, rank)).toEqual(
      splitByPopulation(members, xs, ys, population, 1500, rank),
    )
    expect(splitByPopulation([1, 2, 3], xs, ys, population, 1e9, rank)).toEqual([[1, 2, 3]])
  })
})
