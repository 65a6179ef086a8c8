/**
 * Cross-boundary clustering (relocation clusters) and regionalization (planning areas) result types.
 * Distances are metres in a projected metric CRS (UTM zone of the data centroid, EPSG:326xx/327xx).
 */
import type { AdminLevel } from './model'

/** How distance between villages is measured for clustering. */
export type ClusterDistance = 'straight' | 'network'
export const CLUSTER_DISTANCES: readonly ClusterDistance[] = ['straight', 'network']

/** An administrative unit a cluster or area spans. */
export interface AdminSpanUnit {
  level: Extract<AdminLevel, 'township' | 'county' | 'city'>
  code: string
  name?: string | null
}

/** Admin units spanned by a group of villages, with boundary-crossing flags. */
export interface AdminSpan {
  townships: string[]
  counties: string[]
  cities: string[]
  crossesTownship: boolean
  crossesCounty: boolean
  crossesCity: boolean
}

/** One DBSCAN cluster of villages. */
export interface ClusterSummary extends AdminSpan {
  /** 0-based, ordered by the smallest member code. */
  id: number
  /** Member village codes, sorted. */
  members: string[]
  population: number
  households: number
  poorPeople: number
  poorHouseholds: number
  /** Whether the cluster came from splitting a larger one to respect `maxPopulation`. */
  isSplit: boolean
  /** True when a single village alone exceeds `maxPopulation` (it cannot be split further). */
  exceedsMaxPopulation: boolean
}

/** Parameters of a clustering run, echoed in outputs. */
export interface ClusterParams {
  epsM: number
  minPoints: number
  maxPopulation: number | null
  distance: ClusterDistance
  /** EPSG code of the metric CRS used (e.g. 32648). */
  epsg: number
}

/** One planning area (regionalization). */
export interface RegionAreaSummary extends AdminSpan {
  /** 0-based, ordered by the smallest member code. */
  id: number
  members: string[]
  /** Within-area sum of squared deviations of the standardized attributes. */
  ssd: number
  population: number
  poorHouseholds: number
  /** Mean of each raw attribute over the members (nulls skipped). */
  means: Record<string, number | null>
  /** Value of the floor field summed over members, when a floor was given. */
  floorValue: number | null
}

export interface RegionParams {
  attributes: string[]
  method: 'skater' | 'max-p'
  k: number | null
  floor: { field: string; min: number } | null
  seed: number
}
