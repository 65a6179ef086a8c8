export {
  ACCEPTED_CRS_NAMES,
  bd09ToWgs84,
  bundledEpsgDefinition,
  createToWgs84,
  crsFromWkt,
  gcj02ToWgs84,
  mapGeometryPositions,
  parseCrs,
  wgs84ToBd09,
  wgs84ToGcj02,
} from './crs'
export type { CrsSpec } from './crs'
export {
  MEAN_EARTH_RADIUS_M,
  WGS84_A,
  WGS84_F,
  fastGeodesicDistanceM,
  fromUnitVector,
  geodesicDestination,
  geodesicDistanceM,
  toUnitVector,
  unitVectorDistanceM,
} from './geodesic'
export { PLAIN_ALLOCATOR, TypedArena } from './arena'
export type { TypedAllocator } from './arena'
export { createLocalProjection } from './projection'
export type { LocalProjection } from './projection'
export {
  PartReader,
  SegmentIndex,
  countPartPositions,
  countSourceParts,
  createNearestSegment,
} from './segment-index'
export type { NearestSegment, SegmentSource } from './segment-index'
export { PolygonIndex, isPointInPolygon } from './polygon-index'
export { Mulberry32, createMulberry32 } from './random'
