import { chromium } from 'playwright-core'
import { mkdtempSync } from 'node:fs'
const url = process.argv[2]
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/tcw/ud-'), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--enable-unsafe-swiftshader','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'], viewport: { width: 1400, height: 900 } })
const page = ctx.pages()[0] ?? await ctx.newPage()
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)))
page.on('pageerror', (e) => console.log('pageerror', e.message))
page.on('requestfailed', (r) => console.log('requestfailed', r.url()))
await page.goto(url)
try { await page.waitForFunction(() => window.__tongcunFirstPaintMs !== undefined, null, { timeout: 120000 }) } catch (e) { console.log('no paint', e.message) }
console.log('paint', await page.evaluate(() => window.__tongcunFirstPaintMs))
await page.waitForTimeout(2000)
await page.screenshot({ path: '/tmp/tcw/shot.png' })
if (process.argv[3]) { await page.keyboard.press('p'); await page.waitForTimeout(1500); await page.screenshot({ path: '/tmp/tcw/shot-projector.png' }) }
await ctx.close()
