/**
 * Coverage for an admin unit and a rule set: PostGIS selects the region (`loadRegionData`), the
 * `@tongcun/coverage` package judges it. Results are cached in memory per database, rule set
 * (id + version), data fingerprint (imports, rule sets) and admin code, so the API, the web app and
 * the tiles do not recompute.
 */
import { sql, type Kysely } from 'kysely'
import {
  DomainError,
  type AdminLevel,
  type AdminUnitProperties,
  type CoverageResult,
  type RegionData,
  type RuleSet,
} from '@tongcun/domain'
import type { CoverageTable } from '@tongcun/coverage'
import {
  assessCoverageInParallel,
  computeCoverageInParallel,
} from '../../coverage/parallel-coverage'
import type { Database } from '../client'
import type { DB } from '../schema'
import { adminCodeRange } from './admin'
import { loadRegionData } from './region'
import { getRuleset } from './rulesets'
import { selectTileDataFingerprint } from './tiles'
import { resolveAdminFilter } from './villages'

export interface CoverageRun {
  ruleset: RuleSet
  result: CoverageResult
  adminCode: string | null
  /** The region the result was computed from (reused by the relocation assessment). */
  region: RegionData
}

/** The rule set the API (and the web app) uses when a request names none. */
export const DEFAULT_RULESET_ID = 'policy-2015'

const MAX_CACHED = 12
const caches = new WeakMap<Database, Map<string, Promise<CoverageRun>>>()

/** Clears cached results of one database (call after writes that bypass the importer). */
export function invalidateCoverage(database: Database): void {
  caches.delete(database)
}

/**
 * Coverage of every village in `adminCode` (all villages when omitted) under the latest version of
 * `rulesetId` (or `ruleset` given directly, e.g. from a file). Cached; throws `ruleset-not-found` /
 * `admin-not-found`.
 */
export async function getCoverage(
  database: Database,
  options: { rulesetId?: string; ruleset?: RuleSet; adminCode?: string | null },
): Promise<CoverageRun> {
  const ruleset =
    options.ruleset ?? (await getRuleset(database.db, options.rulesetId ?? DEFAULT_RULESET_ID))
  const fingerprint = await selectTileDataFingerprint(database.db)
  const adminCode = options.adminCode ?? null
  const key = JSON.stringify([
    ruleset.id,
    ruleset.version,
    options.ruleset ? ruleset : null,
    fingerprint,
    adminCode,
  ])
  let cache = caches.get(database)
  if (!cache) {
    cache = new Map()
    caches.set(database, cache)
  }
  const cached = cache.get(key)
  if (cached) {
    // Refresh recency.
    cache.delete(key)
    cache.set(key, cached)
    return cached
  }
  const run = (async () => {
    // A unit holding every village (the province of a one-province data set: what the web app
    // opens with) selects the same region as "all villages": share that run instead of loading
    // and assessing the same data twice.
    if (adminCode !== null && (await holdsEveryVillage(database.db, adminCode))) {
      const all = await getCoverage(database, { ...options, adminCode: null })
      return { ...all, adminCode }
    }
    const region = await loadRegionData(database.db, adminCode ? { adminCode } : {})
    return { ruleset, result: await assessCoverageInParallel(region, ruleset), adminCode, region }
  })()
  cache.set(key, run)
  run.catch(() => cache?.delete(key))
  while (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value
    if (oldest === undefined) break
    cache.delete(oldest)
  }
  return run
}

/**
 * Coverage of every village in `adminCode` (all when omitted) in columns (`computeCoverage`): not
 * described and not cached. For outputs written village by village (the CLI's GeoJSON), which
 * describe each village as it is written: a national set never holds 700k described villages.
 */
export async function getCoverageTable(
  database: Database,
  options: { rulesetId?: string; ruleset?: RuleSet; adminCode?: string | null },
): Promise<{ ruleset: RuleSet; table: CoverageTable }> {
  const ruleset =
    options.ruleset ?? (await getRuleset(database.db, options.rulesetId ?? DEFAULT_RULESET_ID))
  const region = await loadRegionData(database.db, {
    ...(options.adminCode ? { adminCode: options.adminCode } : {}),
    forCoverage: true,
  })
  return { ruleset, table: await computeCoverageInParallel(region, ruleset) }
}

/** True when every village (at least one) lies within `adminCode`'s code range (old codes resolved). */
async function holdsEveryVillage(db: Kysely<DB>, adminCode: string): Promise<boolean> {
  let range: [string, string]
  try {
    range = adminCodeRange(await resolveAdminFilter(db, adminCode))
  } catch (error) {
    // Unknown unit: the normal path reports it. Anything else (a failed query) propagates.
    if (error instanceof DomainError && error.code === 'admin-not-found') return false
    throw error
  }
  const result = await sql<{ inside: number; total: number }>`SELECT
      count(*) FILTER (WHERE code >= ${range[0]} AND code <= ${range[1]})::int AS inside,
      count(*)::int AS total
    FROM village`.execute(db)
  const row = result.rows[0]
  return !!row && row.total > 0 && row.inside === row.total
}

/** Admin units (properties only) for roll-up names, sorted by code. */
export async function listAdminUnitNames(db: Kysely<DB>): Promise<AdminUnitProperties[]> {
  const rows = await db
    .selectFrom('admin_unit')
    .select(['code', 'name', 'name_en', 'level', 'parent_code'])
    .orderBy('code')
    .execute()
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    name_en: row.name_en,
    level: row.level as AdminLevel,
    parent_code: row.parent_code,
  }))
}
