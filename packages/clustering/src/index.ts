export { assignAdminUnits, adminCodesOfProperties, spanOfAdminCodes } from './admin-span'
export type { AdminPolygonFeature, VillageAdminCodes } from './admin-span'
export { clusterVillages, featureKey, labelClusteredFeatures, rankByKey } from './cluster-villages'
export type {
  ClusterAssignment,
  ClusterOutlineProperties,
  ClusterVillagesOptions,
  ClusterVillagesResult,
  PointInput,
} from './cluster-villages'
export {
  bridgeComponents,
  delaunayContiguity,
  edgeContiguity,
  polygonContiguity,
} from './contiguity'
export type { ContiguityGraph } from './contiguity'
export { dbscanFromNeighbours, dbscanPoints, findStraightNeighbours } from './dbscan'
export type { DbscanLabels, DbscanOptions, NeighbourLists } from './dbscan'
export { outlineOfPoints } from './outline'
export { createRandom } from './prng'
export { chooseMetricCrs, createProjector, projectLngLats, utmCrsAt } from './projection'
export type { MetricCrs, ProjectedPoints } from './projection'
export { growMaxP, improveByMoves, skater, totalWithinSsd } from './regionalize-core'
export type { RegionProblem } from './regionalize-core'
export { labelRegionFeatures, regionalizeVillages } from './regionalize'
export type {
  RegionAssignment,
  RegionInput,
  RegionOutlineProperties,
  RegionalizeOptions,
  RegionalizeResult,
} from './regionalize'
export { candidateCodes, recommendRelocation, resolveRelocationParams } from './relocation'
export type { RelocationContext } from './relocation'
export { buildRoadGraph, findNetworkNeighbours } from './road-graph'
export type { RoadGraph } from './road-graph'
export { splitByPopulation } from './split-by-population'
export { toClusterCollection, toRegionCollection } from './collections'
export type { ClusterCollection, RegionCollection } from './collections'
export { DERIVED_ATTRIBUTES, addDerivedAttributes } from './derived-attributes'
