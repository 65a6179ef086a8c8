/**
 * Building blocks shared by the network assessors: feature selection by lifecycle stage, indexed
 * parts with their owning feature, and connectivity filtering.
 */
import type {
  FacilityFeature,
  FeatureStatus,
  NetworkLineFeature,
  PlannedRule,
  RuleSet,
} from '@tongcun/domain'
import { SegmentIndex } from '@tongcun/spatial'
import type { LocalProjection, SegmentSource } from '@tongcun/spatial'
import type { Position } from 'geojson'
import { buildNetworkGraph } from './network-graph'
import type { NetworkGraph } from './network-graph'

/** `existing` = today; a year = existing plus planned features due by then; `unknown` = all planned. */
export type Stage = 'existing' | number | 'unknown'

interface Lifecycle {
  status: FeatureStatus
  completion_year?: number | null
}

/** Whether a feature with this lifecycle exists at `stage`. */
export function isActiveAt(feature: Lifecycle, stage: Stage, planned: PlannedRule, countPlanned: boolean): boolean {
  if (feature.status === 'existing') return true
  if (stage === 'existing' || !countPlanned || !planned.statuses.includes(feature.status)) return false
  const year = feature.completion_year ?? null
  if (planned.latestCompletionYear !== null && (year === null || year > planned.latestCompletionYear)) return false
  if (stage === 'unknown') return true
  return year !== null && year <= stage
}

/** Future stages worth evaluating for these features: their completion years, then `unknown`. */
export function listPlannedStages(features: readonly Lifecycle[], planned: PlannedRule, countPlanned: boolean): Stage[] {
  if (!countPlanned) return []
  const years = new Set<number>()
  let unknown = false
  for (const feature of features) {
    if (feature.status === 'existing' || !planned.statuses.includes(feature.status)) continue
    const year = feature.completion_year ?? null
    if (planned.latestCompletionYear !== null && (year === null || year > planned.latestCompletionYear)) continue
    if (year === null) unknown = true
    else years.add(year)
  }
  const stages: Stage[] = [...years].sort((a, b) => a - b)
  if (unknown) stages.push('unknown')
  return stages
}

/** Parts of a line geometry as position lists. */
export function lineParts(feature: NetworkLineFeature): Position[][] {
  const geometry = feature.geometry
  if (!geometry) return []
  return geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates
}

/** An index over a selection of line parts, remembering which feature and part each came from. */
export interface PartLayer {
  features: NetworkLineFeature[]
  /** Per index source: the feature and the part ordinal within its geometry. */
  partFeature: number[]
  partOrdinal: number[]
  sources: SegmentSource[]
  index: SegmentIndex
}

/** Indexes the given parts (`selected(featureIndex, partOrdinal)`) of `features`, one source per part. */
export function buildPartLayer(
  features: NetworkLineFeature[],
  projection: LocalProjection,
  selected: (featureIndex: number, partOrdinal: number) => boolean = () => true,
): PartLayer {
  const partFeature: number[] = []
  const partOrdinal: number[] = []
  const sources: SegmentSource[] = []
  features.forEach((feature, featureIndex) => {
    lineParts(feature).forEach((part, ordinal) => {
      if (part.length === 0 || !selected(featureIndex, ordinal)) return
      partFeature.push(featureIndex)
      partOrdinal.push(ordinal)
      sources.push({ parts: [part] })
    })
  })
  return { features, partFeature, partOrdinal, sources, index: SegmentIndex.build(sources, projection) }
}

/** Builds the graph of a layer (same segment numbering as its index). */
export function buildLayerGraph(layer: PartLayer, projection: LocalProjection, snapToleranceM: number): NetworkGraph {
  return buildNetworkGraph(layer.sources, layer.index, projection, snapToleranceM)
}

/** Component id of each source (part) of a layer, through its first segment. */
export function partComponents(layer: PartLayer, graph: NetworkGraph): Int32Array {
  const result = new Int32Array(layer.sources.length).fill(-1)
  for (let segment = 0; segment < layer.index.size; segment++) {
    const source = layer.index.segmentFeature(segment)
    if ((result[source] ?? -1) < 0) result[source] = graph.component[graph.segStart[segment] ?? 0] ?? -1
  }
  return result
}

/**
 * Keeps the parts of `layer` whose component is anchored: contains a part of an anchor feature, or
 * lies within `snapToleranceM` of an anchor facility.
 * @returns `counting(featureIndex, partOrdinal)` membership as a set of `featureIndex:ordinal` keys
 */
export function findAnchoredParts(
  layer: PartLayer,
  graph: NetworkGraph,
  options: {
    anchorFeature?: (feature: NetworkLineFeature) => boolean
    anchorFacilities?: readonly FacilityFeature[]
    snapToleranceM: number
  },
): Set<string> {
  const components = partComponents(layer, graph)
  const anchored = new Set<number>()
  if (options.anchorFeature) {
    layer.sources.forEach((_, source) => {
      const feature = layer.features[layer.partFeature[source] ?? 0]
      if (feature && options.anchorFeature?.(feature)) anchored.add(components[source] ?? -1)
    })
  }
  for (const facility of options.anchorFacilities ?? []) {
    const [lng, lat] = facility.geometry.coordinates
    for (const segment of layer.index.candidatesWithin(lng ?? 0, lat ?? 0, options.snapToleranceM)) {
      const { distanceM } = layer.index.distanceToSegmentM(lng ?? 0, lat ?? 0, segment)
      if (distanceM <= options.snapToleranceM) anchored.add(graph.component[graph.segStart[segment] ?? 0] ?? -1)
    }
  }
  const keys = new Set<string>()
  layer.sources.forEach((_, source) => {
    if (anchored.has(components[source] ?? -2)) {
      keys.add(`${layer.partFeature[source] ?? 0}:${layer.partOrdinal[source] ?? 0}`)
    }
  })
  return keys
}

/** Facility point index (points are zero-length segments). */
export function buildFacilityIndex(facilities: readonly FacilityFeature[], projection: LocalProjection): SegmentIndex {
  return SegmentIndex.build(
    facilities.map((facility) => ({ parts: [[facility.geometry.coordinates]] })),
    projection,
  )
}

/** Rule-set sections that carry `countPlanned`. */
export function countsPlanned(ruleset: RuleSet, network: 'road' | 'bus' | 'water' | 'power' | 'broadband'): boolean {
  return ruleset[network]?.countPlanned ?? false
}
