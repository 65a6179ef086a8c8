/**
 * First map paint of the web planner: navigation start → first MapLibre `idle` with villages drawn
 * (`window.__tongcunFirstPaintMs`), in headless Chromium, against the app started as the README does.
 *
 *   npx tsx test/bench/first-paint.ts                              # sample region (fresh temp data dir)
 *   npx tsx test/bench/first-paint.ts --data-dir /tmp/province     # an imported data dir (e.g. the 50k province)
 *   npx tsx test/bench/first-paint.ts --cold                       # a fresh server process per run
 *   options: --runs <n> (default 3; the first is a cold browser cache)
 *            --cold: the data dir is created (seeded) once by an untimed start, then every run starts a
 *            new server process on it and times the first page load after it is healthy (the browser
 *            stays open: run 1 also has a cold browser cache, later runs a warm one).
 *            --log: print the server's output at the end (set LOG_LEVEL=info for request times).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../e2e/helpers/browser'
import { startApp, type StartedApp } from '../e2e/helpers/server'

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}

const cold = process.argv.includes('--cold')
const printLog = process.argv.includes('--log')
const givenDataDir = argument('--data-dir')
const runs = Number(argument('--runs') ?? 3)

/** One page load; returns the time to report (ms). */
async function measure(page: Page, url: string, label: string): Promise<number> {
  await page.goto(url)
  await page.waitForFunction(() => window.__tongcunFirstIdleMs !== undefined, null, {
    timeout: 300_000,
  })
  // Large sets (> the tile service's small-set limit) show villages only from zoom 8: if the
  // first view has none, zoom to the middle of the data at zoom 9 and time that too.
  await page.waitForTimeout(1000)
  const zoomedAt = await page.evaluate(() => {
    if (window.__tongcunFirstPaintMs !== undefined) return null
    const map = window.__tongcunMap!
    const start = performance.now()
    map.jumpTo({ center: map.getCenter(), zoom: 9 })
    return start
  })
  await page.waitForFunction(() => window.__tongcunFirstPaintMs !== undefined, null, {
    timeout: 300_000,
  })
  const result = await page.evaluate(() => ({
    idleMs: window.__tongcunFirstIdleMs!,
    paintMs: window.__tongcunFirstPaintMs!,
    villagesDrawn: window.__tongcunMap!.queryRenderedFeatures({ layers: ['villages-circle'] })
      .length,
    zoom: window.__tongcunMap!.getZoom(),
  }))
  if (zoomedAt === null) {
    console.log(
      `${label}: first map paint ${Math.round(result.paintMs)} ms, ` +
        `${result.villagesDrawn} villages drawn at zoom ${result.zoom.toFixed(1)}`,
    )
    return result.paintMs
  }
  console.log(
    `${label}: first map idle (whole region, no village points at this zoom) ${Math.round(result.idleMs)} ms; ` +
      `after zooming to ${result.zoom.toFixed(1)}: villages drawn in ${Math.round(result.paintMs - zoomedAt)} ms ` +
      `(${result.villagesDrawn} villages)`,
  )
  return result.idleMs
}

const ownDir = cold && !givenDataDir ? mkdtempSync(join(tmpdir(), 'tongcun-paint-')) : null
const dataDir = givenDataDir ?? ownDir ?? undefined
if (ownDir) {
  // Create and seed the data dir once, untimed: the runs measure a fresh process on existing data.
  const prep = await startApp({ dataDir: ownDir })
  await prep.stop()
}
const browser = await launchBrowser()
let app: StartedApp | null = null
const logs: string[] = []
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage())
  const times: number[] = []
  for (let run = 1; run <= runs; run++) {
    if (!app || cold) {
      if (app) {
        logs.push(app.output())
        await app.stop()
      }
      app = await startApp(dataDir ? { dataDir } : {})
      const health = await (await fetch(`${app.url}/api/health`)).json()
      if (run === 1 || cold) console.log(`server ${app.url}: ${JSON.stringify(health)}`)
    }
    const label =
      `run ${run}` +
      (cold ? ' (fresh server' + (run === 1 ? ', cold browser cache)' : ')') : '') +
      (!cold && run === 1 ? ' (cold cache)' : '')
    times.push(await measure(page, `${app.url}/?run=${run}`, label))
  }
  const sorted = [...times].sort((a, b) => a - b)
  console.log(`median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms over ${runs} runs`)
} finally {
  await browser.close()
  if (app) {
    logs.push(app.output())
    await app.stop()
  }
  if (ownDir) rmSync(ownDir, { recursive: true, force: true })
  if (printLog) console.log(logs.join('\n----- server restart -----\n'))
}
