import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson'
import type {
  ClusterParams,
  ClusterSummary,
  RegionAreaSummary,
  RegionParams,
} from '@tongcun/domain'
import {
  labelClusteredFeatures,
  type ClusterOutlineProperties,
  type ClusterVillagesResult,
} from './cluster-villages'
import {
  labelRegionFeatures,
  type RegionOutlineProperties,
  type RegionalizeResult,
} from './regionalize'

/** GeoJSON output of a clustering run: every input feature labelled, parameters and clusters as collection properties. */
export interface ClusterCollection extends FeatureCollection<Point, Record<string, unknown>> {
  properties: {
    kind: 'clusters'
    params: ClusterParams
    clusterCount: number
    noiseCount: number
    crossingTownshipCount: number
    clusters: ClusterSummary[]
  } & Record<string, unknown>
  /** Cluster outlines (convex hulls). */
  outlines: FeatureCollection<Polygon | MultiPolygon, ClusterOutlineProperties>
}

/** Builds the {@link ClusterCollection} (input not mutated). */
export function toClusterCollection(
  features: ReadonlyArray<Feature<Point, object | null>>,
  result: ClusterVillagesResult,
  extra: Record<string, unknown> = {},
): ClusterCollection {
  return {
    type: 'FeatureCollection',
    properties: {
      kind: 'clusters',
      params: result.params,
      clusterCount: result.clusters.length,
      noiseCount: result.assignments.filter((a) => a.cluster === null).length,
      crossingTownshipCount: result.clusters.filter((c) => c.crossesTownship).length,
      clusters: result.clusters,
      ...extra,
    },
    features: labelClusteredFeatures(features, result),
    outlines: result.outlines,
  }
}

/** GeoJSON output of a regionalization run. */
export interface RegionCollection<G extends Geometry = Geometry> extends FeatureCollection<
  G,
  Record<string, unknown>
> {
  properties: {
    kind: 'regions'
    params: RegionParams
    /** Total within-area SSD of the standardized attributes. */
    objective: number
    floorMet: boolean
    areaCount: number
    areas: RegionAreaSummary[]
    contiguity: RegionalizeResult['contiguity']
  } & Record<string, unknown>
  outlines: FeatureCollection<Polygon | MultiPolygon, RegionOutlineProperties>
}

/** Builds the {@link RegionCollection} (input not mutated). */
export function toRegionCollection<G extends Geometry>(
  features: ReadonlyArray<Feature<G, object | null>>,
  result: RegionalizeResult,
  extra: Record<string, unknown> = {},
): RegionCollection<G> {
  return {
    type: 'FeatureCollection',
    properties: {
      kind: 'regions',
      params: result.params,
      objective: result.objective,
      floorMet: result.floorMet,
      areaCount: result.areas.length,
      areas: result.areas,
      contiguity: result.contiguity,
      ...extra,
    },
    features: labelRegionFeatures(features, result),
    outlines: result.outlines,
  }
}
