/**
 * Coverage rule sets (the standard a village is judged by) and coverage results.
 *
 * A rule set is versioned JSON: every threshold, class list, surface list and unit cost is a field.
 * A network whose rule is `null` is not assessed by that rule set (e.g. `rai-2km` defines only
 * roads): its result has status `not-assessed` and it does not count against full coverage.
 * Distances in metres, costs in CNY (yuan), slopes in degrees.
 */
import { DomainError } from './errors'
import type {
  CoverageNetwork,
  FacilityKind,
  FeatureStatus,
  Network,
  RoadClass,
  RoadSurface,
} from './model'
import { FACILITY_KINDS, HAZARD_KINDS, ROAD_CLASSES, ROAD_SURFACES, SEVERITIES } from './model'
import { DEFAULT_RELOCATION_PARAMS, RELOCATION_FACTORS } from './relocation'

/** Terrain class used for costing, from a village's `slope_deg`. */
export type TerrainClass = 'flat' | 'hilly' | 'mountain'
export const TERRAIN_CLASSES: readonly TerrainClass[] = ['flat', 'hilly', 'mountain']

/** Networks built by the metre (gap cost = length × unit cost per km). */
export type BuiltNetwork = Network
export const BUILT_NETWORKS: readonly BuiltNetwork[] = ['road', 'water', 'power', 'broadband']

/** Road: the seat must be within `maxDistanceM` of a qualifying road. */
export interface RoadRule {
  /** Straight-line (geodesic) distance from the village seat, metres; `distance ≤ max` is covered. */
  maxDistanceM: number
  /** Road classes that count. */
  classes: RoadClass[]
  /** Surfaces that count (e.g. hard surface: asphalt, cement). */
  surfaces: RoadSurface[]
  /**
   * A counting road must be connected, through counting roads, to a road of one of these classes
   * (e.g. the county network). Empty: no connectivity requirement.
   */
  requireConnectedTo: RoadClass[]
  /** Vertices closer than this (metres) are the same graph node; line ends this close to a road join it. */
  snapToleranceM: number
  /** Whether planned / under-construction roads give `covered-when-planned`. */
  countPlanned: boolean
}

/** Bus: a stop within `maxNetworkDistanceM` along the road network. */
export interface BusRule {
  /**
   * Along-network distance, metres: seat → its access point on the nearest usable road (straight)
   * + along roads to the stop's access point + stop → that access point.
   */
  maxNetworkDistanceM: number
  /** Optional extra limit on the straight-line distance to the stop, metres. */
  maxStraightDistanceM: number | null
  /** Road classes that carry the along-network distance (surface is not restricted). */
  roadClasses: RoadClass[]
  /** Vertex snapping tolerance for the road graph, metres. */
  snapToleranceM: number
  /** Whether planned / under-construction stops give `covered-when-planned`. */
  countPlanned: boolean
}

/** Water, power, broadband: within `maxDistanceM` of a qualifying line, or inside a service area. */
export interface LineNetworkRule {
  /** Straight-line (geodesic) distance from the seat to the line, metres. */
  maxDistanceM: number
  /** Line classes that count (water: `main`/`branch`; power: `transmission`/`distribution`; broadband: `backbone`/`fibre`). */
  classes: string[]
  /** Power: minimum voltage in kV (lines with unknown voltage do not count). Null: no limit. */
  minVoltageKv: number | null
  /**
   * A counting line must be connected (shared vertices) to a facility of one of these kinds
   * (water-plant, substation, olt, backbone-node). Empty: no requirement.
   */
  sourceKinds: FacilityKind[]
  /** Vertex snapping and facility-to-line tolerance, metres. */
  snapToleranceM: number
  /** A seat inside a service area of one of these kinds is covered (e.g. `water-supply`, `cell-coverage`). */
  serviceAreaKinds: string[]
  /** Broadband: a seat within `radius_m` of a cell site is covered. */
  countCellSites: boolean
  /** Whether planned / under-construction features give `covered-when-planned`. */
  countPlanned: boolean
}

