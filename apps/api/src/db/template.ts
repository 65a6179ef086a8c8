/**
 * A migrated, empty PGlite data-dir snapshot ("template") cached in `<repo>/.cache/` (gitignored).
 * Creating PGlite + PostGIS cold takes ~12-18 s; starting from the template takes ~3 s. Tests build
 * it once per machine (cross-process lock); a first `npm start` uses it when it already exists.
 * The key covers the PGlite/PostGIS versions and every migration file, so a new migration makes a
 * new template.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Kysely, PGliteDialect } from 'kysely'
import { REPO_ROOT } from '../config'
import { migrateToLatest } from './client'
import { migrations } from './migrations/index'
import type { DB } from './schema'

export const TEMPLATE_CACHE_DIR = path.join(REPO_ROOT, '.cache')

function templateKey(): string {
  const hash = crypto.createHash('sha256')
  for (const name of ['@electric-sql/pglite', '@electric-sql/pglite-postgis']) {
    const file = path.join(REPO_ROOT, 'node_modules', name, 'package.json')
    hash.update(
      fs.existsSync(file)
        ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
        : name,
    )
  }
  const migrationDir = path.join(REPO_ROOT, 'apps/api/src/db/migrations')
  for (const name of Object.keys(migrations).sort()) {
    hash.update(name)
    const file = path.join(migrationDir, `${name}.ts`)
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

/** Path of the template for the current migrations and PGlite version. */
export function templatePath(): string {
  return path.join(TEMPLATE_CACHE_DIR, `pglite-migrated-${templateKey()}.tar`)
}

/**
 * The template as a Blob when it exists, else undefined (never builds). `TONGCUN_TEMPLATE=off`
 * disables it (to measure or test the cold path).
 */
export function readTemplate(): Blob | undefined {
  if (process.env.TONGCUN_TEMPLATE === 'off') return undefined
  const file = templatePath()
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined
}

let building: Promise<Blob> | undefined

/** The template, building and caching it first when missing (one builder across processes). */
export function ensureTemplate(): Promise<Blob> {
  building ??= loadOrBuild()
  return building
}

async function loadOrBuild(): Promise<Blob> {
  const file = templatePath()
  const lock = `${file}.lock`
  fs.mkdirSync(TEMPLATE_CACHE_DIR, { recursive: true })
  for (;;) {
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)])
    try {
      fs.mkdirSync(lock)
    } catch {
      // Another process is building it; take over a lock left behind by a crashed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    try {
      if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)])
      const bytes = await buildTemplate()
      const temporary = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temporary, bytes)
      fs.renameSync(temporary, file)
      return new Blob([bytes])
    } finally {
      fs.rmSync(lock, { recursive: true, force: true })
    }
  }
}

async function buildTemplate(): Promise<Uint8Array> {
  // Loaded when a template is built, not when one is read (see client.ts).
  const [{ PGlite }, { postgis }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
  ])
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
