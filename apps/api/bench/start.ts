/**
 * Embedded-database start times: cold first start (initdb + PostGIS + migrations + sample seed),
 * second start of the same data dir, and a first start from the cached migrated template.
 * Prints seconds and ratios to the cold start measured in the same run (machines are shared; only
 * ratios compare across runs). Run: `npx tsx apps/api/bench/start.ts`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/db/client'
import { seedSampleRegion } from '../src/db/seed'
import { ensureTemplate } from '../src/db/template'

async function timeStart(dataDir: string): Promise<{ seconds: number; seeded: boolean }> {
  const startedAt = performance.now()
  const database = await openDatabase({ dataDir })
  const result = await seedSampleRegion(database)
  await database.db.selectFrom('village').select('code').limit(1).execute()
  const seconds = (performance.now() - startedAt) / 1000
  await database.close()
  return { seconds, seeded: result.status === 'loaded' }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-bench-start-'))
try {
  await ensureTemplate()
  process.env.TONGCUN_TEMPLATE = 'off'
  const cold = await timeStart(path.join(root, 'cold'))
  const second = await timeStart(path.join(root, 'cold'))
  delete process.env.TONGCUN_TEMPLATE
  const fromTemplate = await timeStart(path.join(root, 'template'))
  const rows = [
    ['cold first start (baseline)', cold],
    ['second start, same data dir', second],
    ['first start from cached template', fromTemplate],
  ] as const
  for (const [name, { seconds, seeded }] of rows) {
    console.log(
      `${name.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s  ratio ${(seconds / cold.seconds).toFixed(2)}  ${seeded ? 'seeded' : 'not seeded'}`,
    )
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}
