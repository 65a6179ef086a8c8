import { createMulberry32 } from '@tongcun/spatial'

/**
 * Small seeded PRNG (mulberry32 of `@tongcun/spatial`): analysis packages take seeds as arguments and
 * never call Math.random. The seed is mixed with 0x9e3779b9 first, so clustering's streams stay the
 * ones they always were.
 * @returns a function giving floats in [0, 1), the same sequence for the same seed
 */
export function createRandom(seed: number): () => number {
  return createMulberry32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0)
}

/** Fisher-Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}
