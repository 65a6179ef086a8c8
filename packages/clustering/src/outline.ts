import { buffer, lineString, point } from '@turf/turf'
import type { MultiPolygon, Polygon } from 'geojson'

/**
 * Convex hull of `[lng, lat]` points by Andrew's monotone chain (planar in degrees, as turf `convex`),
 * counter-clockwise, closed; fewer than 3 hull vertices when the points are collinear.
 */
export function convexHullOf(
  lngLats: readonly (readonly [number, number])[],
): Array<[number, number]> {
  const points = lngLats.map(([lng, lat]) => [lng, lat] as [number, number])
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const lower: Array<[number, number]> = []
  for (const p of points) {
    while (
      lower.length >= 2 &&
      cross(
        lower[lower.length - 2] as [number, number],
        lower[lower.length - 1] as [number, number],
        p,
      ) <= 0
    )
      lower.pop()
    lower.push(p)
  }
  const upper: Array<[number, number]> = []
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as [number, number]
    while (
      upper.length >= 2 &&
      cross(
        upper[upper.length - 2] as [number, number],
        upper[upper.length - 1] as [number, number],
        p,
      ) <= 0
    )
      upper.pop()
    upper.push(p)
  }
  lower.pop()
  upper.pop()
  return lower.concat(upper)
}

/** Shoelace area of a ring in degrees scaled to m² at its mean latitude (only to reject slivers). */
function approximateAreaM2(ring: ReadonlyArray<[number, number]>): number {
  let twice = 0
  let latSum = 0
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as [number, number]
    const [x2, y2] = ring[(i + 1) % ring.length] as [number, number]
    twice += x1 * y2 - x2 * y1
    latSum += y1
  }
  const metresPerDegree = 111_320
  const cosLat = Math.cos(((latSum / ring.length) * Math.PI) / 180)
  return (Math.abs(twice) / 2) * metresPerDegree * metresPerDegree * cosLat
}

/**
 * Outline of a group of points: their convex hull (monotone chain); for one point, two points or collinear
 * points (no area), the points or the line between the extreme points buffered by `bufferMeters`.
 * Coordinates `[lng, lat]` WGS84.
 */
export function outlineOfPoints(
  lngLats: readonly (readonly [number, number])[],
  bufferMeters = 250,
): Polygon | MultiPolygon {
  if (lngLats.length >= 3) {
    const hull = convexHullOf(lngLats)
    if (hull.length >= 3 && approximateAreaM2(hull) > 1) {
      return { type: 'Polygon', coordinates: [[...hull, hull[0] as [number, number]]] }
    }
  }
  const sorted = lngLats.map(([lng, lat]) => [lng, lat] as [number, number])
  sorted.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const first = sorted[0] as [number, number]
  const last = sorted[sorted.length - 1] as [number, number]
  const shape =
    first[0] === last[0] && first[1] === last[1] ? point(first) : lineString([first, last])
  const buffered = buffer(shape, bufferMeters, { units: 'meters', steps: 8 })
  if (!buffered) throw new Error(`buffer of a ${shape.geometry.type} returned nothing`)
  return buffered.geometry
}
