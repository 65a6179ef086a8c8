/** Structural geometry checks done before any conversion or database work. */
import type { Geometry, Position } from 'geojson'

const isPosition = (value: unknown): value is Position =>
  Array.isArray(value) &&
  value.length >= 2 &&
  value.every((ordinate) => typeof ordinate === 'number' && Number.isFinite(ordinate))

function checkPositions(value: unknown, minimum: number, what: string): string | null {
  if (!Array.isArray(value)) return `${what} coordinates are not an array`
  for (const [index, position] of value.entries()) {
    if (!isPosition(position))
      return `${what} position ${index} is not a pair of finite numbers: ${JSON.stringify(position)}`
  }
  if (value.length < minimum)
    return `${what} has ${value.length} position(s); at least ${minimum} needed`
  return null
}

function checkRing(ring: unknown, label: string): string | null {
  const problem = checkPositions(ring, 4, label)
  if (problem) return problem
  const positions = ring as Position[]
  const first = positions[0]!
  const last = positions[positions.length - 1]!
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return `${label} is not closed: first position ${JSON.stringify(first)} differs from last ${JSON.stringify(last)}`
  }
  return null
}

function checkPolygon(rings: unknown, label: string): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return `${label} has no rings`
  for (const [index, ring] of rings.entries()) {
    const problem = checkRing(ring, `${label} ring ${index}${index === 0 ? ' (exterior)' : ''}`)
    if (problem) return problem
  }
  return null
}

/**
 * Returns why a GeoJSON geometry is structurally broken (unknown type, non-numeric coordinates,
 * too few positions, unclosed ring), or null when it is well formed. Self-intersection is checked later
 * by PostGIS (`ST_IsValidReason`).
 */
export function findStructuralProblem(geometry: unknown): string | null {
  if (typeof geometry !== 'object' || geometry === null) return 'geometry is not an object'
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown }
  switch (type) {
    case 'Point':
      return isPosition(coordinates)
        ? null
        : `Point coordinates are not a pair of finite numbers: ${JSON.stringify(coordinates)}`
    case 'MultiPoint':
      return checkPositions(coordinates, 1, 'MultiPoint')
    case 'LineString':
      return checkPositions(coordinates, 2, 'LineString')
    case 'MultiLineString':
      if (!Array.isArray(coordinates) || coordinates.length === 0)
        return 'MultiLineString has no parts'
      for (const [index, part] of coordinates.entries()) {
        const problem = checkPositions(part, 2, `MultiLineString part ${index}`)
        if (problem) return problem
      }
      return null
    case 'Polygon':
      return checkPolygon(coordinates, 'Polygon')
    case 'MultiPolygon':
      if (!Array.isArray(coordinates) || coordinates.length === 0)
        return 'MultiPolygon has no parts'
      for (const [index, part] of coordinates.entries()) {
        const problem = checkPolygon(part, `MultiPolygon part ${index}`)
        if (problem) return problem
      }
      return null
    case 'GeometryCollection':
      return 'GeometryCollection is not supported; split it into features'
    default:
      return `unknown geometry type ${JSON.stringify(type)}`
  }
}

/** Calls `visit` for every position of a (structurally valid) geometry. */
export function forEachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates)
      return
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit)
      return
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit))
      return
    case 'MultiPolygon':
      geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)))
      return
    case 'GeometryCollection':
      geometry.geometries.forEach((part) => forEachPosition(part, visit))
  }
}

/** First position outside lng [-180, 180] / lat [-90, 90], or null. */
export function findOutOfRangePosition(
  geometry: Geometry,
): { position: Position; axis: 'lon' | 'lat' } | null {
  let found: { position: Position; axis: 'lon' | 'lat' } | null = null
  forEachPosition(geometry, (position) => {
    if (found) return
    const [lng, lat] = position as [number, number]
    if (!(lng >= -180 && lng <= 180)) found = { position, axis: 'lon' }
    else if (!(lat >= -90 && lat <= 90)) found = { position, axis: 'lat' }
  })
  return found
}

/** Drops Z/M ordinates: the database stores 2D geometry. */
export function to2d(position: Position): Position {
  return [position[0]!, position[1]!]
}