export interface CostRule {
  /** Slope (degrees) from which a village is `hilly`, and from which it is `mountain`. */
  hillySlopeDeg: number
  mountainSlopeDeg: number
  /** Terrain class when `slope_deg` is unknown. */
  defaultTerrain: TerrainClass
  /** Built length per straight-line metre (detour factor) by terrain. */
  routeFactor: Record<TerrainClass, number>
  /** Unit cost per built kilometre, CNY, by network and terrain. */
  perKm: Record<BuiltNetwork, Record<TerrainClass, number>>
  /** Bus gap: fixed cost per village (new stop and route extension), CNY. */
  busPerVillage: number
  /**
   * Straight length of a gap: `to-feature` = seat to the nearest counting feature (the spur to build);
   * `beyond-threshold` = the part beyond the rule's maximum distance.
   */
  gapLength: 'to-feature' | 'beyond-threshold'
}

export interface PlannedRule {
  /** Statuses that count as planned. */
  statuses: FeatureStatus[]
  /** Planned features due after this year are ignored; null: no limit. */
  latestCompletionYear: number | null
}

export interface RuleSet {
  /** Stable id, lowercase letters, digits and hyphens, e.g. `policy-2015`. */
  id: string
  /** Positive integer; a stored rule set keeps every version. */
  version: number
  name: string
  nameZh: string
  description?: string
  descriptionZh?: string
  planned: PlannedRule
  road: RoadRule | null
  bus: BusRule | null
  water: LineNetworkRule | null
  power: LineNetworkRule | null
  broadband: LineNetworkRule | null
  costs: CostRule
  /**
   * Relocation section (a partial `RelocationParams`, see `relocation.ts`), validated with the rest
   * by {@link findRuleSetIssues}; not used by coverage. Absent or null: the relocation defaults.
   */
  relocation?: unknown
}

export type CoverageStatus = 'covered' | 'gap' | 'covered-when-planned' | 'not-assessed'
export const COVERAGE_STATUSES: readonly CoverageStatus[] = [
  'covered',
  'gap',
  'covered-when-planned',
  'not-assessed',
]

/** Result for one village and one network. Distances in metres (0.1 m), costs in CNY (whole yuan). */
export interface NetworkCoverage {
  status: CoverageStatus
  /** Year the planned feature that would cover the village completes (`covered-when-planned`). */
  completionYear: number | null
  /** Straight-line geodesic distance to the nearest counting feature (existing), null when none. */
  distanceM: number | null
  /** Road: along existing roads to the counting network; bus: along-network to the nearest stop. Else null. */
  networkDistanceM: number | null
  /** Id of the nearest counting feature (existing; the planned one for `covered-when-planned`). */
  nearestId: string | null
  reason: string
  reasonZh: string
  /** Length to build to close the gap, metres (straight length × route factor); null unless gap. */
  gapLengthM: number | null
  /** Estimated cost to close the gap, CNY; null unless gap or covered-when-planned. */
  costToClose: number | null
}

export interface VillageCoverage {
  code: string
  name: string
  township_code: string
  county_code: string
  population: number | null
  poor_people: number | null
  terrain: TerrainClass
  /** Seat, `[lng, lat]`. */
  position: [number, number]
  coverage: Record<CoverageNetwork, NetworkCoverage>
  /** Every assessed network is `covered`. */
  fullyCovered: boolean
}

export interface NetworkSummary {
  covered: number
  gap: number
  coveredWhenPlanned: number
  notAssessed: number
  /** Share of assessed villages that are covered, percent (0.1). */
  coveredPct: number | null
  costToClose: number
}

export interface CoverageSummary {
  villages: number
  fullyCovered: number
  fullyCoveredPct: number
  costToClose: number
  networks: Record<CoverageNetwork, NetworkSummary>
}

