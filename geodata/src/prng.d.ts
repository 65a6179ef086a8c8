/**
 * Small seeded pseudo-random number generator (mulberry32) with helpers.
 * Deterministic across runs and platforms: integer arithmetic only (Math.imul), no Math.random.
 */
/** Hashes a string to a 32-bit unsigned integer (FNV-1a), used to derive independent sub-streams. */
export declare function hashString(text: string): number;
export declare class Rng {
    private state;
    constructor(seed: number);
    /** Uniform float in [0, 1). */
    next(): number;
    /** Uniform float in [min, max). */
    range(min: number, max: number): number;
    /** Uniform integer in [min, max] (inclusive). */
    int(min: number, max: number): number;
    chance(probability: number): boolean;
    pick<T>(items: readonly T[]): T;
    /** Independent stream derived from this one's seed and a label (keeps layers independent of each other). */
    fork(label: string): Rng;
    /** Approximately normal (mean 0, sd 1): sum of uniforms. */
    normal(): number;
}
/** Root generator for a seed. */
export declare function createRng(seed: number, label?: string): Rng;
