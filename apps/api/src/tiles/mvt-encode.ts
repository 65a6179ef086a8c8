/**
 * JS half of the embedded-engine tile path: turns rows from `selectTileFeatureRows` (GeoJSON in
 * tile units, already clipped in SQL) into MVT features the way `ST_AsMVTGeom` does — round to the
 * integer grid, drop repeated points, drop points outside the buffer, drop collapsed lines/rings,
 * orient rings (exterior clockwise on screen, holes counter-clockwise) — and encodes with vt-pbf.
 */
import type { Geometry, Position } from 'geojson'
import { fromGeojsonVt, type GeojsonVtFeature, type GeojsonVtTile } from 'vt-pbf'
import type { TileFeatureRow } from '../db/queries/tiles'
import { TILE_BUFFER, TILE_EXTENT } from './tile-math'
import type { TileGeometryKind } from './tile-layers'

type Tags = Record<string, string | number | boolean | null>
type Ring = [number, number][]

/** Encodes layers (in the given order) as one MVT v2 tile; layers without features are left out. */
export function encodeTile(layers: { name: string; features: GeojsonVtFeature[] }[]): Uint8Array {
  const map: Record<string, GeojsonVtTile> = {}
  for (const layer of layers) {
    if (layer.features.length > 0) map[layer.name] = { features: layer.features }
  }
  if (Object.keys(map).length === 0) return new Uint8Array(0)
  return fromGeojsonVt(map, { version: 2, extent: TILE_EXTENT })
}

/**
 * Converts one selected row into an MVT feature, or null when nothing of it is left in the tile.
 * `attributes` names the row columns to carry; `extra` adds attributes (rule-set statuses).
 */
export function toTileFeature(
  row: TileFeatureRow,
  kind: TileGeometryKind,
  attributes: readonly string[],
  extra?: Record<string, string | number | null>,
): GeojsonVtFeature | null {
  if (!row.tile_geometry) return null
  const geometry = JSON.parse(row.tile_geometry) as Geometry
  const tags: Tags = {}
  for (const attribute of attributes) {
    const value = row.properties[attribute]
    if (value === null || value === undefined) continue
    tags[attribute] =
      typeof value === 'number' || typeof value === 'boolean' ? value : String(value)
  }
  if (extra) {
    for (const [key, value] of Object.entries(extra)) if (value !== null) tags[key] = value
  }
  if (kind === 'point') {
    const points = pointsOf(geometry)
    return points.length > 0 ? { type: 1, geometry: points, tags } : null
  }
  if (kind === 'line') {
    const lines = linesOf(geometry)
    return lines.length > 0 ? { type: 2, geometry: lines, tags } : null
  }
  const rings = polygonRingsOf(geometry)
  return rings.length > 0 ? { type: 3, geometry: rings, tags } : null
}

function snap(position: Position): [number, number] {
  return [Math.round(position[0] ?? 0), Math.round(position[1] ?? 0)]
}

const isInBuffer = ([x, y]: [number, number]) =>
  x >= -TILE_BUFFER &&
  x <= TILE_EXTENT + TILE_BUFFER &&
  y >= -TILE_BUFFER &&
  y <= TILE_EXTENT + TILE_BUFFER

function pointsOf(geometry: Geometry): [number, number][] {
  switch (geometry.type) {
    case 'Point':
      return [snap(geometry.coordinates)].filter(isInBuffer)
    case 'MultiPoint':
      return geometry.coordinates.map(snap).filter(isInBuffer)
    case 'GeometryCollection':
      return geometry.geometries.flatMap(pointsOf)
    default:
      return []
  }
}

function snapPath(positions: Position[]): Ring {
  const out: Ring = []
  for (const position of positions) {
    const point = snap(position)
    const last = out[out.length - 1]
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point)
  }
  return out
}

function linesOf(geometry: Geometry): Ring[] {
  switch (geometry.type) {
    case 'LineString':
      return [snapPath(geometry.coordinates)].filter((line) => line.length >= 2)
    case 'MultiLineString':
      return geometry.coordinates.map(snapPath).filter((line) => line.length >= 2)
    case 'GeometryCollection':
      return geometry.geometries.flatMap(linesOf)
    default:
      return []
  }
}

/**
 * Surveyor's formula in tile units, as the MVT spec states it: positive for an exterior ring
 * (clockwise on screen, where y points down), negative for a hole.
 */
function signedArea(ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as [number, number]
    const b = ring[i] as [number, number]
    sum += a[0] * b[1] - b[0] * a[1]
  }
  return sum / 2
}

function polygonRings(polygon: Position[][]): Ring[] {
  const out: Ring[] = []
  polygon.forEach((positions, index) => {
    const ring = snapPath(positions)
    if (ring.length < 4) return
    const area = signedArea(ring)
    if (area === 0) return
    const isExterior = index === 0
    if (isExterior && out.length > 0) return
    if (!isExterior && out.length === 0) return // hole of a collapsed exterior
    if ((isExterior && area < 0) || (!isExterior && area > 0)) ring.reverse()
    out.push(ring)
  })
  return out
}

function polygonRingsOf(geometry: Geometry): Ring[] {
  switch (geometry.type) {
    case 'Polygon':
      return polygonRings(geometry.coordinates)
    case 'MultiPolygon':
      return geometry.coordinates.flatMap(polygonRings)
    case 'GeometryCollection':
      return geometry.geometries.flatMap(polygonRingsOf)
    default:
      return []
  }
}
