/**
 * The transactional import runner: parse → validate → (PostGIS polygon validity) → one transaction.
 *
 * All or nothing: any validation error, invalid polygon or database error leaves every data table as it
 * was. A rejected import is recorded as one `import_log` row with status `rejected` and the report (the
 * only write; an audit trail of what was refused and why), written after the data transaction has been
 * rolled back. A dry run writes nothing at all, not even a log row. A committed import writes its
 * features and one `import_log` row (status `committed`, source CRS, report) in the same transaction;
 * written rows carry its id in `import_id`.
 */
import { sql } from 'kysely'
import { DomainError } from '@tongcun/domain'
import type { ValidationIssue } from '@tongcun/domain'
import type { Database } from '../db/client'
import { insertFeatures } from '../db/queries/write'
import { invalidateTiles } from '../tiles'
import { parseImport } from './parse-import'
import type { ImportFeature, ImportOptions, ImportReport, ParsedImport } from './types'

class RollbackSignal extends Error {
  constructor(readonly reason: 'dry-run' | 'invalid') {
    super(`rollback: ${reason}`)
  }
}

function reportOf(
  options: ImportOptions,
  parsed: ParsedImport,
  status: ImportReport['status'],
  inserted: number,
  extraErrors: ValidationIssue[] = [],
): ImportReport {
  return {
    file: options.fileName,
    layer: options.layer,
    format: parsed.format,
    crs: parsed.crs,
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    features: parsed.recordCount,
    inserted,
    status,
    errors: [...parsed.errors, ...extraErrors],
    warnings: [...parsed.warnings],
  }
}

/** Polygon features whose geometry PostGIS finds invalid (self-intersection, ring self-touch ...). */
async function findInvalidPolygons(
  executor: Parameters<typeof insertFeatures>[0],
  parsed: ParsedImport,
  fileName: string,
): Promise<ValidationIssue[]> {
  const polygons: { index: number; feature: ImportFeature }[] = []
  parsed.features.forEach((feature, index) => {
    const type = feature.geometry?.type
    if (type === 'Polygon' || type === 'MultiPolygon') polygons.push({ index, feature })
  })
  if (polygons.length === 0) return []
  const geometries = JSON.stringify(polygons.map(({ feature }) => feature.geometry))
  const result = await sql<{ ord: number | string; reason: string }>`
    SELECT t.ord, ST_IsValidReason(t.g) AS reason
    FROM (
      SELECT e.ord, ST_SetSRID(ST_GeomFromGeoJSON(e.elem::text), 4326) AS g
      FROM jsonb_array_elements(${geometries}::jsonb) WITH ORDINALITY AS e(elem, ord)
    ) t
    WHERE NOT ST_IsValid(t.g)
    ORDER BY t.ord`.execute(executor)
  return result.rows.map((row) => {
    const { index, feature } = polygons[Number(row.ord) - 1]!
    const properties = feature.properties as { id?: string; code?: string }
    return {
      file: fileName,
      row: parsed.rows[index],
      id: properties.id ?? properties.code,
      field: 'geometry',
      message: `invalid polygon: ${row.reason} (PostGIS ST_IsValidReason); fix the geometry at the source, it is not repaired on import`,
    }
  })
}

/** Records a rejected import; a failure to log is added to the report's warnings, never masking the rejection. */
async function logRejected(database: Database, report: ImportReport): Promise<void> {
  try {
    await database.db
      .insertInto('import_log')
      .values({
        layer: report.layer.slice(0, 100),
        file_name: report.file,
        format: report.format,
        source_crs: report.crs,
        encoding: report.encoding ?? null,
        status: 'rejected',
        feature_count: 0,
        error_count: report.errors.length,
        report: JSON.stringify(report),
        finished_at: new Date(),
      })
      .execute()
  } catch (error) {
    report.warnings.push({
      file: report.file,
      message: `the rejection could not be recorded in import_log: ${error instanceof Error ? error.message : String(error)}`,
    })
  }
}

function rejection(report: ImportReport): DomainError {
  const first = report.errors[0]
  const where = first
    ? ` First: ${[first.row !== undefined ? `row ${first.row}` : '', first.id ?? '', first.field ?? '', first.message].filter(Boolean).join(', ')}`
    : ''
  return new DomainError(
    'import-failed',
    `${report.file}: import into ${report.layer} rejected with ${report.errors.length} error(s); nothing was written.${where}`,
    { errors: report.errors, report },
  )
}

/**
 * Imports one file into one layer.
 * @returns the report of a committed import (or of a dry run)
 * @throws DomainError('import-failed') with `details.report` (and `details.errors`) when anything is wrong
 */
export async function importLayer(
  database: Database,
  options: ImportOptions,
): Promise<ImportReport> {
  const parsed = await parseImport(options)
  if (parsed.errors.length > 0) {
    const report = reportOf(options, parsed, 'rejected', 0)
    if (!options.dryRun) await logRejected(database, report)
    throw rejection(report)
  }

  let outcome: { inserted: number; invalid: ValidationIssue[] } = { inserted: 0, invalid: [] }
  try {
    await database.db.transaction().execute(async (trx) => {
      const invalid = await findInvalidPolygons(trx, parsed, options.fileName)
      if (invalid.length > 0) {
        outcome = { inserted: 0, invalid }
        throw new RollbackSignal('invalid')
      }
      const pending = reportOf(options, parsed, 'committed', 0)
      const log = await trx
        .insertInto('import_log')
        .values({
          layer: parsed.layer,
          file_name: options.fileName,
          format: parsed.format,
          source_crs: parsed.crs,
          encoding: parsed.encoding ?? null,
          status: 'committed',
          feature_count: 0,
          error_count: 0,
          report: JSON.stringify(pending),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const inserted = await insertFeatures(trx, parsed.layer, parsed.features, {
        importId: log.id,
      })
      outcome = { inserted, invalid: [] }
      await trx
        .updateTable('import_log')
        .set({
          feature_count: inserted,
          report: JSON.stringify({ ...pending, inserted }),
          finished_at: new Date(),
        })
        .where('id', '=', log.id)
        .execute()
      if (options.dryRun) throw new RollbackSignal('dry-run')
    })
  } catch (error) {
    if (error instanceof RollbackSignal) {
      if (error.reason === 'dry-run') return reportOf(options, parsed, 'dry-run', 0)
      const report = reportOf(options, parsed, 'rejected', 0, outcome.invalid)
      if (!options.dryRun) await logRejected(database, report)
      throw rejection(report)
    }
    const message = error instanceof Error ? error.message : String(error)
    const report = reportOf(options, parsed, 'rejected', 0, [
      {
        file: options.fileName,
        message: `database error while writing the ${parsed.layer} layer, rolled back: ${message}`,
      },
    ])
    if (!options.dryRun) await logRejected(database, report)
    throw rejection(report)
  }
  // Tiles and cached analyses would otherwise notice the new import_log row only on their next check.
  invalidateTiles(database)
  return reportOf(options, parsed, 'committed', outcome.inserted)
}
