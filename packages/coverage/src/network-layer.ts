/**
 * Building blocks shared by the network assessors: feature selection by lifecycle stage, one index
 * and one graph per network over every part (all classes, all statuses), and per-part masks for
 * "qualifies", "exists at this stage" and "connected to an anchor".
 */
import type {
  FacilityFeature,
  FeatureStatus,
  NetworkLineFeature,
  PlannedRule,
} from '@tongcun/domain'
import { PLAIN_ALLOCATOR, SegmentIndex, countPartPositions } from '@tongcun/spatial'
import type { LocalProjection, SegmentSource, TypedAllocator } from '@tongcun/spatial'
import type { Position } from 'geojson'
import { buildNetworkGraph, findComponents } from './network-graph'
import type { NetworkGraph } from './network-graph'

/** `existing` = today; a year = existing plus planned features due by then; `unknown` = all planned. */
export type Stage = 'existing' | number | 'unknown'

export interface Lifecycle {
  status: FeatureStatus
  completion_year?: number | null
}

/** Whether a feature with this lifecycle exists at `stage`. */
export function isActiveAt(
  feature: Lifecycle,
  stage: Stage,
  planned: PlannedRule,
  countPlanned: boolean,
): boolean {
  if (feature.status === 'existing') return true
  if (stage === 'existing' || !countPlanned || !planned.statuses.includes(feature.status))
    return false
  const year = feature.completion_year ?? null
  if (
    planned.latestCompletionYear !== null &&
    (year === null || year > planned.latestCompletionYear)
  )
    return false
  if (stage === 'unknown') return true
  return year !== null && year <= stage
}

/** Future stages worth evaluating for these features: their completion years, then `unknown`. */
export function listPlannedStages(
  features: readonly Lifecycle[],
  planned: PlannedRule,
  countPlanned: boolean,
): Stage[] {
  if (!countPlanned) return []
  const years = new Set<number>()
  let unknown = false
  for (const feature of features) {
    if (feature.status === 'existing' || !planned.statuses.includes(feature.status)) continue
    const year = feature.completion_year ?? null
    if (
      planned.latestCompletionYear !== null &&
      (year === null || year > planned.latestCompletionYear)
    )
      continue
    if (year === null) unknown = true
    else years.add(year)
  }
  const stages: Stage[] = [...years].sort((a, b) => a - b)
  if (unknown) stages.push('unknown')
  return stages
}

/**
 * Line geometry as a worker thread is handed it (`unpackCoverageInput`): each part's lng, lat pairs
 * in a typed array, in place of a (Multi)LineString's arrays of positions.
 */
export interface FlatLineGeometry {
  type: 'FlatLines'
  parts: Float64Array[]
}

/** Parts of a line geometry, one segment source each, with their ordinal in the geometry. */
function linePartSources(feature: NetworkLineFeature): SegmentSource[] {
  const geometry = feature.geometry as NetworkLineFeature['geometry'] | FlatLineGeometry | null
  if (!geometry) return []
  if (geometry.type === 'FlatLines') return geometry.parts.map((flat) => ({ flat }))
  const parts: Position[][] =
    geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates
  return parts.map((part) => ({ parts: [part] }))
}

/** Number of positions of a line feature, all parts. */
export function countLinePositions(feature: NetworkLineFeature): number {
  const geometry = feature.geometry as NetworkLineFeature['geometry'] | FlatLineGeometry | null
  if (!geometry) return 0
  if (geometry.type === 'FlatLines')
    return geometry.parts.reduce((sum, flat) => sum + (flat.length >> 1), 0)
  if (geometry.type === 'LineString') return geometry.coordinates.length
  return geometry.coordinates.reduce((sum, part) => sum + part.length, 0)
}

/** Every part of every feature of one network, indexed and as a graph. Part = index source. */
export interface NetworkUniverse {
  features: NetworkLineFeature[]
  partFeature: Int32Array
  partOrdinal: Int32Array
  partCount: number
  /** First segment of each part. */
  partFirstSegment: Int32Array
  index: SegmentIndex
  graph: NetworkGraph
}

/** Indexes and graphs all non-empty parts of `features` (already in id order). */
export function buildNetworkUniverse(
  features: NetworkLineFeature[],
  projection: LocalProjection,
  snapToleranceM: number,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): NetworkUniverse {
  const partFeature: number[] = []
  const partOrdinal: number[] = []
  const sources: SegmentSource[] = []
  features.forEach((feature, featureIndex) => {
    linePartSources(feature).forEach((source, ordinal) => {
      if (countPartPositions(source, 0) === 0) return
      partFeature.push(featureIndex)
      partOrdinal.push(ordinal)
      sources.push(source)
    })
  })
  const index = SegmentIndex.build(sources, projection, allocate)
  const graph = buildNetworkGraph(sources, index, projection, snapToleranceM, allocate)
  const partFirstSegment = allocate.int32(sources.length).fill(-1)
  for (let segment = index.size - 1; segment >= 0; segment--)
    partFirstSegment[index.segmentFeature(segment)] = segment
  return {
    features,
    partFeature: Int32Array.from(partFeature),
    partOrdinal: Int32Array.from(partOrdinal),
    partCount: sources.length,
    partFirstSegment,
    index,
    graph,
  }
}

