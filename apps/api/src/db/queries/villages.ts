/** Village queries: by admin unit (code range, old codes resolved) and/or bbox; one by code. */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { DomainError, type VillageFeature } from '@tongcun/domain'
import { intersectsBbox, type Bbox } from '../postgis'
import type { DB } from '../schema'
import { adminCodeRange, normalizeAdminCode, resolveAdminCode } from './admin'
import { selectVillages, toVillageFeature } from './features'

export interface RegionFilter {
  /** Statistical code (2-12 digits) of any unit; old codes resolve to the current unit. */
  adminCode?: string
  /** `[west, south, east, north]`, degrees WGS84. */
  bbox?: Bbox
}

/**
 * Turns a requested admin code into the current 12-digit code to filter by. Codes not in
 * `admin_unit` are used as given when at least one village lies in their range (villages may be
 * imported without admin units); otherwise `DomainError('admin-not-found')`.
 */
export async function resolveAdminFilter(db: Kysely<DB>, adminCode: string): Promise<string> {
  const code = normalizeAdminCode(adminCode)
  const resolved = await resolveAdminCode(db, code)
  if (resolved) return resolved.code
  const [low, high] = adminCodeRange(code)
  const any = await db
    .selectFrom('village')
    .select('code')
    .where('code', '>=', low)
    .where('code', '<=', high)
    .limit(1)
    .executeTakeFirst()
  if (!any)
    throw new DomainError('admin-not-found', `No administrative unit with code ${code}`, { code })
  return code
}

/** Villages within the filter, ordered by code. No filter ⇒ every village. */
export async function listVillages(
  db: Kysely<DB>,
  filter: RegionFilter = {},
): Promise<VillageFeature[]> {
  const query = await whereInRegion(db, selectVillages(db), filter)
  const rows = await query.orderBy('village.code').execute()
  return rows.map(toVillageFeature)
}

/** `query` (any select from `village`) restricted to the villages of `filter`. */
export async function whereInRegion<Row>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<DB, 'village', Row>,
  filter: RegionFilter,
): Promise<SelectQueryBuilder<DB, 'village', Row>> {
  let filtered = query
  if (filter.adminCode !== undefined) {
    const [low, high] = adminCodeRange(await resolveAdminFilter(db, filter.adminCode))
    filtered = filtered.where('village.code', '>=', low).where('village.code', '<=', high)
  }
  if (filter.bbox) filtered = filtered.where(intersectsBbox('village.geom', filter.bbox))
  return filtered
}

/**
 * One village by code. An old code that `admin_unit.replaced_by` maps to a new village code
 * resolves to that village. Throws `DomainError('village-not-found')`.
 */
export async function getVillage(db: Kysely<DB>, code: string): Promise<VillageFeature> {
  const direct = await selectVillages(db).where('village.code', '=', code).executeTakeFirst()
  if (direct) return toVillageFeature(direct)
  const resolved = /^\d{12}$/.test(code) ? await resolveAdminCode(db, code) : null
  if (resolved && resolved.code !== code) {
    const row = await selectVillages(db)
      .where('village.code', '=', resolved.code)
      .executeTakeFirst()
    if (row) return toVillageFeature(row)
  }
  throw new DomainError('village-not-found', `No village with code ${code}`, { code })
}

/** Number of villages in the database. */
export async function countVillages(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('village')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow()
  return row.count
}
