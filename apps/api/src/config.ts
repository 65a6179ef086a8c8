/**
 * Environment → typed configuration. `DATABASE_URL` set ⇒ PostgreSQL + PostGIS; otherwise the embedded
 * PGlite + PostGIS database persisted in a data directory.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Default HTTP port of the API (and of the built web app it serves). */
export const DEFAULT_PORT = 8600
export const DEFAULT_HOST = '127.0.0.1'
/** Default data directory of the embedded database, relative to the current working directory. */
export const DEFAULT_DATA_DIR = './data'

export type DatabaseConfig =
  { engine: 'postgres'; databaseUrl: string } | { engine: 'pglite'; dataDir: string }

export interface Config {
  database: DatabaseConfig
  port: number
  host: string
  /** Directory of the built web app (`apps/web/dist`), served when it holds an index.html. */
  webRoot: string
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv
  /** `--data-dir` flag; wins over `TONGCUN_DATA_DIR`. */
  dataDir?: string
  cwd?: string
}

/** Repository root, derived from this file's location (apps/api/src/config.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Reads `DATABASE_URL`, `TONGCUN_DATA_DIR`, `PORT`, `HOST`, `TONGCUN_WEB_ROOT`. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const databaseUrl = env.DATABASE_URL?.trim()
  const dataDir = options.dataDir ?? env.TONGCUN_DATA_DIR ?? DEFAULT_DATA_DIR
  return {
    database:
      databaseUrl && !options.dataDir
        ? { engine: 'postgres', databaseUrl }
        : { engine: 'pglite', dataDir: path.resolve(cwd, dataDir) },
    port: parsePort(env.PORT),
    host: env.HOST?.trim() || DEFAULT_HOST,
    webRoot: env.TONGCUN_WEB_ROOT
      ? path.resolve(cwd, env.TONGCUN_WEB_ROOT)
      : path.join(REPO_ROOT, 'apps/web/dist'),
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0-65535, got "${value}"`)
  }
  return port
}

/** A database URL with the password masked, for logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://(unparseable url)'
  }
}
