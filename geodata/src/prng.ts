/**
 * Small seeded pseudo-random number generator (mulberry32, from `@tongcun/spatial`) with helpers.
 * Deterministic across runs and platforms: integer arithmetic only (Math.imul), no Math.random.
 */
import { Mulberry32 } from '@tongcun/spatial'

/** Hashes a string to a 32-bit unsigned integer (FNV-1a), used to derive independent sub-streams. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** mulberry32 of `@tongcun/spatial` (`next()`: uniform float in [0, 1)) with sampling helpers. */
export class Rng extends Mulberry32 {
  /** Uniform float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Independent stream derived from this one's seed and a label (keeps layers independent of each other). */
  fork(label: string): Rng {
    return new Rng((hashString(label) ^ Math.imul(this.state, 0x9e3779b1)) >>> 0)
  }

  /** Approximately normal (mean 0, sd 1): sum of uniforms. */
  normal(): number {
    return this.next() + this.next() + this.next() + this.next() - 2
  }
}

/** Root generator for a seed. */
export function createRng(seed: number, label = 'tongcun'): Rng {
  return new Rng((hashString(label) ^ Math.imul(seed | 0, 0x85ebca6b)) >>> 0)
}
