/**
 * Helpers every CLI command uses: configuration from global options + environment, and a database
 * opened for the duration of one command (progress on stderr, so stdout stays machine-readable).
 */
import type { Command } from 'commander'
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
