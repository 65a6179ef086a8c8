/** Small GeoJSON helpers for API responses (view work only: no analysis geometry). */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'

export type BboxTuple = [number, number, number, number]

/** `[west, south, east, north]` over every coordinate of the features; undefined when none. */
export function bboxOfFeatures(
  features: readonly Feature<Geometry | null>[],
): BboxTuple | undefined {
  const box: BboxTuple = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (position: Position) => {
    const lng = position[0]!
    const lat = position[1]!
    if (lng < box[0]) box[0] = lng
    if (lat < box[1]) box[1] = lat
    if (lng > box[2]) box[2] = lng
    if (lat > box[3]) box[3] = lat
  }
  const walk = (geometry: Geometry | null) => {
    if (!geometry) return
    switch (geometry.type) {
      case 'Point':
        return visit(geometry.coordinates)
      case 'MultiPoint':
      case 'LineString':
        return geometry.coordinates.forEach(visit)
      case 'MultiLineString':
      case 'Polygon':
        return geometry.coordinates.forEach((ring) => ring.forEach(visit))
      case 'MultiPolygon':
        return geometry.coordinates.forEach((polygon) =>
          polygon.forEach((ring) => ring.forEach(visit)),
        )
      case 'GeometryCollection':
        return geometry.geometries.forEach(walk)
    }
  }
  features.forEach((feature) => walk(feature.geometry))
  return box[0] === Infinity ? undefined : box
}

/** A FeatureCollection with its `bbox` member (omitted when empty), as every API collection has. */
export function toFeatureCollection<F extends Feature<Geometry | null>>(
  features: F[],
): FeatureCollection<F['geometry'] & Geometry, NonNullable<F['properties']>> {
  const bbox = bboxOfFeatures(features)
  return {
    type: 'FeatureCollection',
    ...(bbox ? { bbox } : {}),
    features,
  } as unknown as FeatureCollection<F['geometry'] & Geometry, NonNullable<F['properties']>>
}
