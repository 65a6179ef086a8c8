/**
 * Browser end-to-end tests of the web planner: the app is started as the README starts it
 * (`npm start`, temp data dir, free port) and driven in the system Chromium (playwright-core).
 * Run with `TONGCUN_BROWSER=1 npx vitest run --project @tongcun/e2e test/e2e/web.test.ts`.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './helpers/browser'
import { startApp, type StartedApp } from './helpers/server'

interface CoverageFeature {
  geometry: { coordinates: [number, number] }
  properties: {
    code: string
    name: string
    fullyCovered: boolean
    coverage: Record<
      string,
      { status: string; reason?: string | null; reasonZh?: string | null } | undefined
    >
  }
}

const RED = [0xd7, 0x19, 0x1c]
const GREEN = [0x1a, 0x98, 0x50]

describe.runIf(process.env.TONGCUN_BROWSER === '1')('web planner in Chromium', () => {
  let app: StartedApp
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let page: Page
  const consoleErrors: string[] = []
  const requests: string[] = []
  let topCode = ''
  let topName = ''
  let rulesetId = ''
  let coverage: CoverageFeature[] = []

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${app.url}${path}`)
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  /** Projects a lng/lat to a pixel and lists the village codes drawn there. */
  async function villagesAt(lngLat: [number, number]) {
    return page.evaluate((target) => {
      const map = window.__tongcunMap!
      const point = map.project(target)
      const box: [[number, number], [number, number]] = [
        [point.x - 3, point.y - 3],
        [point.x + 3, point.y + 3],
      ]
      return {
        point: [point.x, point.y],
        codes: map
          .queryRenderedFeatures(box, { layers: ['villages-circle'] })
          .map((f) => f.properties.code as string),
      }
    }, lngLat)
  }

  /** Mean RGB of a 3x3 block of the map canvas around a village's seat. */
  async function colourAt(lngLat: [number, number]) {
    return page.evaluate((target) => {
      const map = window.__tongcunMap!
      const point = map.project(target)
      const ratio = window.devicePixelRatio
      const source = map.getCanvas()
      const copy = document.createElement('canvas')
      copy.width = source.width
      copy.height = source.height
      const ctx = copy.getContext('2d')!
      ctx.drawImage(source, 0, 0)
      const data = ctx.getImageData(
        Math.round(point.x * ratio) - 1,
        Math.round(point.y * ratio) - 1,
        3,
        3,
      ).data
      const rgb = [0, 0, 0]
      for (let i = 0; i < 9; i++) for (let c = 0; c < 3; c++) rgb[c]! += data[i * 4 + c]! / 9
      return rgb.map(Math.round)
    }, lngLat)
  }

  const near = (rgb: number[], expected: number[], tolerance = 40) =>
    rgb.every((value, i) => Math.abs(value - expected[i]!) <= tolerance)

  async function waitForIdle() {
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = window.__tongcunMap!
          if (map.loaded() && !map.isMoving()) {
            // A repaint may still be pending after a style change: wait for the next idle if one comes.
            map.once('idle', () => resolve())
            map.triggerRepaint()
          } else map.once('idle', () => resolve())
        }),
    )
  }

  beforeAll(async () => {
    app = await startApp()
    const top = await api<{ features: Array<{ properties: { code: string; name: string } }> }>(
      '/api/admin',
    )
    topCode = top.features[0]!.properties.code
    topName = top.features[0]!.properties.name
    const rulesets = await api<unknown>('/api/rulesets')
    const list = (
      Array.isArray(rulesets)
        ? rulesets
        : ((rulesets as { rulesets?: unknown[]; items?: unknown[] }).rulesets ??
          (rulesets as { items?: unknown[] }).items ??
          [])
    ) as Array<{ id: string }>
    rulesetId = (list.find((r) => r.id === 'policy-2015') ?? list[0])!.id
    coverage = (
      await api<{ features: CoverageFeature[] }>(
        `/api/coverage?admin=${topCode}&ruleset=${rulesetId}`,
      )
    ).features

    browser = await launchBrowser()
    page = browser.context.pages()[0] ?? (await browser.context.newPage())
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`))
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(app.url)
    await page.waitForFunction(() => window.__tongcunFirstPaintMs !== undefined, null, {
      timeout: 120_000,
    })
    const paintMs = await page.evaluate(() => window.__tongcunFirstPaintMs!)
    // Second load: server and browser cache warm (the first includes the server's first coverage run).
    await page.reload()
    await page.waitForFunction(() => window.__tongcunFirstPaintMs !== undefined, null, {
      timeout: 120_000,
    })
    const warmMs = await page.evaluate(() => window.__tongcunFirstPaintMs!)
    console.log(
      `[e2e] first map paint (navigation start → idle with villages drawn), sample region: ` +
        `${Math.round(paintMs)} ms cold server, ${Math.round(warmMs)} ms on reload`,
    )
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('draws the villages: a known village is rendered at its projected pixel', async () => {
    const bounds = await page.evaluate(() => window.__tongcunMap!.getBounds().toArray())
    const inView = coverage.filter(
      ({
        geometry: {
          coordinates: [lng, lat],
        },
      }) =>
        lng > bounds[0]![0]! &&
        lng < bounds[1]![0]! &&
        lat > bounds[0]![1]! &&
        lat < bounds[1]![1]!,
    )
    expect(inView.length).toBeGreaterThan(coverage.length * 0.9)
    for (const village of inView.slice(0, 5)) {
      const hit = await villagesAt(village.geometry.coordinates)
      expect(hit.codes, `village ${village.properties.code} at ${hit.point}`).toContain(
        village.properties.code,
      )
    }
  })

  it('switching the network recolours the villages', async () => {
    // A village fully covered on roads but not on everything: red under "full", green under "road".
    const village = coverage.find(
      (f) => !f.properties.fullyCovered && f.properties.coverage.road?.status === 'covered',
    )
    expect(
      village,
      'sample region has a village covered by road but not fully covered',
    ).toBeDefined()
    await page.selectOption('[data-testid=network-select]', 'full')
    await waitForIdle()
    const before = await page.evaluate(() =>
      JSON.stringify(window.__tongcunMap!.getPaintProperty('villages-circle', 'circle-color')),
    )
    expect(before).toContain('fully_covered')
    const colourFull = await colourAt(village!.geometry.coordinates)

    await page.selectOption('[data-testid=network-select]', 'road')
    await waitForIdle()
    const after = await page.evaluate(() =>
      JSON.stringify(window.__tongcunMap!.getPaintProperty('villages-circle', 'circle-color')),
    )
    expect(after).toContain('cov_road')
    const colourRoad = await colourAt(village!.geometry.coordinates)
    expect(near(colourFull, RED), `full-coverage colour ${colourFull}`).toBe(true)
    expect(near(colourRoad, GREEN), `road colour ${colourRoad}`).toBe(true)
    // The tiles carry the same status the coverage API reports.
    const statuses = await page.evaluate((code) => {
      const map = window.__tongcunMap!
      return map
        .querySourceFeatures('tongcun', {
          sourceLayer: 'villages',
          filter: ['==', ['get', 'code'], code],
        })
        .map((f) => f.properties.cov_road)
    }, village!.properties.code)
    expect(statuses[0]).toBe('covered')
    await page.selectOption('[data-testid=network-select]', 'full')
  })

  it('clicking a gap village in the gap list opens its card with the reason sentence', async () => {
    await page.click('[data-testid=tab-coverage]')
    const row = page.locator('[data-testid=gap-row]').first()
    await row.waitFor({ timeout: 60_000 })
    const code = (await row.getAttribute('data-code'))!
    await row.click()
    const card = page.locator('[data-testid=village-card]')
    await card.waitFor()
    const expected = coverage.find((f) => f.properties.code === code)!
    const gapNetworks = Object.entries(expected.properties.coverage).filter(
      ([, r]) => r && r.status !== 'covered' && r.status !== 'not-assessed',
    )
    expect(gapNetworks.length).toBeGreaterThan(0)
    const [network, result] = gapNetworks[0]!
    const reason = card.locator(`li[data-network=${network}] [data-testid=coverage-reason]`)
    await reason.waitFor({ timeout: 30_000 })
    // The page is in zh-CN: the Chinese sentence is shown.
    expect((await reason.textContent())?.trim()).toBe((result!.reasonZh ?? result!.reason)?.trim())
    expect((await card.locator('h2').textContent())?.trim()).toBe(expected.properties.name)
    // The map highlights the village.
    await waitForIdle()
    const filter = await page.evaluate(() => window.__tongcunMap!.getFilter('villages-selected'))
    expect(filter).toEqual(['==', ['get', 'code'], code])
  })

  it('projector mode hides the chrome and shows the legend and the title block', async () => {
    await page
      .locator('body')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => undefined)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('P')
    await page.locator('[data-testid=title-block]').waitFor()
    expect(await page.locator('[data-testid=sidebar]').isVisible()).toBe(false)
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    expect(await page.locator('[data-testid=village-card]').count()).toBe(0)
    expect(await page.locator('[data-testid=legend]').isVisible()).toBe(true)
    const title = (await page.locator('[data-testid=title-block]').textContent()) ?? ''
    expect(title).toContain(topName)
    expect(await page.locator('[data-testid=legend]').textContent()).toContain('图例')
    const fontSize = await page
      .locator('[data-testid=legend] li')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(fontSize).toBeGreaterThanOrEqual(18)
    await page.click('[data-testid=exit-projector]')
    await page.locator('[data-testid=sidebar]').waitFor()
  })

  it('saves a view as a slide and steps back to it with the arrow keys in projector mode', async () => {
    await page.click('[data-testid=tab-slides]')
    const saved = await page.evaluate(() => ({ zoom: window.__tongcunMap!.getZoom() }))
    await page.fill('[data-testid=projector-panel] input', '全省概览')
    await page.click('[data-testid=projector-panel] form button[type=submit]')
    await page.evaluate(() =>
      window.__tongcunMap!.jumpTo({ zoom: window.__tongcunMap!.getZoom() + 2 }),
    )
    expect(await page.evaluate(() => localStorage.getItem('tongcun.slides'))).toContain('全省概览')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('P')
    await page.keyboard.press('ArrowRight')
    await page.locator('[data-testid=title-block] h1', { hasText: '全省概览' }).waitFor()
    const zoom = await page.evaluate(() => window.__tongcunMap!.getZoom())
    expect(zoom).toBeCloseTo(saved.zoom, 3)
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=sidebar]').waitFor()
  })

  it('exports the view as a PNG of the requested pixel size and DPI', async () => {
    await page.click('[data-testid=tab-slides]')
    await page.fill('[data-testid=export-width]', '800')
    await page.fill('[data-testid=export-height]', '600')
    await page.fill('[data-testid=export-dpi]', '144')
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('[data-testid=export-png]'),
    ])
    const png = readFileSync((await download.path())!)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(800)
    expect(png.readUInt32BE(20)).toBe(600)
    const phys = png.indexOf(Buffer.from('pHYs'))
    expect(phys).toBeGreaterThan(0)
    expect(png.readUInt32BE(phys + 4)).toBe(Math.round(144 / 0.0254))
  })

  it('renders Chinese text with the bundled font, served from our origin', async () => {
    const fontReady = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Sans SC"', '通村')
      return document.fonts.check('16px "Noto Sans SC"', '通村')
    })
    expect(fontReady).toBe(true)
    const fontRequests = requests.filter((url) => /noto-sans-sc.*\.woff2/.test(url))
    expect(fontRequests.length).toBeGreaterThan(0)
    for (const url of fontRequests) expect(url.startsWith(`${app.url}/`)).toBe(true)
    const mapFonts = await page.evaluate(() =>
      JSON.stringify(window.__tongcunMap!.getStyle()['font-faces'] ?? null),
    )
    expect(mapFonts).toContain(`${app.url}/assets/noto-sans-sc`)
    expect(await page.evaluate(() => window.__tongcunMap!.getStyle().glyphs)).toBeUndefined()
    // Nothing at all was requested from another origin.
    const foreign = requests.filter(
      (url) =>
        !url.startsWith(`${app.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
    )
    expect(foreign).toEqual([])
  })

  it('drills down province → city → county → township → village: the village opens and the map zooms to it', async () => {
    await page.click('[data-testid=tab-coverage]')
    const panel = page.locator('[data-testid=admin-panel]')
    const villageButtons = panel.locator('[data-testid=admin-village]')
    // Follow the first child at each level until a township lists its villages.
    for (let level = 0; level < 5 && (await villageButtons.count()) === 0; level++) {
      const before = (await panel.locator('[data-testid=admin-name]').textContent()) ?? ''
      const child = panel.locator('ul.children button').first()
      await child.waitFor({ timeout: 30_000 })
      const name = ((await child.textContent()) ?? '').trim()
      await child.click()
      await page.waitForFunction(
        ([previous, expected]) => {
          const heading = document.querySelector('[data-testid=admin-name]')?.textContent ?? ''
          return heading !== previous && heading.includes(expected!)
        },
        [before, name],
        { timeout: 30_000 },
      )
      await Promise.race([
        villageButtons.first().waitFor({ timeout: 10_000 }),
        panel.locator('ul.children button').first().waitFor({ timeout: 10_000 }),
      ]).catch(() => undefined)
    }
    expect(await panel.locator('[data-testid=admin-name] small').textContent()).toBe('乡镇级')
    const township = (await panel.locator('[data-testid=admin-name] + code').textContent())!.trim()
    const listed = await villageButtons.evaluateAll((buttons) =>
      buttons.map((b) => (b as HTMLElement).dataset.code!),
    )
    // Exactly the township's villages (by code prefix, from the coverage API), in code order.
    const expected = coverage
      .map((f) => f.properties.code)
      .filter((code) => code.startsWith(township.slice(0, 9)))
      .sort()
    expect(listed).toEqual(expected)

    const target = coverage.find((f) => f.properties.code === listed[0])!
    await villageButtons.first().click()
    const card = page.locator('[data-testid=village-card]')
    await card.waitFor()
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid=village-card] h2')?.textContent === name,
      target.properties.name,
    )
    await page.waitForFunction(
      () => window.__tongcunMap!.getZoom() >= 11.99 && !window.__tongcunMap!.isMoving(),
    )
    await waitForIdle()
    const view = await page.evaluate(() => {
      const map = window.__tongcunMap!
      return { center: map.getCenter().toArray(), zoom: map.getZoom() }
    })
    expect(view.zoom).toBeGreaterThanOrEqual(11.99)
    expect(Math.abs(view.center[0]! - target.geometry.coordinates[0])).toBeLessThan(1e-3)
    expect(Math.abs(view.center[1]! - target.geometry.coordinates[1])).toBeLessThan(1e-3)
    const hit = await villagesAt(target.geometry.coordinates)
    expect(hit.codes).toContain(target.properties.code)
  })

  it('a decision saved in the village card reaches the map tiles', async () => {
    const card = page.locator('[data-testid=village-card]')
    const code = await page.evaluate(() => {
      const map = window.__tongcunMap!
      const center = map.project(map.getCenter())
      return map.queryRenderedFeatures(
        [
          [center.x - 3, center.y - 3],
          [center.x + 3, center.y + 3],
        ],
        { layers: ['villages-circle'] },
      )[0]?.properties.code as string | undefined
    })
    expect(code).toBeDefined()
    const decisionInTiles = () =>
      page.evaluate(
        (village) =>
          window
            .__tongcunMap!.querySourceFeatures('tongcun', {
              sourceLayer: 'villages',
              filter: ['==', ['get', 'code'], village],
            })
            .map((f) => f.properties.decision ?? null),
        code!,
      )
    const before = await decisionInTiles()
    expect(before.length).toBeGreaterThan(0)
    const next = before[0] === 'confirmed' ? 'declined' : 'confirmed'
    const select = card.locator('[data-testid=decision-select]')
    await select.waitFor({ timeout: 60_000 })
    await select.selectOption(next)
    await card.locator('text=已保存').waitFor({ timeout: 30_000 })
    // The API stored it…
    const stored = await api<{ decision: { decision: string } | null }>(
      `/api/villages/${code}/decision`,
    )
    expect(stored.decision?.decision).toBe(next)
    // …and the map refetched its tiles: the village's tile feature carries the new decision.
    await page.waitForFunction(
      ([village, wanted]) => {
        const features = window.__tongcunMap!.querySourceFeatures('tongcun', {
          sourceLayer: 'villages',
          filter: ['==', ['get', 'code'], village!],
        })
        return features.length > 0 && features.every((f) => f.properties.decision === wanted)
      },
      [code!, next],
      { timeout: 30_000 },
    )
    expect(requests.some((url) => /\/api\/tiles\/.*[?&]rev=1/.test(url))).toBe(true)
  })

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([])
  })
})
