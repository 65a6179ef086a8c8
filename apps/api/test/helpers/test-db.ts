/**
 * Test databases for both engines (BRIEF contract):
 * - `createTestDatabase('pglite')`: in-memory PGlite started from a migrated data-dir snapshot cached
 *   in `<repo>/.cache/` (built once, ~12 s; later files start in ~3 s instead of ~15 s).
 * - `createTestDatabase('postgres')`: a fresh schema `t_<random>` inside `DATABASE_URL`, dropped on
 *   close, so test files run in parallel.
 * Use as `describe.each(testEngines())('... on %s', (engine) => { ... })`, one database per file,
 * reset between tests with `resetTestDatabase` (truncation).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { Kysely, PGliteDialect } from 'kysely'
import pg from 'pg'
import { REPO_ROOT } from '../../src/config'
import { migrateToLatest, openDatabase, type Database, type Engine } from '../../src/db/client'
import { migrations } from '../../src/db/migrations/index'
import type { DB } from '../../src/db/schema'
import { seedSampleRegion as seed, truncateAll, type SeedOptions, type SeedResult } from '../../src/db/seed'

export type { Database, Engine }

/** `['pglite']`, plus `'postgres'` when `DATABASE_URL` is set. */
export function testEngines(): Engine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

/** A fresh, migrated, empty database on `engine`. Close it in `afterAll`. */
export async function createTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'postgres') return createPostgresTestDatabase()
  const snapshot = await migratedPgliteSnapshot()
  return openDatabase({ dataDir: 'memory', loadDataDir: new Blob([snapshot]) })
}

/** Loads `geodata/sample/*` (or `options.dir`) into the database, replacing rows with the same keys. */
export function seedSampleRegion(database: Database, options: SeedOptions = {}): Promise<SeedResult> {
  return seed(database, { force: true, ...options })
}

/** Empties every table (between tests). */
export function resetTestDatabase(database: Database): Promise<void> {
  return truncateAll(database)
}

async function createPostgresTestDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) throw new Error('createTestDatabase("postgres") needs DATABASE_URL')
  await ensurePostgisInPublic(databaseUrl)
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`
  const database = await openDatabase({ databaseUrl, schema })
  return {
    ...database,
    close: async () => {
      await database.close()
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}

/** The extension must live in `public`, not in a test schema that is dropped later. */
async function ensurePostgisInPublic(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public')
        return
      } catch (error) {
        // Parallel files may race on CREATE EXTENSION (unique violation): retry once it exists.
        if (attempt >= 5) throw error
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)))
      }
    }
  } finally {
    await client.end()
  }
}

const CACHE_DIR = path.join(REPO_ROOT, '.cache')

function snapshotKey(): string {
  const hash = crypto.createHash('sha256')
  const pglitePackage = path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json')
  const postgisPackage = path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite-postgis/package.json')
  for (const file of [pglitePackage, postgisPackage]) {
    hash.update(fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : file)
  }
  const migrationDir = path.join(REPO_ROOT, 'apps/api/src/db/migrations')
  for (const name of Object.keys(migrations).sort()) {
    hash.update(name)
    const file = path.join(migrationDir, `${name}.ts`)
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

let snapshotPromise: Promise<Uint8Array> | undefined

/** Bytes of a migrated, empty PGlite data dir; built once per machine (cross-process lock). */
function migratedPgliteSnapshot(): Promise<Uint8Array> {
  snapshotPromise ??= loadOrBuildSnapshot()
  return snapshotPromise
}

async function loadOrBuildSnapshot(): Promise<Uint8Array> {
  const file = path.join(CACHE_DIR, `pglite-migrated-${snapshotKey()}.tar`)
  const lock = `${file}.lock`
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  for (;;) {
    if (fs.existsSync(file)) return fs.readFileSync(file)
    try {
      fs.mkdirSync(lock)
    } catch {
      // Another process is building it; take over a lock left by a crashed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    try {
      if (fs.existsSync(file)) return fs.readFileSync(file)
      const bytes = await buildSnapshot()
      const temporary = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temporary, bytes)
      fs.renameSync(temporary, file)
      return bytes
    } finally {
      fs.rmSync(lock, { recursive: true, force: true })
    }
  }
}

async function buildSnapshot(): Promise<Uint8Array> {
  const pglite = await PGlite.create({ dataDir: 'memory://', extensions: { postgis } })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  try {
    await migrateToLatest(db)
    const blob = await pglite.dumpDataDir('none')
    return new Uint8Array(await blob.arrayBuffer())
  } finally {
    await db.destroy()
    if (!pglite.closed) await pglite.close()
  }
}
