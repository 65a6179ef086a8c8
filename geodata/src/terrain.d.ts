/**
 * Synthetic terrain: valleys along rivers, ridges between them. Elevation in metres, slope in degrees.
 * Not real topography; shaped like the karst uplands of the Yunnan-Guizhou plateau (600-2,100 m).
 */
import { type Pt } from './geom';
import type { Rng } from './prng';
export interface Terrain {
    elevationM(p: Pt): number;
    slopeDeg(p: Pt): number;
    riverDistanceKm(p: Pt): number;
}
export declare function createTerrain(rivers: readonly Pt[][], rng: Rng, baseM?: number): Terrain;
