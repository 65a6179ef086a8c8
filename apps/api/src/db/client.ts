/**
 * Opens the database: PostgreSQL + PostGIS through `pg` when a URL is given, otherwise embedded
 * PGlite + PostGIS (in memory or persisted in a data directory). Migrations run on open.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { redactDatabaseUrl } from '../config'
import { migrationProvider } from './migrations/index'
import type { DB } from './schema'
import { readTemplate } from './template'

export type Engine = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  engine: Engine
  /**
   * True when this open created the storage: a new PGlite data dir or in-memory instance, or a
   * Postgres schema that had no migrations yet. The server seeds the sample region only then.
   */
  created: boolean
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when set the server engine is used and `dataDir` is ignored. */
  databaseUrl?: string
  /** PGlite data directory, or `'memory'` (default) for an in-memory database. */
  dataDir?: string | 'memory'
  /** Progress lines for the user (first start takes ~15 s on PGlite). */
  onProgress?: (message: string) => void
  /** Postgres only: schema to create and use (tests use one schema per file). */
  schema?: string
  /**
   * PGlite only: a new database starts from this data-dir snapshot (`dumpDataDir`), e.g. the
   * migrated template of `./template`. Without it a new data dir uses the cached template if any.
   */
  loadDataDir?: Blob
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const progress = options.onProgress ?? (() => {})
  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema, progress)
    : await openPglite(options.dataDir ?? 'memory', options.loadDataDir, progress)
  try {
    const applied = await migrateToLatest(
      opened.db,
      options.databaseUrl ? options.schema : undefined,
    )
    if (applied.length > 0) progress(`Applied migrations: ${applied.join(', ')}`)
    opened.markReady()
    return {
      db: opened.db,
      engine: opened.engine,
      close: opened.close,
      created:
        opened.created || (options.databaseUrl !== undefined && applied.includes('0001-initial')),
    }
  } catch (error) {
    await opened.close().catch(() => {})
    throw error
  }
}

/** Runs every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<DB>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  const failed = results.find((result) => result.status === 'Error')
  if (error) {
    const cause = error instanceof Error ? error.message : String(error)
    throw new Error(
      `database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${cause}` +
        (/postgis/i.test(cause)
          ? ' (is PostGIS installed on the server? apt-get install postgresql-15-postgis-3)'
          : ''),
      { cause: error },
    )
  }
  return results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName)
}

/** Marker present in a data dir while its first creation (initdb + PostGIS + migrations) runs. */
const CREATING_MARKER = 'tongcun.creating'

async function openPglite(
  dataDir: string,
  loadDataDir: Blob | undefined,
  progress: (message: string) => void,
): Promise<Database & { markReady(): void }> {
  const inMemory = dataDir === 'memory' || dataDir.startsWith('memory://')
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true })
  const releaseLock = inMemory ? () => {} : lockDataDir(dataDir)
  const marker = path.join(dataDir, CREATING_MARKER)
  if (!inMemory && fs.existsSync(marker)) {
    // We hold the lock, so the process that was creating this database is gone: it never finished
    // its schema (and so holds no user data). Start that creation again from scratch.
    progress(`A previous first start in ${dataDir} was interrupted; creating the database again…`)
    for (const entry of fs.readdirSync(dataDir)) {
      if (entry !== 'tongcun.lock')
        fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true })
    }
  }
  const exists = !inMemory && fs.existsSync(path.join(dataDir, 'PG_VERSION'))
  const created = !exists
  // A new data dir starts from the cached migrated template when one exists (~3 s instead of ~15 s).
  const template = created ? (loadDataDir ?? (inMemory ? undefined : readTemplate())) : undefined
  if (created && !template) {
    progress(
      inMemory
        ? 'Creating in-memory PostGIS database (~15 s)…'
        : `Creating embedded PostGIS database in ${dataDir} (first start, ~15 s)…`,
    )
  } else if (created && !inMemory) {
    progress(`Creating embedded PostGIS database in ${dataDir} from the cached template…`)
  } else if (!inMemory) {
    progress(`Opening embedded PostGIS database in ${dataDir}…`)
  }
  if (created && !inMemory) fs.writeFileSync(marker, String(process.pid))
  let pglite: PGlite
  try {
    // Loaded here, not on import: a PostgreSQL run (and every CLI start) does without PGlite's load.
    const [{ PGlite }, { postgis }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-postgis'),
    ])
    pglite = await PGlite.create({
      dataDir: inMemory ? 'memory://' : dataDir,
      extensions: { postgis },
      ...(template ? { loadDataDir: template } : {}),
    })
  } catch (error) {
    releaseLock()
    throw new Error(
      `could not open the embedded database in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
  if (created && !template) progress('Enabling PostGIS…')
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    engine: 'pglite',
    created,
    markReady: () => {
      if (created && !inMemory) fs.rmSync(marker, { force: true })
    },
    close: async () => {
      try {
        await db.destroy()
        if (!pglite.closed) await pglite.close()
      } finally {
        releaseLock()
      }
    },
  }
}

/**
 * PGlite is single-process: two processes on one data dir corrupt it. A lock file holding the
 * owner's pid refuses a second opener while the owner lives; a stale lock (dead pid) is taken over.
 * @returns a function that releases the lock
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'tongcun.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        fs.rmSync(lockFile, { force: true })
      }
      process.on('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by process ${owner} (a running server or CLI); ` +
            'stop it first, import through the running server (POST /api/imports/:layer), or use DATABASE_URL',
        )
      }
      if (owner === process.pid) {
        throw new Error(
          `the embedded database in ${dataDir} is already open in this process; close it first`,
        )
      }
      fs.rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`could not lock the embedded database in ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

async function openPostgres(
  databaseUrl: string,
  schema: string | undefined,
  progress: (message: string) => void,
): Promise<Database & { markReady(): void }> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _`)
  }
  progress(`Connecting to PostgreSQL at ${redactDatabaseUrl(databaseUrl)}…`)
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  })
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', (error) => progress(`PostgreSQL connection error: ${error.message}`))
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  if (schema) {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db)
  }
  return { db, engine: 'postgres', created: false, markReady: () => {}, close: () => db.destroy() }
}
