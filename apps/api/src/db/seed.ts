/**
 * Loads the fictional sample region (`geodata/sample/*.geojson`) through `insertFeatures`, the same
 * path as the importer, in one transaction, with one `import_log` row per file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { IMPORT_LAYERS, type ImportLayer } from '@tongcun/domain'
import type { Feature, FeatureCollection } from 'geojson'
import { REPO_ROOT } from '../config'
import type { Database } from './client'
import { insertFeatures } from './queries/write'

export const SAMPLE_DIR = path.join(REPO_ROOT, 'geodata/sample')

export interface SeedOptions {
  /** Directory holding `<layer>.geojson` files; default `geodata/sample`. */
  dir?: string
  /** Load even when the database already holds data (rows with the same keys are replaced). */
  force?: boolean
  onProgress?: (message: string) => void
}

export interface SeedResult {
  status: 'loaded' | 'skipped'
  /** Why nothing was loaded (`status: 'skipped'`). */
  reason?: string
  /** Features written per layer. */
  counts: Partial<Record<ImportLayer, number>>
}

/**
 * Seeds the sample region. Without `force` it loads only into an empty database (no villages and
 * no import log) and otherwise returns `{ status: 'skipped', reason }`, so calling it twice is safe.
 * Throws when the directory holds no sample file.
 */
export async function seedSampleRegion(
  database: Database,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const dir = options.dir ?? SAMPLE_DIR
  const progress = options.onProgress ?? (() => {})
  if (!options.force) {
    const existing = await sql<{ villages: number; imports: number }>`
      SELECT (SELECT count(*) FROM village)::int AS villages,
             (SELECT count(*) FROM import_log)::int AS imports`.execute(database.db)
    const row = existing.rows[0]
    if (row && (row.villages > 0 || row.imports > 0)) {
      return {
        status: 'skipped',
        reason: `database already holds data (${row.villages} villages, ${row.imports} imports)`,
        counts: {},
      }
    }
  }
  const files = IMPORT_LAYERS.map((layer) => ({
    layer,
    file: path.join(dir, `${layer}.geojson`),
  })).filter(({ file }) => fs.existsSync(file))
  if (files.length === 0) {
    throw new Error(`no sample files (<layer>.geojson) found in ${dir}`)
  }
  const counts: Partial<Record<ImportLayer, number>> = {}
  await database.db.transaction().execute(async (trx) => {
    for (const { layer, file } of files) {
      const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection
      const features: Feature[] = collection.features ?? []
      progress(`Loading sample region: ${layer} ${features.length}…`)
      const startedAt = new Date()
      const log = await trx
        .insertInto('import_log')
        .values({
          layer,
          file_name: displayPath(file),
          format: 'geojson',
          source_crs: 'WGS84',
          encoding: 'utf-8',
          status: 'committed',
          feature_count: features.length,
          error_count: 0,
          report: JSON.stringify({ source: 'sample', issues: [] }),
          started_at: startedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      counts[layer] = await insertFeatures(trx, layer, features, { importId: log.id })
      await trx
        .updateTable('import_log')
        .set({ finished_at: new Date() })
        .where('id', '=', log.id)
        .execute()
    }
  })
  return { status: 'loaded', counts }
}

/** Empties every data table (schema and migrations kept). */
export async function truncateAll(database: Database): Promise<void> {
  await sql`TRUNCATE relocation_decision, village, admin_unit, network_line, facility, service_area,
    resettlement_site, hazard_zone, import_log, ruleset RESTART IDENTITY CASCADE`.execute(
    database.db,
  )
}

/** Repo-relative path for files inside the repository, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(REPO_ROOT, file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative
}
