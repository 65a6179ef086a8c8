/**
 * Turning kilometre-plane geometry into GeoJSON features in WGS84, rounded to 6 decimals,
 * with rings closed and counter-clockwise (RFC 7946 right-hand rule).
 */
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { type LocalProjection, type Poly, type Pt, type Ring } from './geom';
export declare function toPosition(proj: LocalProjection, p: Pt): Position;
/** LineString for one part, MultiLineString for several. Parts that collapse below 2 positions are dropped. */
export declare function lineGeometry(proj: LocalProjection, parts: readonly Pt[][]): LineString | MultiLineString;
export declare function polygonCoordinates(proj: LocalProjection, poly: Poly): Position[][];
export declare function polygonGeometry(proj: LocalProjection, ring: Ring): Polygon;
export declare function multiPolygonGeometry(proj: LocalProjection, polys: readonly Poly[]): MultiPolygon;
