/**
 * Administrative units: lookup with history (old codes resolve through `replaced_by` chains),
 * children, top-level units and bounding boxes.
 */
import { sql, type Kysely } from 'kysely'
import {
  ADMIN_CODE_DIGITS,
  DomainError,
  adminLevelOfCode,
  type AdminUnitFeature,
} from '@tongcun/domain'
import { parseBox, type Bbox } from '../postgis'
import type { DB } from '../schema'
import { selectAdminUnits, toAdminUnitFeature } from './features'

/**
 * Accepts a statistical code with 2-12 digits (`53`, `530102`, `530102001`) and returns the
 * 12-digit zero-padded form. Throws `DomainError('invalid-input')` otherwise.
 */
export function normalizeAdminCode(code: string): string {
  const trimmed = code.trim()
  if (!/^\d{2,12}$/.test(trimmed)) {
    throw new DomainError(
      'invalid-input',
      `admin code "${code}" is not a 2-12 digit statistical code`,
      {
        field: 'admin',
        value: code,
      },
    )
  }
  return trimmed.padEnd(12, '0')
}

/** Inclusive code range `[low, high]` of every unit within `code` (itself included). */
export function adminCodeRange(code: string): [string, string] {
  const prefix = code.slice(0, ADMIN_CODE_DIGITS[adminLevelOfCode(code)])
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')]
}

export interface ResolvedAdminCode {
  /** The current unit's code (the end of the `replaced_by` chain). */
  code: string
  /** Codes followed from the requested one to the current one, requested first. */
  chain: string[]
}

/**
 * Follows `replaced_by` from `code` to the unit that replaced it (through merges and renames,
 * up to 32 steps, cycles stopped). Returns null when `code` is not in `admin_unit`. When a
 * `replaced_by` target is missing from the table, the last unit found is returned.
 */
export async function resolveAdminCode(
  db: Kysely<DB>,
  code: string,
): Promise<ResolvedAdminCode | null> {
  const result = await sql<{ code: string; depth: number }>`
    WITH RECURSIVE chain (code, replaced_by, depth, path) AS (
      SELECT code, replaced_by, 0, ARRAY[code] FROM admin_unit WHERE code = ${code}
      UNION ALL
      SELECT a.code, a.replaced_by, c.depth + 1, c.path || a.code
      FROM admin_unit a JOIN chain c ON a.code = c.replaced_by
      WHERE c.depth < 32 AND NOT a.code = ANY (c.path)
    )
    SELECT code, depth FROM chain ORDER BY depth`.execute(db)
  if (result.rows.length === 0) return null
  const chain = result.rows.map((row) => row.code)
  return { code: chain[chain.length - 1]!, chain }
}

/** One unit by its exact code (no resolution). */
export async function findAdminUnit(
  db: Kysely<DB>,
  code: string,
): Promise<AdminUnitFeature | undefined> {
  const row = await selectAdminUnits(db).where('admin_unit.code', '=', code).executeTakeFirst()
  return row ? toAdminUnitFeature(row) : undefined
}

/** Current units with no parent in the table (the top of the loaded hierarchy), by code. */
export async function listTopAdminUnits(db: Kysely<DB>): Promise<AdminUnitFeature[]> {
  const rows = await selectAdminUnits(db)
    .where('admin_unit.valid_to', 'is', null)
    .where((eb) =>
      eb.or([
        eb('admin_unit.parent_code', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('admin_unit as parent')
              .select('parent.code')
              .whereRef('parent.code', '=', 'admin_unit.parent_code'),
          ),
        ),
      ]),
    )
    .orderBy('admin_unit.code')
    .execute()
  return rows.map(toAdminUnitFeature)
}

/** Current direct children of a unit, by code. */
export async function listAdminChildren(db: Kysely<DB>, code: string): Promise<AdminUnitFeature[]> {
  const rows = await selectAdminUnits(db)
    .where('admin_unit.parent_code', '=', code)
    .where('admin_unit.valid_to', 'is', null)
    .orderBy('admin_unit.code')
    .execute()
  return rows.map(toAdminUnitFeature)
}

/**
 * Bounding box of a unit: its boundary when stored, widened to include every village seat within
 * the unit's code range; null when it has neither.
 */
export async function adminBbox(db: Kysely<DB>, code: string): Promise<Bbox | null> {
  const [low, high] = adminCodeRange(code)
  const result = await sql<{ box: string | null }>`
    SELECT ST_Extent(g)::text AS box FROM (
      SELECT geom AS g FROM admin_unit WHERE code = ${code} AND geom IS NOT NULL
      UNION ALL
      SELECT geom FROM village WHERE code BETWEEN ${low} AND ${high}
    ) AS parts`.execute(db)
  return parseBox(result.rows[0]?.box)
}

export interface AdminUnitDetail {
  unit: AdminUnitFeature
  /** Code as requested, when it was an old code resolved to `unit`. */
  resolvedFrom: string | null
  chain: string[]
  bbox: Bbox | null
  children: AdminUnitFeature[]
}

/**
 * Unit + bbox + current children; old codes resolve to the unit that replaced them.
 * Throws `DomainError('admin-not-found')` when the code is unknown.
 */
export async function getAdminUnitDetail(
  db: Kysely<DB>,
  requested: string,
): Promise<AdminUnitDetail> {
  const code = normalizeAdminCode(requested)
  const resolved = await resolveAdminCode(db, code)
  const unit = resolved ? await findAdminUnit(db, resolved.code) : undefined
  if (!resolved || !unit) {
    throw new DomainError('admin-not-found', `No administrative unit with code ${code}`, { code })
  }
  const [bbox, children] = await Promise.all([
    adminBbox(db, resolved.code),
    listAdminChildren(db, resolved.code),
  ])
  return {
    unit,
    resolvedFrom: resolved.code === code ? null : code,
    chain: resolved.chain,
    bbox,
    children,
  }
}
