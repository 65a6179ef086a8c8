/**
 * Web-Mercator tile arithmetic (XYZ scheme, y down from the north, EPSG:3857 spherical mercator).
 * Used to validate requests, to build envelopes for SQL and to project points on the JS path.
 */
import { DomainError } from '@tongcun/domain'

/** MVT extent (tile units per side) and buffer (units outside the tile kept for rendering). */
export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64
/** Highest zoom a tile is served at; beyond `TILEJSON_MAXZOOM` clients overzoom, but may still ask. */
export const MAX_REQUEST_ZOOM = 22

/** Half the width of the EPSG:3857 world, metres. */
export const MERCATOR_HALF_WORLD_M = 20037508.342789244
const EARTH_RADIUS_M = 6378137
const MAX_MERCATOR_LAT = 85.0511287798066

export interface TileCoord {
  z: number
  x: number
  y: number
}

/** `[west, south, east, north]`. */
export type Box = [number, number, number, number]

/**
 * Parses and range-checks z/x/y path parameters.
 * @throws DomainError `invalid-input` naming the parameter and the allowed range
 */
export function parseTileCoord(z: string, x: string, y: string): TileCoord {
  const zoom = parseInteger('z', z, 0, MAX_REQUEST_ZOOM)
  const max = 2 ** zoom - 1
  return { z: zoom, x: parseInteger('x', x, 0, max, zoom), y: parseInteger('y', y, 0, max, zoom) }
}

function parseInteger(name: string, text: string, min: number, max: number, zoom?: number): number {
  const value = /^\d{1,8}$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isInteger(value) || value < min || value > max) {
    const at = zoom === undefined ? '' : ` at zoom ${zoom}`
    throw new DomainError(
      'invalid-input',
      `tile ${name} "${text}" is out of range: expected an integer from ${min} to ${max}${at}`,
      { field: name, value: text, min, max },
    )
  }
  return value
}

/** Tile bounds in EPSG:3857 metres `[xmin, ymin, xmax, ymax]` (what `ST_TileEnvelope` returns). */
export function tileBoundsMercator({ z, x, y }: TileCoord): Box {
  const size = (2 * MERCATOR_HALF_WORLD_M) / 2 ** z
  const xmin = -MERCATOR_HALF_WORLD_M + x * size
  const ymax = MERCATOR_HALF_WORLD_M - y * size
  return [xmin, ymax - size, xmin + size, ymax]
}

/** Tile bounds grown by `bufferUnits` tile units on every side, EPSG:3857. */
export function bufferedBoundsMercator(tile: TileCoord, bufferUnits = TILE_BUFFER): Box {
  const [xmin, ymin, xmax, ymax] = tileBoundsMercator(tile)
  const margin = ((xmax - xmin) * bufferUnits) / TILE_EXTENT
  return [xmin - margin, ymin - margin, xmax + margin, ymax + margin]
}

/** Mercator metres → degrees `[lng, lat]`. */
export function mercatorToLngLat(xm: number, ym: number): [number, number] {
  const lng = (xm / EARTH_RADIUS_M) * (180 / Math.PI)
  const lat = (2 * Math.atan(Math.exp(ym / EARTH_RADIUS_M)) - Math.PI / 2) * (180 / Math.PI)
  return [lng, lat]
}

/** Degrees → mercator metres (latitude clamped to the mercator limit). */
export function lngLatToMercator(lng: number, lat: number): [number, number] {
  const clamped = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat))
  const xm = (lng * Math.PI * EARTH_RADIUS_M) / 180
  const ym = EARTH_RADIUS_M * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360))
  return [xm, ym]
}

/** A mercator box as degrees `[west, south, east, north]` (exact: mercator keeps meridians/parallels straight). */
export function mercatorBoxToLngLat(box: Box): Box {
  const [west, south] = mercatorToLngLat(box[0], box[1])
  const [east, north] = mercatorToLngLat(box[2], box[3])
  return [west, south, east, north]
}

/** True when two `[w, s, e, n]` boxes overlap (touching counts). */
export function boxesIntersect(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}
