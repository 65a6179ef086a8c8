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
import pg from 'pg'
import { openDatabase, type Database, type Engine } from '../../src/db/client'
import { ensureTemplate } from '../../src/db/template'
import {
  seedSampleRegion as seed,
  truncateAll,
  type SeedOptions,
  type SeedResult,
} from '../../src/db/seed'

export type { Database, Engine }

/** `['pglite']`, plus `'postgres'` when `DATABASE_URL` is set. */
export function testEngines(): Engine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

/** A fresh, migrated, empty database on `engine`. Close it in `afterAll`. */
export async function createTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'postgres') return createPostgresTestDatabase()
  return openDatabase({ dataDir: 'memory', loadDataDir: await ensureTemplate() })
}

/** Loads `geodata/sample/*` (or `options.dir`) into the database, replacing rows with the same keys. */
export function seedSampleRegion(
  database: Database,
  options: SeedOptions = {},
): Promise<SeedResult> {
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
