import type { GeneratedRegion } from './generate'
import type { Rng } from './prng'

export function generateLarge(_rng: Rng, scale: 'province' | 'national', _villageCount?: number): GeneratedRegion {
  throw new Error(`scale ${scale} not implemented yet`)
}
