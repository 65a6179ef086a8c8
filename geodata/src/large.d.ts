import type { GeneratedRegion } from './generate';
import type { Rng } from './prng';
/**
 * Province: one synthetic province (code 58, fictional) centred at 106.5°E 27.0°N.
 * National: 31 provinces on a 6 x 6 grid of 8° x 5° cells over 76-124°E, 20-50°N.
 */
export declare function generateLarge(rng: Rng, scale: 'province' | 'national', villageCount?: number): GeneratedRegion;
