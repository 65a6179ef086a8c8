/**
 * Relocation, clustering and regionalization data access: planner decisions (`relocation_decision`),
 * village boundaries, admin names, and the loaders that gather a region's data and hand it to
 * `@tongcun/clustering` (PostGIS selects, the package judges). Rule sets resolve through `getRuleset`
 * (`./rulesets`), the same loader coverage uses, so both see the same version.
 */
import { sql, type Kysely } from 'kysely'
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson'
import {
  DomainError,
  type RelocationAssessment,
  type RelocationCoverageInput,
  type RelocationDecision,
  type RelocationParams,
  type RegionData,
  type RuleSet,
  type VillageFeature,
} from '@tongcun/domain'
import { assessCoverageInParallel } from '../../coverage/parallel-coverage'
import {
  addDerivedAttributes,
  clusterVillages,
  recommendRelocation,
  regionalizeVillages,
  resolveRelocationParams,
  type AdminPolygonFeature,
  type ClusterVillagesResult,
  type RegionalizeResult,
} from '@tongcun/clustering'
import type { DB } from '../schema'
import { adminCodeRange } from './admin'
import { loadRegionData } from './region'
import { getRuleset } from './rulesets'
import { getVillage, listVillages, resolveAdminFilter, type RegionFilter } from './villages'

export interface DecisionRecord {
  villageCode: string
  decision: RelocationDecision
  note: string | null
  /** ISO timestamp. */
  decidedAt: string
}

function toRecord(row: {
  village_code: string
  decision: string
  note: string | null
  decided_at: Date | string
}): DecisionRecord {
  return {
    villageCode: row.village_code,
    decision: row.decision as RelocationDecision,
    note: row.note,
    decidedAt: new Date(row.decided_at).toISOString(),
  }
}

/** The recorded decision of a village (old codes resolve), or null. Throws `village-not-found`. */
export async function getDecision(
  db: Kysely<DB>,
  code: string,
): Promise<{ village: VillageFeature; decision: DecisionRecord | null }> {
  const village = await getVillage(db, code)
  const row = await db
    .selectFrom('relocation_decision')
    .select(['village_code', 'decision', 'note', 'decided_at'])
    .where('village_code', '=', village.properties.code)
    .executeTakeFirst()
  return { village, decision: row ? toRecord(row) : null }
}

/** Records (inserts or replaces) a planner's decision. Throws `village-not-found`. */
export async function putDecision(
  db: Kysely<DB>,
  code: string,
  decision: RelocationDecision,
  note: string | null,
): Promise<DecisionRecord> {
  const village = await getVillage(db, code)
  const row = await db
    .insertInto('relocation_decision')
    .values({ village_code: village.properties.code, decision, note })
    .onConflict((oc) =>
      oc.column('village_code').doUpdateSet({ decision, note, decided_at: sql`now()` }),
    )
    .returning(['village_code', 'decision', 'note', 'decided_at'])
    .executeTakeFirstOrThrow()
  return toRecord(row)
}

/** Decisions of the villages in the filter (all when no filter), by village code. */
export async function listDecisions(
  db: Kysely<DB>,
  filter: RegionFilter = {},
): Promise<Map<string, DecisionRecord>> {
  let query = db
    .selectFrom('relocation_decision')
    .select(['village_code', 'decision', 'note', 'decided_at'])
  if (filter.adminCode !== undefined) {
    const [low, high] = adminCodeRange(await resolveAdminFilter(db, filter.adminCode))
    query = query.where('village_code', '>=', low).where('village_code', '<=', high)
  }
  const rows = await query.orderBy('village_code').execute()
  return new Map(rows.map((row) => [row.village_code, toRecord(row)]))
}

