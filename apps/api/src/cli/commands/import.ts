/**
 * `tongcun import <layer> <file>`: imports one file into one layer (all or nothing) and prints the
 * report; exit code 1 when the import is rejected.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { DomainError, IMPORT_LAYERS } from '@tongcun/domain'
import { ACCEPTED_CRS_NAMES } from '@tongcun/spatial'
import type { Database } from '../../db/client'
import { formatReport } from '../../import/format-report'
import { importLayer } from '../../import/import-layer'
import type { ImportReport } from '../../import/types'
import { withDatabase } from '../context'

export interface ImportCommandOptions {
  crs?: string
  encoding?: string
  sheet?: string
  dryRun?: boolean
  assignCodes?: string
  json?: boolean
}

/**
 * Runs one import and writes the report to `write`. Returns the exit code (0 committed or dry run,
 * 1 rejected). Exported for tests, which pass their own database.
 */
export async function runImportCommand(
  database: Database,
  layer: string,
  file: string,
  options: ImportCommandOptions,
  write: (text: string) => void,
): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file)
  } catch (error) {
    write(
      `error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
    return 1
  }
  let report: ImportReport
  let exitCode = 0
  try {
    report = await importLayer(database, {
      layer,
      fileName: path.basename(file),
      bytes,
      ...(options.crs !== undefined ? { crs: options.crs } : {}),
      ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.assignCodes !== undefined ? { assignCodesUnder: options.assignCodes } : {}),
      dryRun: options.dryRun === true,
    })
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'import-failed') throw error
    report = error.details!['report'] as ImportReport
    exitCode = 1
  }
  write(options.json ? JSON.stringify(report, null, 2) : formatReport(report))
  return exitCode
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'import a GeoJSON, CSV, XLSX or zipped Shapefile into a layer (one transaction: all or nothing)',
    )
    .argument('<layer>', `target layer: ${IMPORT_LAYERS.join(', ')}`)
    .argument('<file>', 'file to import (.geojson/.json, .csv, .xlsx, .zip with .shp/.dbf/.prj)')
    .option(
      '--crs <crs>',
      `source CRS of the coordinates (${ACCEPTED_CRS_NAMES}); default WGS84; a shapefile .prj wins`,
    )
    .option('--encoding <encoding>', 'text encoding of CSV/DBF: utf8 or gbk (default: detected)')
    .option('--sheet <name>', 'XLSX sheet to read (default: the first)')
    .option('--dry-run', 'validate and test-insert in a rolled-back transaction; write nothing')
    .option(
      '--assign-codes <code>',
      'generate 12-digit codes under this parent for records without one (e.g. OSM places)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (layer: string, file: string, options: ImportCommandOptions, command: Command) => {
        await withDatabase(command, async (database) => {
          process.exitCode = await runImportCommand(database, layer, file, options, (text) =>
            console.log(text),
          )
        })
      },
    )
}
