/**
 * The one seeded pseudo-random number generator of the project (mulberry32, Tommy Ettinger, public
 * domain): analysis packages and the sample generator take seeds as arguments and never call
 * Math.random. Integer arithmetic only (`Math.imul`, `>>> 0`), so a seed gives the same sequence on
 * every platform and engine.
 */

/**
 * mulberry32 over a 32-bit state. Callers that derive sub-streams read {@link Mulberry32.state}.
 * @example
 * const random = new Mulberry32(42)
 * random.next() // 0.6011037519201636, the same for seed 42 everywhere
 */
export class Mulberry32 {
  #state: number

  /** @param seed any number; its low 32 bits (as an unsigned integer, `seed >>> 0`) are the state */
  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** The current 32-bit unsigned state (advances by a constant on every {@link next}). */
  get state(): number {
    return this.#state
  }

  /** Uniform float in [0, 1), a multiple of 2⁻³². */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A mulberry32 generator as a plain function.
 * @param seed any number; its low 32 bits (`seed >>> 0`) are the initial state
 * @returns a function giving uniform floats in [0, 1), the same sequence for the same seed
 */
export function createMulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed)
  return () => generator.next()
}
