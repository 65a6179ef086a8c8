import { describe, expect, it } from 'vitest'
import { Mulberry32, createMulberry32 } from './random'

// Reference values from an independent implementation of mulberry32 (Python, unbounded integers
// masked to 32 bits), first three draws per seed.
const REFERENCE: Array<[seed: number, draws: number[]]> = [
  [42, [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]],
  [0, [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]],
  [4294967295, [0.8964226141106337, 0.189478256739676, 0.7156526781618595]],
]

describe('Mulberry32', () => {
  it('gives the reference sequence of mulberry32 for a seed', () => {
    for (const [seed, draws] of REFERENCE) {
      const generator = new Mulberry32(seed)
      expect(draws.map(() => generator.next())).toEqual(draws)
    }
  })

  it('keeps the low 32 bits of the seed, unsigned', () => {
    expect(new Mulberry32(-1).state).toBe(4294967295)
    expect(new Mulberry32(2 ** 32 + 42).state).toBe(42)
    expect(new Mulberry32(42.9).state).toBe(42)
    const negative = new Mulberry32(-1)
    expect([negative.next(), negative.next(), negative.next()]).toEqual(REFERENCE[2]![1])
  })

  it('exposes a state that advances by 0x6d2b79f5 per draw and can seed a twin', () => {
    const generator = new Mulberry32(7)
    generator.next()
    generator.next()
    expect(generator.state).toBe((7 + 2 * 0x6d2b79f5) >>> 0)
    const twin = new Mulberry32(generator.state)
    for (let i = 0; i < 100; i++) expect(twin.next()).toBe(generator.next())
  })

  it('draws in [0, 1) with the mean of a uniform distribution', () => {
    const random = createMulberry32(2015)
    let sum = 0
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < 100_000; i++) {
      const value = random()
      sum += value
      min = Math.min(min, value)
      max = Math.max(max, value)
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    expect(sum / 100_000).toBeCloseTo(0.5, 2)
  })

  it('createMulberry32 is the same sequence as the class', () => {
    const random = createMulberry32(42)
    expect([random(), random(), random()]).toEqual(REFERENCE[0]![1])
  })
})
