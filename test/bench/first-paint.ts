/**
 * First map paint of the web planner: navigation start → first MapLibre `idle` with villages drawn
 * (`window.__tongcunFirstPaintMs`), in headless Chromium, against the app started as the README does.
 *
 *   npx tsx test/bench/first-paint.ts                              # sample region (fresh temp data dir)
 *   npx tsx test/bench/first-paint.ts --data-dir /tmp/province     # an imported data dir (e.g. the 50k province)
 *   options: --runs <n> (default 3; the first is a cold browser cache)
 */
import { launchBrowser } from '../e2e/helpers/browser'
import { startApp } from '../e2e/helpers/server'

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}

const dataDir = argument('--data-dir')
const runs = Number(argument('--runs') ?? 3)
const app = await startApp(dataDir ? { dataDir } : {})
const browser = await launchBrowser()
try {
  const health = await (await fetch(`${app.url}/api/health`)).json()
  console.log(`server ${app.url}: ${JSON.stringify(health)}`)
  const page = browser.context.pages()[0] ?? (await browser.context.newPage())
  const times: number[] = []
  for (let run = 1; run <= runs; run++) {
    await page.goto(`${app.url}/?run=${run}`)
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
    const label = `run ${run}${run === 1 ? ' (cold cache)' : ''}`
    if (zoomedAt === null) {
      times.push(result.paintMs)
      console.log(
        `${label}: first map paint ${Math.round(result.paintMs)} ms, ` +
          `${result.villagesDrawn} villages drawn at zoom ${result.zoom.toFixed(1)}`,
      )
    } else {
      times.push(result.idleMs)
      console.log(
        `${label}: first map idle (whole region, no village points at this zoom) ${Math.round(result.idleMs)} ms; ` +
          `after zooming to ${result.zoom.toFixed(1)}: villages drawn in ${Math.round(result.paintMs - zoomedAt)} ms ` +
          `(${result.villagesDrawn} villages)`,
      )
    }
  }
  const sorted = [...times].sort((a, b) => a - b)
  console.log(`median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms over ${runs} runs`)
} finally {
  await browser.close()
  await app.stop()
}
