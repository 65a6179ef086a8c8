/**
 * Helpers every CLI command uses: configuration from global options + environment, a database
 * opened for the duration of one command (progress on stderr, so stdout stays machine-readable),
 * and reading a JSON input file.
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import { DomainError, type ErrorCode } from '@tongcun/domain'
import { loadConfig, type Config } from '../config'
import { openDatabase, type Database } from '../db/client'

/** Config from `--data-dir` (global option), `DATABASE_URL`, `TONGCUN_DATA_DIR`, `PORT`, `HOST`. */
export function configFromCommand(command: Command): Config {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>()
  return loadConfig(dataDir ? { dataDir } : {})
}

/** Opens the configured database, runs `action`, always closes it. */
export async function withDatabase<T>(
  command: Command,
  action: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = configFromCommand(command)
  const database = await openDatabase({
    ...(config.database.engine === 'postgres'
      ? { databaseUrl: config.database.databaseUrl }
      : { dataDir: config.database.dataDir }),
    onProgress: (message) => process.stderr.write(`${message}\n`),
  })
  try {
    return await action(database, config)
  } finally {
    await database.close()
  }
}

/**
 * Parses a JSON file; an unreadable or malformed file throws `DomainError(code)` naming the file
 * and what it should hold (`what`: "GeoJSON", "rule set").
 */
export function readJsonFile(
  file: string,
  what: string,
  code: ErrorCode = 'invalid-input',
): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new DomainError(
      code,
      `cannot read ${what} file ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { file },
    )
  }
}