/** Village boundary polygons (where recorded) of the given codes. */
export async function listVillageBoundaries(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, Polygon | MultiPolygon>> {
  if (codes.length === 0) return new Map()
  const rows = await db
    .selectFrom('village')
    .select(['code', sql<string>`ST_AsGeoJSON(boundary, 7)`.as('geometry')])
    .where('boundary', 'is not', null)
    .where('code', 'in', codes)
    .orderBy('code')
    .execute()
  return new Map(rows.map((row) => [row.code, JSON.parse(row.geometry) as Polygon | MultiPolygon]))
}

/** Names of admin units by code. */
export async function listAdminNames(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const rows = await db
    .selectFrom('admin_unit')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute()
  return new Map(rows.map((row) => [row.code, row.name]))
}

export interface RelocationRun {
  region: RegionData
  assessments: RelocationAssessment[]
  decisions: Map<string, DecisionRecord>
  params: RelocationParams
  rulesetId: string | null
  /** Version of the rule set the assessment used (as resolved by `getRuleset`), null without one. */
  rulesetVersion: number | null
}

/** A coverage run (e.g. the cached `getCoverage`) whose region and village results can be reused. */
export interface ReusableCoverage {
  ruleset: RuleSet
  region: RegionData
  result: { villages: RelocationCoverageInput[] }
}

/**
 * Loads a region, assesses coverage with the rule set (when given) and recommends relocation for every
 * village, honouring recorded decisions. Without a rule set the relocation defaults apply and the
 * in-situ cost factor is reported as missing.
 */
export async function runRelocationAssessment(
  db: Kysely<DB>,
  options: {
    adminCode?: string
    rulesetId?: string | null
    /**
     * A coverage run already computed for the same admin filter (e.g. the cached `getCoverage`):
     * its region and village results are reused when its rule set is the one `rulesetId` resolves
     * to (same id and version); otherwise the region is loaded and coverage assessed here.
     */
    coverage?: ReusableCoverage
  },
): Promise<RelocationRun> {
  const filter = options.adminCode !== undefined ? { adminCode: options.adminCode } : {}
  const ruleset = options.rulesetId ? await getRuleset(db, options.rulesetId) : null
  const reuse =
    ruleset !== null &&
    options.coverage !== undefined &&
    options.coverage.ruleset.id === ruleset.id &&
    options.coverage.ruleset.version === ruleset.version
      ? options.coverage
      : null
  const region = reuse ? reuse.region : await loadRegionData(db, filter)
  const decisions = await listDecisions(db, filter)
  let params = resolveRelocationParams(undefined)
  let coverage: RelocationCoverageInput[] = []
  if (ruleset) {
    params = resolveRelocationParams(ruleset.relocation)
    if (reuse) coverage = reuse.result.villages
    else if (region.villages.length > 0)
      coverage = (await assessCoverageInParallel(region, ruleset)).villages
  }
  const boundaries = await listVillageBoundaries(
    db,
    region.villages.map((v) => v.properties.code),
  )
  const assessments = recommendRelocation(region.villages, coverage, region.hazards, params, {
    boundaries,
    sites: region.sites,
    roads: region.lines.filter((line) => line.properties.network === 'road'),
    decisions: new Map([...decisions].map(([code, record]) => [code, record.decision])),
  })
  return {
    region,
    assessments,
    decisions,
    params,
    rulesetId: options.rulesetId ?? null,
    rulesetVersion: ruleset?.version ?? null,
  }
}

export interface ClusterRunOptions {
  adminCode?: string
  epsM: number
  minPoints: number
  maxPopulation?: number | null
  distance?: 'straight' | 'network'
  /** `candidates` (default): relocation candidates only, honouring decisions; `all`: every village. */
  only?: 'candidates' | 'all'
  rulesetId?: string | null
  /** Admin polygons to find the units clusters span by location (else the villages' own codes). */
  adminUnits?: readonly AdminPolygonFeature[]
  /** Coverage already computed for the same admin filter (`only = candidates`; see `runRelocationAssessment`). */
  coverage?: ReusableCoverage
}

export interface ClusterRun {
  villages: VillageFeature[]
  /** Assessment per clustered village when `only = candidates`. */
  assessments: Map<string, RelocationAssessment>
  result: ClusterVillagesResult
  adminNames: Map<string, string>
  only: 'candidates' | 'all'
  rulesetId: string | null
}

/**
 * Selects the villages to cluster (candidates: `isCandidate` after decisions — declined never, confirmed
 * always; or all), with road lines for network distance, and clusters them with `clusterVillages`.
 */
export async function runClusters(db: Kysely<DB>, options: ClusterRunOptions): Promise<ClusterRun> {
  const only = options.only ?? 'candidates'
  const filter = options.adminCode !== undefined ? { adminCode: options.adminCode } : {}
  let villages: VillageFeature[]
  let region: RegionData
  const assessments = new Map<string, RelocationAssessment>()
  if (only === 'candidates') {
    const run = await runRelocationAssessment(db, {
      ...filter,
      rulesetId: options.rulesetId ?? null,
      ...(options.coverage ? { coverage: options.coverage } : {}),
    })
    region = run.region
    const candidates = new Set(run.assessments.filter((a) => a.isCandidate).map((a) => a.code))
    for (const a of run.assessments) if (candidates.has(a.code)) assessments.set(a.code, a)
    villages = region.villages.filter((v) => candidates.has(v.properties.code))
  } else {
    region = await loadRegionData(db, filter)
    villages = region.villages
  }
  const result = clusterVillages(villages, {
    epsM: options.epsM,
    minPoints: options.minPoints,
    maxPopulation: options.maxPopulation ?? null,
    distance: options.distance ?? 'straight',
    roads: region.lines.filter((line) => line.properties.network === 'road'),
    ...(options.adminUnits ? { adminUnits: options.adminUnits } : {}),
  })
  const codes = new Set<string>()
  for (const c of result.clusters)
    for (const code of [...c.townships, ...c.counties, ...c.cities]) codes.add(code)
  const adminNames = await listAdminNames(db, [...codes].sort())
  for (const outline of result.outlines.features) {
    for (const code of [
      ...outline.properties.townships,
      ...outline.properties.counties,
      ...outline.properties.cities,
    ]) {
      const name = adminNames.get(code)
      if (name !== undefined) outline.properties.names[code] = name
    }
  }
  return { villages, assessments, result, adminNames, only, rulesetId: options.rulesetId ?? null }
}

export interface RegionRunOptions {
  adminCode?: string
  attributes: string[]
  k?: number | null
  floor?: { field: string; min: number } | null
  seed?: number
  maxEdgeM?: number | null
  /** Rule set for the derived `coverage_gaps` attribute. */
  rulesetId?: string | null
}

/** Regionalizes the villages of an admin unit (all villages) with `regionalizeVillages`. */
export async function runRegions(
  db: Kysely<DB>,
  options: RegionRunOptions,
): Promise<{
  /** The villages with derived attributes (`poverty_incidence`, `coverage_gaps`) added. */
  villages: Array<Feature<Point, Record<string, unknown>>>
  result: RegionalizeResult
  adminNames: Map<string, string>
}> {
  const filter = options.adminCode !== undefined ? { adminCode: options.adminCode } : {}
  const needsGaps =
    options.attributes.includes('coverage_gaps') || options.floor?.field === 'coverage_gaps'
  // The coverage_gaps attribute needs the whole region; its villages are the ones to regionalize.
  const region = needsGaps ? await loadRegionData(db, filter) : null
  const villages = region ? region.villages : await listVillages(db, filter)
  if (villages.length === 0)
    throw new DomainError(
      'empty-input',
      `No villages${options.adminCode ? ` in ${options.adminCode}` : ''} to regionalize`,
    )
  // derived attributes: poverty_incidence always, coverage_gaps from the coverage engine with a rule set
  let gapCounts: Map<string, number> | undefined
  if (region) {
    if (!options.rulesetId) {
      throw new DomainError('invalid-input', 'attribute coverage_gaps needs a rule set (ruleset)', {
        errors: [{ path: '/querystring/ruleset', message: 'required for coverage_gaps' }],
      })
    }
    const ruleset = await getRuleset(db, options.rulesetId)
    gapCounts = new Map(
      (await assessCoverageInParallel(region, ruleset)).villages.map((v) => [
        v.code,
        Object.values(v.coverage).filter((c) => c.status === 'gap').length,
      ]),
    )
  }
  const features = addDerivedAttributes(villages, gapCounts ? { gapCounts } : {})
  const result = regionalizeVillages(features, {
    attributes: options.attributes,
    k: options.k ?? null,
    floor: options.floor ?? null,
    seed: options.seed ?? 1,
    maxEdgeM: options.maxEdgeM ?? null,
  })
  const codes = new Set<string>()
  for (const a of result.areas)
    for (const code of [...a.townships, ...a.counties, ...a.cities]) codes.add(code)
  return { villages: features, result, adminNames: await listAdminNames(db, [...codes].sort()) }
}