export interface CoverageResult {
  ruleset: { id: string; version: number; name: string; nameZh: string }
  /** Sorted by village code. */
  villages: VillageCoverage[]
  summary: CoverageSummary
}

export interface JointCostEdge {
  /** Village code, or `network` for the existing counting network. */
  from: string
  to: string
  lengthM: number
  cost: number
}

/** Cost of closing all road gaps of a unit jointly (minimum spanning tree) vs separately. */
export interface JointCost {
  network: BuiltNetwork
  villages: number
  separateSpursLengthM: number
  separateSpursCost: number
  jointTreeLengthM: number
  jointTreeCost: number
  edges: JointCostEdge[]
}

export interface RollUpNetwork {
  covered: number
  gap: number
  coveredWhenPlanned: number
  notAssessed: number
  coveredPct: number | null
  gapPopulation: number
  gapPoorPeople: number
  costToClose: number
}

export interface RankedGap {
  code: string
  name: string
  network: CoverageNetwork
  status: CoverageStatus
  distanceM: number | null
  costToClose: number | null
  population: number | null
  poor_people: number | null
  reason: string
  reasonZh: string
}

export interface RollUpUnit {
  code: string
  name: string
  level: string
  villages: number
  population: number
  poorPeople: number
  fullyCovered: number
  fullyCoveredPct: number | null
  /** Every village of the unit is fully covered. */
  attained: boolean
  costToClose: number
  networks: Record<CoverageNetwork, RollUpNetwork>
  /** Gaps ranked by poor people, then population (both descending), then code. */
  gaps: RankedGap[]
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/
const PLANNED_STATUSES: readonly FeatureStatus[] = ['planned', 'under-construction']

/** Collects issues as `path: message` while walking an unknown value. */
class RuleSetChecker {
  readonly issues: { path: string; message: string }[] = []

  fail(path: string, message: string): void {
    this.issues.push({ path, message })
  }

