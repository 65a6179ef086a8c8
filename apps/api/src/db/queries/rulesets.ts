/**
 * Rule sets: the built-ins shipped in `@tongcun/coverage` plus versions stored in the `ruleset`
 * table. A stored version never changes; posting a rule set adds the next version. The latest
 * version of an id (stored or built-in, whichever is higher; see `chooseRulesetSource`) is the one
 * used by default, and `getRuleset` is the only loader.
 */
import type { Kysely } from 'kysely'
import { DomainError, parseRuleSet } from '@tongcun/domain'
import type { RuleSet } from '@tongcun/domain'
import { BUILT_IN_RULESETS, findBuiltInRuleSet } from '@tongcun/coverage'
import type { DB } from '../schema'

export interface RulesetSummary {
  id: string
  name: string
  nameZh: string
  /** Latest version. */
  version: number
  /** Every available version, ascending. */
  versions: number[]
  builtIn: boolean
}

function parseBody(body: unknown): unknown {
  return typeof body === 'string' ? JSON.parse(body) : body
}

/** Every rule set id with its latest version, sorted by id. */
export async function listRulesets(db: Kysely<DB>): Promise<RulesetSummary[]> {
  const rows = await db
    .selectFrom('ruleset')
    .select(['id', 'version', 'body'])
    .orderBy('id')
    .orderBy('version')
    .execute()
  const byId = new Map<string, RulesetSummary>()
  for (const ruleset of BUILT_IN_RULESETS) {
    byId.set(ruleset.id, {
      id: ruleset.id,
      name: ruleset.name,
      nameZh: ruleset.nameZh,
      version: ruleset.version,
      versions: [ruleset.version],
      builtIn: true,
    })
  }
  for (const row of rows) {
    const body = parseBody(row.body) as Partial<RuleSet>
    const entry = byId.get(row.id)
    if (!entry) {
      byId.set(row.id, {
        id: row.id,
        name: body.name ?? row.id,
        nameZh: body.nameZh ?? row.id,
        version: row.version,
        versions: [row.version],
        builtIn: false,
      })
      continue
    }
    if (!entry.versions.includes(row.version)) entry.versions.push(row.version)
    entry.versions.sort((a, b) => a - b)
    if (row.version >= entry.version) {
      entry.version = row.version
      entry.name = body.name ?? entry.name
      entry.nameZh = body.nameZh ?? entry.nameZh
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Which of a rule set's sources an id resolves to — the one rule for every read of a rule set
 * (`GET /rulesets/:id`, coverage, relocation, clusters, regions, sites, tiles, warm-up all go through
 * {@link getRuleset}):
 *
 * - the highest version wins, stored (`POST /rulesets`) or built-in alike. A planner who posts a new
 *   version gets it everywhere at once (posting requires a version above every existing one, the
 *   built-in's included); a release that ships a higher built-in version supersedes older stored ones,
 *   as `listRulesets` reports it as the latest.
 * - on equal versions (only possible when a release ships a built-in version a planner already
 *   stored) the stored one wins: what the planner posted is not replaced behind their back.
 *
 * @param storedVersion the stored version in question (the latest, or the one asked for), null when none
 * @param builtInVersion the built-in's version when it is a candidate (for a requested version: only
 *   when it equals that version), null when none
 * @returns `stored`, `built-in`, or null when neither exists
 */
export function chooseRulesetSource(
  storedVersion: number | null,
  builtInVersion: number | null,
): 'stored' | 'built-in' | null {
  if (storedVersion === null) return builtInVersion === null ? null : 'built-in'
  return builtInVersion !== null && builtInVersion > storedVersion ? 'built-in' : 'stored'
}

/**
 * The single way to resolve a rule-set id: the given version, else the latest (stored or built-in,
 * see {@link chooseRulesetSource}), validated including its `relocation` section. Throws
 * `ruleset-not-found` naming the id (and version), `invalid-ruleset` for a stored body that no longer
 * validates.
 */
export async function getRuleset(db: Kysely<DB>, id: string, version?: number): Promise<RuleSet> {
  let query = db.selectFrom('ruleset').select(['version', 'body']).where('id', '=', id)
  if (version !== undefined) query = query.where('version', '=', version)
  const row = await query.orderBy('version', 'desc').executeTakeFirst()
  const builtIn = findBuiltInRuleSet(id)
  const builtInVersion =
    builtIn && (version === undefined || builtIn.version === version) ? builtIn.version : null
  const source = chooseRulesetSource(row?.version ?? null, builtInVersion)
  if (source === 'built-in' && builtIn) return builtIn
  if (source === 'stored' && row) {
    return parseRuleSet(parseBody(row.body), `stored rule set ${id} v${row.version}`)
  }
  throw new DomainError(
    'ruleset-not-found',
    version === undefined ? `No rule set with id ${id}` : `No version ${version} of rule set ${id}`,
    { id, ...(version !== undefined ? { version } : {}) },
  )
}

/**
 * Validates (the whole rule set, `relocation` section included) and stores a new version; nothing is
 * stored when it is invalid (`invalid-ruleset` with `details.errors = [{ path, message }]`). The
 * version must be higher than every existing one of the id (built-in included): otherwise
 * `ruleset-conflict` naming the latest version.
 * @returns the stored rule set
 */
export async function createRuleset(
  db: Kysely<DB>,
  body: unknown,
  source = 'request body',
): Promise<RuleSet> {
  const ruleset = parseRuleSet(body, source)
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('ruleset')
      .select('version')
      .where('id', '=', ruleset.id)
      .orderBy('version', 'desc')
      .executeTakeFirst()
    const builtIn = findBuiltInRuleSet(ruleset.id)
    const highest = Math.max(latest?.version ?? 0, builtIn?.version ?? 0)
    if (ruleset.version <= highest) {
      throw new DomainError(
        'ruleset-conflict',
        `Rule set ${ruleset.id} already has version ${highest}; post version ${highest + 1} or higher (versions are never overwritten)`,
        { id: ruleset.id, version: ruleset.version, latestVersion: highest },
      )
    }
    await trx
      .insertInto('ruleset')
      .values({
        id: ruleset.id,
        version: ruleset.version,
        name: ruleset.name,
        body: JSON.stringify(ruleset),
      })
      .execute()
    return ruleset
  })
}
