/**
 * Relocation (易地扶贫搬迁) types: the rule-set `relocation` section and the per-village assessment.
 *
 * Relocation is voluntary: the tool recommends, people decide. A planner's recorded decision
 * (`confirmed` / `declined` / `pending`) overrides the recommendation everywhere downstream:
 * declined villages are never cluster or site-demand candidates, confirmed ones always are.
 */
import type { CoverageNetwork, HazardKind, RelocationDecision, Severity } from './model'

/** Outcome of the assessment for one village. */
export type RelocationRecommendation = 'relocate' | 'in-situ' | 'review'
export const RELOCATION_RECOMMENDATIONS: readonly RelocationRecommendation[] = [
  'relocate',
  'in-situ',
  'review',
]
export const RELOCATION_DECISIONS: readonly RelocationDecision[] = [
  'confirmed',
  'declined',
  'pending',
]

/** The scored factors; each yields a sub-score in [0, 1] (1 = strongest case for relocation). */
export type RelocationFactor = 'hazard' | 'cost' | 'size' | 'remoteness' | 'terrain' | 'land'
export const RELOCATION_FACTORS: readonly RelocationFactor[] = [
  'hazard',
  'cost',
  'size',
  'remoteness',
  'terrain',
  'land',
]

/**
 * The `relocation` section of a rule set (JSON). Every weight and threshold of the assessment is here;
 * nothing is a constant in code. Sub-scores are linear ramps between a `low` and a `high` threshold,
 * clamped to [0, 1]. Missing sections or fields take {@link DEFAULT_RELOCATION_PARAMS}.
 */
export interface RelocationParams {
  /** Weight of each factor in the score (score = Σ weight × sub-score / Σ weight, in [0, 1]). */
  weights: Record<RelocationFactor, number>
  /** score ≥ this → `relocate`. */
  relocateScore: number
  /** score ≥ this (and below `relocateScore`) → `review`; below → `in-situ`. */
  reviewScore: number
  hazard: {
    /** Multiplier by hazard kind (0..1). */
    kindWeight: Record<HazardKind, number>
    /** Multiplier by severity (0..1). */
    severityWeight: Record<Severity, number>
    /** Share of the village (boundary area, or 1 when only the seat is known and lies inside) at which the zone counts fully. */
    fullShare: number
    /** Shares below this are ignored (slivers from digitising). */
    minShare: number
    /** A zone of these severities covering ≥ `overrideShare` forces `relocate` whatever the score. */
    overrideSeverities: Severity[]
    overrideKinds: HazardKind[]
    overrideShare: number
  }
  cost: {
    /** Per-person cost of resettlement (housing, site infrastructure, follow-up support), CNY. */
    resettlementCostPerPersonCny: number
    /** Ratio in-situ cost per person / resettlement cost per person at which the sub-score starts (0). */
    ratioLow: number
    /** Ratio at which the sub-score is 1. */
    ratioHigh: number
    /** Coverage statuses whose `costToClose` counts as in-situ cost. */
    countStatuses: string[]
  }
  size: {
    /** Population at or below which the sub-score is 1. */
    tinyPopulation: number
    /** Population at or above which the sub-score is 0. */
    smallPopulation: number
  }
  remoteness: {
    /** Distance to the nearest town / resettlement site: sub-score 0 at `siteNearM`, 1 at `siteFarM`. */
    siteNearM: number
    siteFarM: number
    /** Distance to the nearest road line: sub-score 0 at `roadNearM`, 1 at `roadFarM`. */
    roadNearM: number
    roadFarM: number
  }
  terrain: {
    /** Mean slope, degrees: 0 at `slopeLowDeg`, 1 at `slopeHighDeg` (25° is the national limit for cultivation). */
    slopeLowDeg: number
    slopeHighDeg: number
    /** Seat elevation, metres: 0 at `elevationLowM`, 1 at `elevationHighM`. */
    elevationLowM: number
    elevationHighM: number
  }
  land: {
    /** Arable land per person, mu: 1 at or below `scarceMu`, 0 at or above `enoughMu`. */
    scarceMu: number
    enoughMu: number
  }
  /** Whether `review` villages are included (with `relocate` ones) as cluster / site-demand candidates. */
  candidatesIncludeReview: boolean
}

/**
 * Default relocation parameters. Sources of the orders of magnitude: the 13th Five-Year relocation plan
 * (≈ 9.6 million people, ≈ 600 billion CNY, i.e. ≈ 60,000 CNY per person all-in); 25° slope as the
 * limit for cultivation; 0.3 mu per person as "land cannot support the people".
 */
export const DEFAULT_RELOCATION_PARAMS: RelocationParams = {
  weights: { hazard: 0.35, cost: 0.25, size: 0.1, remoteness: 0.1, terrain: 0.1, land: 0.1 },
  relocateScore: 0.55,
  reviewScore: 0.3,
  hazard: {
    kindWeight: { geological: 1, flood: 0.8, 'ecological-red-line': 0.7 },
    severityWeight: { low: 0.3, medium: 0.6, high: 1 },
    fullShare: 0.5,
    minShare: 0.02,
    overrideSeverities: ['high'],
    overrideKinds: ['geological', 'flood'],
    overrideShare: 0.5,
  },
  cost: {
    resettlementCostPerPersonCny: 60000,
    ratioLow: 0.5,
    ratioHigh: 1.5,
    countStatuses: ['gap'],
  },
  size: { tinyPopulation: 100, smallPopulation: 500 },
  remoteness: { siteNearM: 5000, siteFarM: 25000, roadNearM: 500, roadFarM: 5000 },
  terrain: { slopeLowDeg: 15, slopeHighDeg: 25, elevationLowM: 2500, elevationHighM: 3500 },
  land: { scarceMu: 0.3, enoughMu: 1.2 },
  candidatesIncludeReview: false,
}

/** Per-network coverage input to the assessment (a subset of the coverage engine's per-village result). */
export interface RelocationCoverageInput {
  /** 12-digit village code. */
  code: string
  coverage: Partial<
    Record<CoverageNetwork, { status: string; costToClose?: number | null } | undefined>
  >
}

/** One reason behind a recommendation, as sentences a planner can read out in a meeting. */
export interface RelocationReason {
  factor: RelocationFactor | 'decision' | 'data'
  /** Sub-score of the factor in [0, 1] (0 for informational reasons). */
  subScore: number
  /** weight × sub-score / Σ weights: what this factor adds to the score. */
  contribution: number
  en: string
  zh: string
}

/** Hazard zone overlapping a village. */
export interface HazardOverlap {
  hazardId: string
  kind: HazardKind
  severity: Severity
  /** Share of the village boundary area in the zone (0..1), or 1 when the seat is inside (no boundary). */
  share: number
  basis: 'boundary' | 'seat'
}

/** The assessment of one village. */
export interface RelocationAssessment {
  code: string
  name: string
  recommendation: RelocationRecommendation
  /** 0..1, higher = stronger case for relocation. */
  score: number
  subScores: Record<RelocationFactor, number | null>
  /** Most important first. */
  reasons: RelocationReason[]
  hazards: HazardOverlap[]
  inSituCostCny: number | null
  inSituCostPerPersonCny: number | null
  nearestSiteM: number | null
  nearestRoadM: number | null
  /** The planner's recorded decision, or null when none has been recorded. */
  decision: RelocationDecision | null
  /** Whether the village counts as a relocation candidate downstream (clusters, site demand). */
  isCandidate: boolean
}