  object(value: unknown, path: string): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be an object, got ${describe(value)}`)
      return null
    }
    return value as Record<string, unknown>
  }

  unknownKeys(record: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(record).sort()) {
      if (!allowed.includes(key))
        this.fail(join(path, key), `unknown field (allowed: ${allowed.join(', ')})`)
    }
  }

  string(
    record: Record<string, unknown>,
    key: string,
    path: string,
    optional = false,
  ): string | undefined {
    const value = record[key]
    if (value === undefined && optional) return undefined
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(join(path, key), `must be a non-empty string, got ${describe(value)}`)
      return undefined
    }
    return value
  }

  number(
    record: Record<string, unknown>,
    key: string,
    path: string,
    options: {
      min?: number
      /** Exclusive lower bound. */
      above?: number
      max?: number
      integer?: boolean
      nullable?: boolean
      /** Absent (`undefined`) is fine: the field takes a default. */
      optional?: boolean
    } = {},
  ): number | null {
    const value = record[key]
    if (value === null && options.nullable) return null
    if (value === undefined && options.optional) return null
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(
        join(path, key),
        `must be a finite number${options.nullable ? ' or null' : ''}, got ${describe(value)}`,
      )
      return null
    }
    if (options.integer && !Number.isInteger(value))
      this.fail(join(path, key), `must be an integer, got ${value}`)
    const { min, above, max } = options
    const tooLow = (min !== undefined && value < min) || (above !== undefined && value <= above)
    const tooHigh = max !== undefined && value > max
    if (tooLow || tooHigh) {
      let range: string
      if (max !== undefined && min !== undefined) range = `a number between ${min} and ${max}`
      else if (max !== undefined && above !== undefined)
        range = `a number above ${above} and at most ${max}`
      else if (max !== undefined) range = `≤ ${max}`
      else if (above !== undefined) range = `> ${above}`
      else range = `≥ ${min}`
      this.fail(join(path, key), `must be ${range}, got ${value}`)
    }
    return value
  }

  boolean(record: Record<string, unknown>, key: string, path: string): boolean {
    const value = record[key]
    if (typeof value !== 'boolean')
      this.fail(join(path, key), `must be true or false, got ${describe(value)}`)
    return value === true
  }

  list<T extends string>(
    record: Record<string, unknown>,
    key: string,
    path: string,
    allowed: readonly T[] | null,
    what: string,
  ): T[] {
    const value = record[key]
    if (!Array.isArray(value)) {
      this.fail(join(path, key), `must be an array of ${what}, got ${describe(value)}`)
      return []
    }
    value.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') {
        this.fail(`${join(path, key)}[${i}]`, `must be a non-empty string, got ${describe(item)}`)
      } else if (allowed && !allowed.includes(item as T)) {
        this.fail(`${join(path, key)}[${i}]`, `"${item}" is not a ${what} (${allowed.join(', ')})`)
      }
    })
    return value as T[]
  }

  terrainRecord(record: Record<string, unknown>, key: string, path: string): void {
    const inner = this.object(record[key], join(path, key))
    if (!inner) return
    this.unknownKeys(inner, join(path, key), TERRAIN_CLASSES)
    for (const terrain of TERRAIN_CLASSES) this.number(inner, terrain, join(path, key), { min: 0 })
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  if (typeof value === 'object') return 'an object'
  return String(value)
}

const RULESET_KEYS = [
  'id',
  'version',
  'name',
  'nameZh',
  'description',
  'descriptionZh',
  'planned',
  'road',
  'bus',
  'water',
  'power',
  'broadband',
  'costs',
  'relocation',
] as const
const ROAD_KEYS = [
  'maxDistanceM',
  'classes',
  'surfaces',
  'requireConnectedTo',
  'snapToleranceM',
  'countPlanned',
]
const BUS_KEYS = [
  'maxNetworkDistanceM',
  'maxStraightDistanceM',
  'roadClasses',
  'snapToleranceM',
  'countPlanned',
]
const LINE_KEYS = [
  'maxDistanceM',
  'classes',
  'minVoltageKv',
  'sourceKinds',
  'snapToleranceM',
  'serviceAreaKinds',
  'countCellSites',
  'countPlanned',
]
const COST_KEYS = [
  'hillySlopeDeg',
  'mountainSlopeDeg',
  'defaultTerrain',
  'routeFactor',
  'perKm',
  'busPerVillage',
  'gapLength',
]

type RelocationGroup = 'weights' | 'hazard' | 'cost' | 'size' | 'remoteness' | 'terrain' | 'land'
const RELOCATION_GROUPS: readonly RelocationGroup[] = [
  'weights',
  'hazard',
  'cost',
  'size',
  'remoteness',
  'terrain',
  'land',
]
/** Threshold pairs of the relocation section whose first (low) value must be below the second. */
const RELOCATION_RAMPS = [
  ['cost', 'ratioLow', 'ratioHigh'],
  ['size', 'tinyPopulation', 'smallPopulation'],
  ['remoteness', 'siteNearM', 'siteFarM'],
  ['remoteness', 'roadNearM', 'roadFarM'],
  ['terrain', 'slopeLowDeg', 'slopeHighDeg'],
  ['terrain', 'elevationLowM', 'elevationHighM'],
  ['land', 'scarceMu', 'enoughMu'],
] as const

/**
 * Validates the `relocation` section of a rule set: a partial `RelocationParams` (`relocation.ts`) whose every
 * field is optional (absent fields take {@link DEFAULT_RELOCATION_PARAMS}). Types, ranges, unknown
 * fields and list values are checked per field; orderings (`reviewScore` ≤ `relocateScore`, each
 * low threshold below its high one, not every weight 0) are checked on the values after defaults,
 * naming the field the section gives.
 * @param section the section as parsed JSON; `undefined` or `null` means "all defaults" (valid)
 * @returns the problems as `{ path, message }` with paths from the rule set root
 *   (`relocation.weights.hazard`); empty when valid
 */
export function findRelocationIssues(section: unknown): { path: string; message: string }[] {
  if (section === undefined || section === null) return []
  const check = new RuleSetChecker()
  const root = check.object(section, 'relocation')
  if (!root) return check.issues
  const defaults = DEFAULT_RELOCATION_PARAMS
  check.unknownKeys(root, 'relocation', Object.keys(defaults))
  // A group that is given must be an object of known fields; absent, it is empty (all defaults).
  const groups = {} as Record<RelocationGroup, Record<string, unknown> | null>
  for (const key of RELOCATION_GROUPS) {
    const record = root[key] === undefined ? {} : check.object(root[key], `relocation.${key}`)
    if (record) check.unknownKeys(record, `relocation.${key}`, Object.keys(defaults[key]))
    groups[key] = record
  }
  const share = { min: 0, max: 1, optional: true }

  check.number(root, 'relocateScore', 'relocation', share)
  check.number(root, 'reviewScore', 'relocation', share)
  if (root.candidatesIncludeReview !== undefined)
    check.boolean(root, 'candidatesIncludeReview', 'relocation')
  const { weights, hazard, cost } = groups
  if (weights) {
    for (const factor of RELOCATION_FACTORS)
      check.number(weights, factor, 'relocation.weights', { min: 0, optional: true })
  }
  if (hazard) {
    for (const [key, names] of [
      ['kindWeight', HAZARD_KINDS],
      ['severityWeight', SEVERITIES],
    ] as const) {
      const path = `relocation.hazard.${key}`
      const multipliers = hazard[key] === undefined ? {} : check.object(hazard[key], path)
      if (!multipliers) continue
      check.unknownKeys(multipliers, path, names)
      for (const name of names) check.number(multipliers, name, path, share)
    }
    check.number(hazard, 'fullShare', 'relocation.hazard', { above: 0, max: 1, optional: true })
    check.number(hazard, 'minShare', 'relocation.hazard', share)
    check.number(hazard, 'overrideShare', 'relocation.hazard', share)
    if (hazard.overrideSeverities !== undefined)
      check.list(hazard, 'overrideSeverities', 'relocation.hazard', SEVERITIES, 'severity')
    if (hazard.overrideKinds !== undefined)
      check.list(hazard, 'overrideKinds', 'relocation.hazard', HAZARD_KINDS, 'hazard kind')
  }
  if (cost) {
    check.number(cost, 'resettlementCostPerPersonCny', 'relocation.cost', {
      above: 0,
      optional: true,
    })
    if (cost.countStatuses !== undefined)
      check.list(cost, 'countStatuses', 'relocation.cost', COVERAGE_STATUSES, 'coverage status')
  }
  for (const [key, low, high] of RELOCATION_RAMPS) {
    const record = groups[key]
    if (!record) continue
    for (const field of [low, high])
      check.number(record, field, `relocation.${key}`, { min: 0, optional: true })
  }

  // Orderings, on the values after defaults; fields (or groups) already reported are skipped.
  const flagged = new Set(check.issues.map((issue) => issue.path))
  interface Bound {
    path: string
    value: number
    /** Set by the section (else the default). */
    given: boolean
  }
  const effective = (key: RelocationGroup | null, field: string): Bound | null => {
    const path = key === null ? `relocation.${field}` : `relocation.${key}.${field}`
    if (flagged.has(path) || (key !== null && flagged.has(`relocation.${key}`))) return null
    const given = key === null ? root[field] : groups[key]?.[field]
    const fallback = (key === null ? defaults : defaults[key]) as unknown as Record<string, unknown>
    const value = given ?? fallback[field]
    return typeof value === 'number' ? { path, value, given: given !== undefined } : null
  }
  const order = (low: Bound | null, high: Bound | null, strict: boolean): void => {
    if (!low || !high || (strict ? low.value < high.value : low.value <= high.value)) return
    const shown = (bound: Bound) => (bound.given ? `${bound.value}` : `${bound.value}, the default`)
    // Name the field the section sets (the high one when it sets both).
    if (high.given || !low.given) {
      const relation = strict ? '>' : '≥'
      check.fail(high.path, `must be ${relation} ${low.path} (${shown(low)}), got ${high.value}`)
    } else {
      const relation = strict ? '<' : '≤'
      check.fail(low.path, `must be ${relation} ${high.path} (${shown(high)}), got ${low.value}`)
    }
  }
  order(effective(null, 'reviewScore'), effective(null, 'relocateScore'), false)
  for (const [key, low, high] of RELOCATION_RAMPS)
    order(effective(key, low), effective(key, high), true)
  const factorWeights = RELOCATION_FACTORS.map((factor) => effective('weights', factor))
  if (factorWeights.every((weight) => weight !== null && weight.value === 0))
    check.fail('relocation.weights', 'must not all be 0 (at least one factor must count)')
  return check.issues
}

/**
 * Validates an unknown value (parsed JSON) as a {@link RuleSet}, its `relocation` section included
 * (see {@link findRelocationIssues}).
 * @returns the list of problems, each with a dotted path (`road.surfaces[2]`) and a message; empty when valid
 */
export function findRuleSetIssues(value: unknown): { path: string; message: string }[] {
  const check = new RuleSetChecker()
  const root = check.object(value, '(rule set)')
  if (!root) return check.issues
  check.unknownKeys(root, '', RULESET_KEYS)
  const id = check.string(root, 'id', '')
  if (id !== undefined && !ID_PATTERN.test(id)) {
    check.fail(
      'id',
      `"${id}" must be lowercase letters, digits and hyphens (at most 64), starting with a letter or digit`,
    )
  }
  check.number(root, 'version', '', { min: 1, integer: true })
  check.string(root, 'name', '')
  check.string(root, 'nameZh', '')
  check.string(root, 'description', '', true)
  check.string(root, 'descriptionZh', '', true)

  const planned = check.object(root.planned, 'planned')
  if (planned) {
    check.unknownKeys(planned, 'planned', ['statuses', 'latestCompletionYear'])
    check.list(planned, 'statuses', 'planned', PLANNED_STATUSES, 'planned status')
    check.number(planned, 'latestCompletionYear', 'planned', { integer: true, nullable: true })
  }

  if (root.road !== null) {
    const road = check.object(root.road, 'road')
    if (road) {
      check.unknownKeys(road, 'road', ROAD_KEYS)
      check.number(road, 'maxDistanceM', 'road', { min: 0 })
      const classes = check.list(road, 'classes', 'road', ROAD_CLASSES, 'road class')
      if (classes.length === 0) check.fail('road.classes', 'must list at least one road class')
      const surfaces = check.list(road, 'surfaces', 'road', ROAD_SURFACES, 'road surface')
      if (surfaces.length === 0) check.fail('road.surfaces', 'must list at least one road surface')
      check.list(road, 'requireConnectedTo', 'road', ROAD_CLASSES, 'road class')
      check.number(road, 'snapToleranceM', 'road', { min: 0 })
      check.boolean(road, 'countPlanned', 'road')
    }
  }
  if (root.bus !== null) {
    const bus = check.object(root.bus, 'bus')
    if (bus) {
      check.unknownKeys(bus, 'bus', BUS_KEYS)
      check.number(bus, 'maxNetworkDistanceM', 'bus', { min: 0 })
      check.number(bus, 'maxStraightDistanceM', 'bus', { min: 0, nullable: true })
      const classes = check.list(bus, 'roadClasses', 'bus', ROAD_CLASSES, 'road class')
      if (classes.length === 0) check.fail('bus.roadClasses', 'must list at least one road class')
      check.number(bus, 'snapToleranceM', 'bus', { min: 0 })
      check.boolean(bus, 'countPlanned', 'bus')
    }
  }
  for (const network of ['water', 'power', 'broadband'] as const) {
    if (root[network] === null) continue
    const rule = check.object(root[network], network)
    if (!rule) continue
    check.unknownKeys(rule, network, LINE_KEYS)
    check.number(rule, 'maxDistanceM', network, { min: 0 })
    check.list(rule, 'classes', network, null, 'line class')
    check.number(rule, 'minVoltageKv', network, { min: 0, nullable: true })
    check.list(rule, 'sourceKinds', network, FACILITY_KINDS, 'facility kind')
    check.number(rule, 'snapToleranceM', network, { min: 0 })
    check.list(rule, 'serviceAreaKinds', network, null, 'service area kind')
    check.boolean(rule, 'countCellSites', network)
    check.boolean(rule, 'countPlanned', network)
  }

  const costs = check.object(root.costs, 'costs')
  if (costs) {
    check.unknownKeys(costs, 'costs', COST_KEYS)
    const hilly = check.number(costs, 'hillySlopeDeg', 'costs', { min: 0 })
    const mountain = check.number(costs, 'mountainSlopeDeg', 'costs', { min: 0 })
    if (hilly !== null && mountain !== null && mountain < hilly) {
      check.fail(
        'costs.mountainSlopeDeg',
        `must be ≥ costs.hillySlopeDeg (${hilly}), got ${mountain}`,
      )
    }
    const terrain = costs.defaultTerrain
    if (typeof terrain !== 'string' || !TERRAIN_CLASSES.includes(terrain as TerrainClass)) {
      check.fail(
        'costs.defaultTerrain',
        `must be one of ${TERRAIN_CLASSES.join(', ')}, got ${describe(terrain)}`,
      )
    }
    check.terrainRecord(costs, 'routeFactor', 'costs')
    const perKm = check.object(costs.perKm, 'costs.perKm')
    if (perKm) {
      check.unknownKeys(perKm, 'costs.perKm', BUILT_NETWORKS)
      for (const network of BUILT_NETWORKS) check.terrainRecord(perKm, network, 'costs.perKm')
    }
    check.number(costs, 'busPerVillage', 'costs', { min: 0 })
    if (costs.gapLength !== 'to-feature' && costs.gapLength !== 'beyond-threshold') {
      check.fail(
        'costs.gapLength',
        `must be "to-feature" or "beyond-threshold", got ${describe(costs.gapLength)}`,
      )
    }
  }
  if (
    root.road === null &&
    root.bus === null &&
    root.water === null &&
    root.power === null &&
    root.broadband === null
  ) {
    check.fail(
      '(rule set)',
      'must assess at least one network (road, bus, water, power, broadband)',
    )
  }
  check.issues.push(...findRelocationIssues(root.relocation))
  return check.issues
}

/**
 * Validates and returns a rule set, or throws `DomainError('invalid-ruleset')` whose message names
 * the source and every bad field, with `details.errors = [{ path, message }]`.
 * @param source where the value came from, for the message (file name, `request body`)
 */
export function parseRuleSet(value: unknown, source = 'rule set'): RuleSet {
  const issues = findRuleSetIssues(value)
  if (issues.length > 0) {
    const id =
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { id?: unknown }).id === 'string'
        ? ` "${(value as { id: string }).id}"`
        : ''
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
    throw new DomainError('invalid-ruleset', `Invalid rule set${id} in ${source}: ${list}`, {
      source,
      errors: issues,
    })
  }
  return value as RuleSet
}

/** Networks the rule set assesses, in {@link CoverageNetwork} order. */
export function assessedNetworks(ruleset: RuleSet): CoverageNetwork[] {
  const all: CoverageNetwork[] = ['road', 'bus', 'water', 'power', 'broadband']
  return all.filter((network) => ruleset[network] !== null)
}
