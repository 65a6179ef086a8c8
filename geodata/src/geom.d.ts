/**
 * Planar geometry helpers in a local kilometre plane (x east, y north).
 * The generator lays everything out in kilometres and projects to WGS84 only when writing features.
 */
import type { Rng } from './prng';
export type Pt = [number, number];
export type Ring = Pt[];
/** Polygon = outer ring followed by holes; a MultiPolygon is Polygon[]. */
export type Poly = Ring[];
/** Local equirectangular projection around an origin; good to well under 1% over a few hundred km. */
export declare class LocalProjection {
    readonly originLng: number;
    readonly originLat: number;
    readonly kmPerDegLng: number;
    readonly kmPerDegLat: number;
    constructor(originLng: number, originLat: number);
    /** [lng, lat] rounded to 6 decimals. */
    toLngLat(p: Pt): Pt;
}
export declare function round6(value: number): number;
export declare function dist(a: Pt, b: Pt): number;
export declare function pointSegmentDistance(p: Pt, a: Pt, b: Pt): number;
export declare function pointPolylineDistance(p: Pt, line: readonly Pt[]): number;
/** Distance from p to the boundary of a ring. */
export declare function pointRingBoundaryDistance(p: Pt, ring: Ring): number;
/** Even-odd ray casting. Ring may be open or closed. */
export declare function pointInRing(p: Pt, ring: Ring): boolean;
export declare function pointInPoly(p: Pt, poly: Poly): boolean;
export declare function pointInMultiPoly(p: Pt, polys: readonly Poly[]): boolean;
/** Signed area (positive = counter-clockwise). */
export declare function ringSignedArea(ring: Ring): number;
export declare function polyBoundaryDistance(p: Pt, polys: readonly Poly[]): number;
export declare function add(a: Pt, b: Pt): Pt;
export declare function lerp(a: Pt, b: Pt, t: number): Pt;
export declare function polar(center: Pt, radiusKm: number, angle: number): Pt;
/**
 * A gently winding line from a to b: intermediate vertices about every `spacingKm`, displaced sideways by a
 * smooth random curve (zero at both ends). Endpoints are returned as the same array objects' values (exact).
 */
export declare function windingLine(a: Pt, b: Pt, rng: Rng, spacingKm: number, wiggle?: number): Pt[];
/** Winding line through a list of waypoints (each waypoint is an exact vertex). */
export declare function windingPath(waypoints: readonly Pt[], rng: Rng, spacingKm: number, wiggle?: number): Pt[];
/** Irregular closed blob around a centre (counter-clockwise, open ring: first vertex not repeated). */
export declare function blob(center: Pt, radiusKm: number, rng: Rng, vertices?: number, irregularity?: number): Ring;
/** Regular polygon approximating a circle (counter-clockwise, open ring). */
export declare function circleRing(center: Pt, radiusKm: number, vertices?: number): Ring;
/** A band of half-width `halfWidthKm` around a gently curving polyline (open ring, counter-clockwise). */
export declare function bandAround(line: readonly Pt[], halfWidthKm: number): Ring;
/** Sub-polyline of `line` within `lengthKm/2` of arc position nearest to p. */
export declare function stretchAround(line: readonly Pt[], p: Pt, lengthKm: number): Pt[];
/** Uniform grid hash of points for nearest-neighbour queries (km). */
export declare class PointGrid<T> {
    private cellKm;
    private cells;
    constructor(cellKm: number);
    private key;
    add(p: Pt, value: T): void;
    /** Nearest entry within maxKm (or null). Ties broken by insertion order. */
    nearest(p: Pt, maxKm: number, accept?: (p: Pt, value: T) => boolean): {
        p: Pt;
        value: T;
        distance: number;
    } | null;
    /** True when any entry lies within rKm. */
    hasWithin(p: Pt, rKm: number): boolean;
}
