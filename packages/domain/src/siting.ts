/**
 * Resettlement-site choice: the problem file (public interface) and the result, shared by
 * `@tongcun/siting`, the API and the web app. See `packages/siting/README.md`.
 */

/** Location model. */
export type SitingObjective = 'p-median' | 'mclp' | 'lscp' | 'p-center'
export const SITING_OBJECTIVES: readonly SitingObjective[] = [
  'p-median',
  'mclp',
  'lscp',
  'p-center',
]

/** Whether a candidate may, must or must not be opened. */
export type CandidateOpen = 'optional' | 'required' | 'forbidden'
export const CANDIDATE_OPEN_STATES: readonly CandidateOpen[] = ['optional', 'required', 'forbidden']

export interface SitingDemand {
  /** Stable id, e.g. `village:530102001001`. */
  id: string
  /** Scales the objective (e.g. people). Finite, >= 0. */
  weight: number
  /** What the demand uses of a site's capacity (e.g. households). Default = weight. */
  size?: number
}

export interface SitingCandidate {
  id: string
  /** Capacity in the unit of `size`; absent or null = uncapacitated. */
  capacity?: number | null
  /** Default `optional`. */
  open?: CandidateOpen
}

/**
 * A siting problem (JSON file / API body). Exactly one of `costs` (sparse map
 * `costs[demandId][candidateId]`, every pair present) and `matrix` (dense, rows in `demand`
 * order, columns in `candidates` order) is given. Costs are finite and >= 0 (metres, minutes ...).
 */
export interface SitingProblem {
  objective: SitingObjective
  /** Number of sites to open (p-median, mclp, p-center; ignored by lscp). Required sites count. */
  p?: number
  /** Coverage limit (mclp, lscp: required) or hard assignment limit (p-median, p-center: optional). */
  maxCost?: number | null
  /** Each demand goes to one site as a whole (default true). false = may be split across sites. */
  singleSource?: boolean
  demand: SitingDemand[]
  candidates: SitingCandidate[]
  costs?: Record<string, Record<string, number>>
  matrix?: number[][]
}

/**
 * `optimal`: proven optimal. `feasible`: a feasible answer with a proven bound (`gap`).
 * `infeasible`: proven that no answer exists (`reason`). `unknown`: the time limit ran out before
 * any feasible answer was found and infeasibility was not proven either (`reason`).
 */
export type SitingStatus = 'optimal' | 'feasible' | 'infeasible' | 'unknown'
export type SitingMethod = 'exact' | 'heuristic' | 'auto'

/** Where a demand goes: a site id (single source), or site id → fraction of the demand (split). */
export type SitingAssignment = string | Record<string, number>

export interface SitingResult {
  status: SitingStatus
  objectiveKind: SitingObjective
  /**
   * p-median: sum of weight x cost; mclp: covered weight (maximised); lscp: number of open sites;
   * p-center: the largest cost of any used demand–site pair. null when there is no answer.
   */
  objective: number | null
  /** Proven lower bound on the optimum (for mclp, a maximisation, this is the objective found). */
  lowerBound: number | null
  /** Proven upper bound on the optimum (for minimisation models this is the objective found). */
  upperBound: number | null
  /** Relative gap |upperBound - lowerBound| / max(|objective|, 1e-9); 0 when optimal. */
  gap: number | null
  /** Opened candidate ids, sorted. */
  open: string[]
  /** Demand id → site id, or → { siteId: fraction } when split. Uncovered demands are absent. */
  assignment: Record<string, SitingAssignment>
  /** Demand ids not (fully) served within `maxCost` (mclp), sorted. */
  uncovered: string[]
  /** Wall-clock seconds as measured by the clock passed in (0 without one). */
  seconds: number
  method: 'exact' | 'heuristic'
  /** Why infeasible / unknown, or a note on how the bound was obtained. */
  reason?: string
  /** Machine-readable reason code for `infeasible`. */
  reasonCode?:
    | 'p-exceeds-candidates'
    | 'required-exceeds-p'
    | 'demand-unreachable'
    | 'capacity-below-demand'
    | 'mip-infeasible'
    | 'time-limit'
  /** Ids involved in the reason (e.g. the unreachable demands). */
  reasonIds?: string[]
}

/** A planner request for `POST /api/sites/solve`: the API builds the `SitingProblem` from the database. */
export interface SitingPlanRequest {
  /** Admin unit whose villages are the demand (old codes resolve). */
  admin: string
  /** Rule set for the relocation assessment (which villages are candidates). */
  ruleset?: string | null
  /** `candidates` (default: relocation candidates honouring decisions), `all`, or explicit village codes. */
  demand?: 'candidates' | 'all' | string[]
  /** Demand weight: `population` (default) or `poor_people`; size is always households. */
  weight?: 'population' | 'poor_people'
  model: SitingObjective
  p?: number
  maxCost?: number | null
  singleSource?: boolean
  /** Site id → status; sites not listed are `optional`. `siteIds` limits the candidates. */
  sites?: Record<string, CandidateOpen>
  siteIds?: string[]
  /** Capacity in households (default) or people (then size = population). */
  capacity?: 'households' | 'people' | 'none'
  costType: 'straight' | 'network' | 'matrix'
  /** Dense matrix [village][site] in the order of the sorted village codes and site ids (costType matrix). */
  matrix?: number[][]
}

/** What the map needs to draw an answer next to the problem. */
export interface SitingContext {
  costType: SitingPlanRequest['costType']
  unreachablePairs: number
  demand: Array<{
    id: string
    code: string
    name: string
    lngLat: [number, number]
    weight: number
    size: number
  }>
  candidates: Array<{
    id: string
    name: string
    lngLat: [number, number]
    capacity: number | null
    open: CandidateOpen
  }>
}
