import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'
import { openDatabase, type Database } from '../../src/db/client'
import { startServer } from '../../src/start-server'
import * as mini from '../fixtures/mini-region'
import { writeMiniRegionDir } from '../helpers/fixtures'

async function snapshot(database: Database) {
  const result = await sql<{
    villages: number
    lines: number
    imports: number
    last_import: number | null
  }>`
    SELECT (SELECT count(*) FROM village)::int AS villages,
           (SELECT count(*) FROM network_line)::int AS lines,
           (SELECT count(*) FROM import_log)::int AS imports,
           (SELECT max(id) FROM import_log) AS last_import`.execute(database.db)
  return result.rows[0]!
}

// The real first-start path (cold PGlite create, ~15 s) then a restart on the same data dir.
describe('embedded database start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-data-'))
  const sampleDir = writeMiniRegionDir()
  const config = { ...loadConfig({ dataDir, env: {} }), port: 0 }
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('creates and seeds on first start, and a second start neither reseeds nor recreates', async () => {
    const firstLog: string[] = []
    let startedAt = performance.now()
    const first = await startServer(config, { sampleDir, log: (line) => firstLog.push(line) })
    const firstSeconds = (performance.now() - startedAt) / 1000
    const health = await fetch(`${first.url}api/health`).then((response) => response.json())
    expect(health).toEqual({ status: 'ok', engine: 'pglite', villages: mini.villages.length })
    const before = await snapshot(first.database)
    expect(first.database.created).toBe(true)
    expect(firstLog.some((line) => line.startsWith('Creating embedded PostGIS database'))).toBe(
      true,
    )
    expect(firstLog.some((line) => line.startsWith('Loading sample region: villages'))).toBe(true)
    // PGlite is single-process: a second opener of the same data dir is refused, not corrupting it.
    await expect(openDatabase({ dataDir })).rejects.toThrow(/already open|in use/)
    await first.close()
    expect(fs.existsSync(path.join(dataDir, 'tongcun.lock'))).toBe(false)

    const secondLog: string[] = []
    startedAt = performance.now()
    const second = await startServer(config, { sampleDir, log: (line) => secondLog.push(line) })
    const secondSeconds = (performance.now() - startedAt) / 1000
    try {
      expect(second.database.created).toBe(false)
      expect(await snapshot(second.database)).toEqual(before)
      expect(secondLog.some((line) => /Creating|Loading sample/.test(line))).toBe(false)
      const again = await fetch(`${second.url}api/villages/${mini.villages[0]!.properties.code}`)
      expect(again.status).toBe(200)
    } finally {
      await second.close()
    }
    // Timing is reported, not asserted (shared 2-core machine).
    console.info(
      `embedded start: first ${firstSeconds.toFixed(1)} s, second ${secondSeconds.toFixed(1)} s`,
    )
  })

  it('recreates a data dir whose first start was interrupted, taking over a stale lock', async () => {
    const interrupted = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-interrupted-'))
    try {
      // What a killed first start leaves: the creation marker, a lock of a dead process, partial files.
      fs.writeFileSync(path.join(interrupted, 'tongcun.creating'), '999999')
      fs.writeFileSync(path.join(interrupted, 'tongcun.lock'), '999999')
      fs.writeFileSync(path.join(interrupted, 'PG_VERSION'), '17')
      const progress: string[] = []
      const database = await openDatabase({
        dataDir: interrupted,
        onProgress: (line) => progress.push(line),
      })
      try {
        expect(database.created).toBe(true)
        expect(progress[0]).toMatch(/interrupted/)
        const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM village`.execute(
          database.db,
        )
        expect(tables.rows[0]!.n).toBe(0)
        expect(fs.existsSync(path.join(interrupted, 'tongcun.creating'))).toBe(false)
      } finally {
        await database.close()
      }
    } finally {
      fs.rmSync(interrupted, { recursive: true, force: true })
    }
  })
})
