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

export interface StartServerOptions {
  /** Seed the sample region into an empty embedded database (default true; never on Postgres). */
  seed?: boolean
  /** Sample directory (default `geodata/sample`). */
  sampleDir?: string
  log?: (line: string) => void
}

export interface RunningServer {
  app: FastifyInstance
  database: Database
  url: string
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
    return {
      app,
      database,
      url,
      close: async () => {
        await app.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close().catch(() => {})
    throw error
  }
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
