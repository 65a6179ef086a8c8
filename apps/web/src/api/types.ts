import type { Feature, FeatureCollection, Point } from 'geojson'
import type {
  AdminLevel,
  CoverageNetwork,
  NetworkCoverage as DomainNetworkCoverage,
  RelocationAssessment,
  VillageFeature,
} from '@tongcun/domain'

export type Bbox = [number, number, number, number]

/**
 * Per-village per-network coverage as `/api/coverage` sends it: the domain's `NetworkCoverage`,
 * read leniently (every field but `status` may be absent).
 */
export type NetworkCoverage = Pick<DomainNetworkCoverage, 'status'> &
  Partial<Omit<DomainNetworkCoverage, 'status'>>

export interface CoverageProperties {
  code: string
  name: string
  population?: number | null
  poor_people?: number | null
  township_code?: string
  county_code?: string
  coverage: Partial<Record<CoverageNetwork, NetworkCoverage>>
  fullyCovered: boolean
}
export type CoverageFeature = Feature<Point, CoverageProperties>
export type CoverageCollection = FeatureCollection<Point, CoverageProperties> & {
  bbox?: Bbox
  properties?: unknown
}

export interface AdminUnitView {
  code: string
  name: string
  level: AdminLevel
  parentCode: string | null
}

export interface AdminDetailView {
  unit: AdminUnitView
  bbox: Bbox | null
  children: AdminUnitView[]
}

/** One unit's roll-up, normalised from `/api/coverage/rollup`. */
export interface RollupView {
  code: string
  name: string
  villages: number | null
  population: number | null
  fullCoverageShare: number | null
  attained: boolean | null
  costToClose: number | null
  networks: Partial<
    Record<
      CoverageNetwork,
      {
        coveredShare: number | null
        gapVillages: number | null
        poorInGap: number | null
        costToClose: number | null
      }
    >
  >
}

export interface RulesetView {
  id: string
  name: string
  nameZh?: string | null
  version?: string | number | null
}

export type { VillageFeature }

export type RelocationView = Pick<
  RelocationAssessment,
  'code' | 'name' | 'recommendation' | 'score' | 'reasons' | 'decision'
> & { lngLat: [number, number] | null }
