/**
 * PostGIS expressions as named `sql` helpers. Values are always parameters; identifiers go through
 * `sql.ref`. Geometry leaves the database as GeoJSON text (`ST_AsGeoJSON`), except in the bulk
 * selects of analyses (`queries/bulk.ts`), which read it as WKB: no decimal text to write and parse.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Geometry } from 'geojson'

/** Bounding box `[west, south, east, north]` in degrees (WGS84). */
export type Bbox = [number, number, number, number]

/** GeoJSON text of a geometry column, 6 decimals (~0.1 m). */
export const asGeoJson = (column: string): RawBuilder<string> =>
  sql<string>`ST_AsGeoJSON(${sql.ref(column)}, 6)`

/**
 * GeoJSON text of a Multi* column, written as the single part when there is exactly one
 * (a LineString imported as such comes back as a LineString). Null stays null.
 */
export const asSimplifiedGeoJson = (column: string): RawBuilder<string | null> =>
  sql<string | null>`ST_AsGeoJSON(CASE WHEN ST_NumGeometries(${sql.ref(column)}) = 1
    THEN ST_GeometryN(${sql.ref(column)}, 1) ELSE ${sql.ref(column)} END, 6)`

/** A 2-D EPSG:4326 geometry from GeoJSON (Z/M dropped). */
export const fromGeoJson = (geometry: Geometry): RawBuilder<unknown> =>
  sql`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))`

/** Same as `fromGeoJson`, promoted to its Multi* type (Polygon → MultiPolygon, LineString → MultiLineString). */
export const multiFromGeoJson = (geometry: Geometry): RawBuilder<unknown> =>
  sql`ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)))`

/** `[w, s, e, n]` as an EPSG:4326 envelope. */
export const envelope = (bbox: Bbox): RawBuilder<unknown> =>
  sql`ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`

/** Index-assisted bounding-box overlap test of a geometry column with a bbox. */
export const intersectsBbox = (column: string, bbox: Bbox): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} && ${envelope(bbox)}`

/**
 * Metres test on a generated, GiST-indexed geography column (`geog`): uses the index, unlike
 * `ST_DWithin(a::geography, b::geography, m)` in a WHERE clause.
 */
export const withinMeters = (geographyColumn: string, other: RawBuilder<unknown>, meters: number) =>
  sql<boolean>`ST_DWithin(${sql.ref(geographyColumn)}, ${other}, ${meters})`

/** Parses a `BOX(w s,e n)` string as returned by `ST_Extent(...)::text`; null for an empty extent. */
export function parseBox(box: string | null | undefined): Bbox | null {
  if (!box) return null
  const match = /^BOX\(([-\d.e+]+) ([-\d.e+]+),([-\d.e+]+) ([-\d.e+]+)\)$/i.exec(box.trim())
  if (!match) throw new Error(`unexpected extent text from PostGIS: ${box}`)
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])]
}

const METERS_PER_DEGREE_LAT = 110_574
const METERS_PER_DEGREE_LNG_EQUATOR = 111_320

/**
 * Grows a bbox by at least `marginMeters` on every side (conservative: longitude degrees are
 * computed at the box's latitude farthest from the equator, and clamped to the valid range).
 */
export function expandBbox(bbox: Bbox, marginMeters: number): Bbox {
  const [west, south, east, north] = bbox
  const dLat = marginMeters / METERS_PER_DEGREE_LAT
  const newSouth = Math.max(-90, south - dLat)
  const newNorth = Math.min(90, north + dLat)
  const maxAbsLat = Math.min(89, Math.max(Math.abs(newSouth), Math.abs(newNorth)))
  const dLng =
    marginMeters / (METERS_PER_DEGREE_LNG_EQUATOR * Math.cos((maxAbsLat * Math.PI) / 180))
  return [Math.max(-180, west - dLng), newSouth, Math.min(180, east + dLng), newNorth]
}
