/**
 * Opens the database (first start on PGlite: create + seed the sample region, with progress lines),
 * builds the app and listens. Used by `src/server.ts`, `npm start` and `tongcun serve`.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { redactDatabaseUrl, type Config } from './config'
import { openDatabase, type Database } from './db/client'
import { SAMPLE_DIR, seedSampleRegion } from './db/seed'
import { warmUpCaches, type WarmUpReport } from './warm-up'

export interface StartServerOptions {
  /** Seed the sample region into an empty embedded database (default true; never on Postgres). */
  seed?: boolean
  /** Sample directory (default `geodata/sample`). */
  sampleDir?: string
  log?: (line: string) => void
  /**
   * Warm the caches of the default rule set in the background after listening (see `warm-up.ts`):
   * `auto` (default) for sets up to the tiles' small-set limit, `all` at any size, `off` never.
   * Env `TONGCUN_WARMUP` (`off` | `all` | `auto`) when not given.
   */
  warmUp?: 'auto' | 'all' | 'off'
}

export interface RunningServer {
  app: FastifyInstance
  database: Database
  url: string
  /** The background warm-up (resolves when done, skipped or aborted by `close`). */
  warmUp: Promise<WarmUpReport | null>
  close(): Promise<void>
}

export async function startServer(
  config: Config,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const startedAt = performance.now()
  // Load the route modules while PGlite starts (both take seconds).
  const appModule = import('./app')
  appModule.catch(() => {}) // reported where awaited
  const database = await openDatabase({
    ...(config.database.engine === 'postgres'
      ? { databaseUrl: config.database.databaseUrl }
      : { dataDir: config.database.dataDir }),
    onProgress: log,
  })
  try {
    if (options.seed !== false && database.engine === 'pglite') {
      const sampleDir = options.sampleDir ?? SAMPLE_DIR
      if (fs.existsSync(sampleDir)) {
        const result = await seedSampleRegion(database, { dir: sampleDir, onProgress: log })
        if (result.status === 'loaded') {
          const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0)
          log(`Sample region loaded (${total} features).`)
        }
      } else {
        log(`No sample region at ${sampleDir}; starting with an empty database.`)
      }
    }
    const hasWeb = fs.existsSync(path.join(config.webRoot, 'index.html'))
    const { buildApp } = await appModule
    const app = await buildApp({
      database,
      webRoot: hasWeb ? config.webRoot : null,
      logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    })
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const url = `http://${config.host}:${port}/`
    const where =
      config.database.engine === 'postgres'
        ? `PostgreSQL ${redactDatabaseUrl(config.database.databaseUrl)}`
        : `embedded PostGIS in ${config.database.dataDir}`
    log(`Database: ${where}`)
    if (!hasWeb) log(`Web app not built (${config.webRoot}); serving the API only.`)
    const seconds = (now: number) => (now / 1000).toFixed(1)
    log(
      `Ready in ${seconds(performance.now() - startedAt)} s (${seconds(performance.now())} s since process start)` +
        ` — Tongcun at ${url} (API ${url}api/health)`,
    )
    // After listen, not awaited: /api/health and the first page are served meanwhile, and their
    // requests share the warm-up's in-flight computations.
    const warmMode = options.warmUp ?? parseWarmUpMode(process.env.TONGCUN_WARMUP)
    const abortWarmUp = new AbortController()
    const warmUp =
      warmMode === 'off'
        ? Promise.resolve(null)
        : warmUpCaches(database, {
            log,
            signal: abortWarmUp.signal,
            ...(warmMode === 'all' ? { maxVillages: Number.POSITIVE_INFINITY } : {}),
          }).then((report) => {
            if (report.status === 'done')
              log(
                `Caches warm in ${(report.ms / 1000).toFixed(1)} s (${report.villages} villages, ${report.tiles} tiles).`,
              )
            return report
          })
    return {
      app,
      database,
      url,
      warmUp,
      close: async () => {
        abortWarmUp.abort()
        await app.close()
        await warmUp // at most the step in progress
        await database.close()
      },
    }
  } catch (error) {
    await database.close().catch(() => {})
    throw error
  }
}

function parseWarmUpMode(value: string | undefined): 'auto' | 'all' | 'off' {
  if (value === 'off' || value === '0' || value === 'false') return 'off'
  if (value === 'all') return 'all'
  return 'auto'
}

/** Closes the server and database on SIGINT/SIGTERM (PGlite must close to flush its data dir). */
export function closeOnSignals(server: RunningServer): void {
  let closing = false
  const stop = (signal: string) => {
    if (closing) return
    closing = true
    console.log(`\n${signal}: closing…`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while closing', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}