/**
 * Per part, from which stage its feature exists under `planned` and `countPlanned`, so that
 * {@link isActiveFrom} answers {@link isActiveAt} without the feature: -Infinity when it exists
 * today, its completion year, +Infinity when it counts only at `unknown` (planned, no year), NaN
 * when it never counts.
 */
export function findActiveFrom(
  universe: NetworkUniverse,
  planned: PlannedRule,
  countPlanned: boolean,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): Float64Array {
  const from = allocate.float64(universe.partCount)
  let lastFeature = -1
  let value = NaN
  for (let part = 0; part < universe.partCount; part++) {
    const featureIndex = universe.partFeature[part] ?? 0
    if (featureIndex !== lastFeature) {
      lastFeature = featureIndex
      const properties = universe.features[featureIndex]?.properties
      if (!properties) value = NaN
      else if (isActiveAt(properties, 'existing', planned, countPlanned)) value = -Infinity
      else if (!isActiveAt(properties, 'unknown', planned, countPlanned)) value = NaN
      else value = properties.completion_year ?? Infinity
    }
    from[part] = value
  }
  return from
}

/** Whether a part that exists from `from` ({@link findActiveFrom}) exists at `stage`. */
export function isActiveFrom(from: number, stage: Stage): boolean {
  if (stage === 'existing') return from === -Infinity
  if (stage === 'unknown') return !Number.isNaN(from)
  return from <= stage
}

/** The parts of `mask` that exist at `stage` (`activeFrom`: {@link findActiveFrom}). */
export function maskActiveParts(
  mask: Uint8Array,
  activeFrom: Float64Array,
  stage: Stage,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): Uint8Array {
  const result = allocate.uint8(mask.length)
  for (let part = 0; part < mask.length; part++) {
    if (mask[part] === 1 && isActiveFrom(activeFrom[part] ?? NaN, stage)) result[part] = 1
  }
  return result
}

/** Mask (1/0 per part) of the parts whose feature satisfies `predicate`. */
export function maskParts(
  universe: NetworkUniverse,
  predicate: (feature: NetworkLineFeature) => boolean,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): Uint8Array {
  const mask = allocate.uint8(universe.partCount)
  // Per feature: 0 not decided yet, 1 passes, 2 fails (parts of one feature share the answer).
  const memo = new Uint8Array(universe.features.length)
  for (let part = 0; part < universe.partCount; part++) {
    const featureIndex = universe.partFeature[part] ?? 0
    let decided = memo[featureIndex] ?? 0
    if (decided === 0) {
      const feature = universe.features[featureIndex]
      decided = feature && predicate(feature) ? 1 : 2
      memo[featureIndex] = decided
    }
    if (decided === 1) mask[part] = 1
  }
  return mask
}

/**
 * The usable parts whose component (through usable parts only) contains an anchor part, or lies
 * within `snapToleranceM` of an anchor facility.
 */
export function findAnchoredMask(
  universe: NetworkUniverse,
  usable: Uint8Array,
  options: {
    anchorParts?: Uint8Array
    anchorFacilities?: readonly FacilityFeature[]
    snapToleranceM: number
  },
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): Uint8Array {
  const { graph, index } = universe
  const component = findComponents(graph, usable, allocate)
  const componentOfPart = (part: number) =>
    component[graph.edgeFrom[universe.partFirstSegment[part] ?? 0] ?? 0] ?? -1
  const anchored = new Set<number>()
  if (options.anchorParts) {
    for (let part = 0; part < universe.partCount; part++) {
      if (usable[part] === 1 && options.anchorParts[part] === 1) anchored.add(componentOfPart(part))
    }
  }
  for (const facility of options.anchorFacilities ?? []) {
    const [lng, lat] = facility.geometry.coordinates
    for (const segment of index.candidatesWithin(lng ?? 0, lat ?? 0, options.snapToleranceM)) {
      if (usable[index.segmentFeature(segment)] !== 1) continue
      const { distanceM } = index.distanceToSegmentM(lng ?? 0, lat ?? 0, segment)
      if (distanceM <= options.snapToleranceM)
        anchored.add(component[graph.edgeFrom[segment] ?? 0] ?? -1)
    }
  }
  const result = allocate.uint8(universe.partCount)
  for (let part = 0; part < universe.partCount; part++) {
    if (usable[part] === 1 && anchored.has(componentOfPart(part))) result[part] = 1
  }
  return result
}

/** Facility point index (points are zero-length segments). */
export function buildFacilityIndex(
  facilities: readonly FacilityFeature[],
  projection: LocalProjection,
  allocate: TypedAllocator = PLAIN_ALLOCATOR,
): SegmentIndex {
  return SegmentIndex.build(
    facilities.map((facility) => ({ parts: [[facility.geometry.coordinates]] })),
    projection,
    allocate,
  )
}
