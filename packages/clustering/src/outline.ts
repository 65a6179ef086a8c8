import { area, buffer, convex, featureCollection, lineString, point } from '@turf/turf'
import type { MultiPolygon, Polygon } from 'geojson'

/**
 * Outline of a group of points: their convex hull (turf `convex`); for one point, two points or collinear
 * points (no area), the points or the line between the extreme points buffered by `bufferMeters`.
 * Coordinates `[lng, lat]` WGS84.
 */
export function outlineOfPoints(
  lngLats: readonly (readonly [number, number])[],
  bufferMeters = 250,
): Polygon | MultiPolygon {
  const points = lngLats.map(([lng, lat]) => point([lng, lat]))
  if (points.length >= 3) {
    const hull = convex(featureCollection(points))
    if (hull && area(hull) > 1) return hull.geometry
  }
  const sorted = lngLats.map(([lng, lat]) => [lng, lat] as [number, number])
  sorted.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const first = sorted[0] as [number, number]
  const last = sorted[sorted.length - 1] as [number, number]
  const shape = first[0] === last[0] && first[1] === last[1] ? point(first) : lineString([first, last])
  const buffered = buffer(shape, bufferMeters, { units: 'meters', steps: 8 })
  if (!buffered) throw new Error(`buffer of a ${shape.geometry.type} returned nothing`)
  return buffered.geometry
}
