import type { RegionData } from '@tongcun/domain'
import { generateRegion } from '../geodata/src/index'
import { assessCoverage, BUILT_IN_RULESETS } from '../packages/coverage/src/index'
const g = generateRegion({ seed: 1, scale: 'province', villageCount: Number(process.argv[2] ?? 50000) })
const lineish = [...g.road.features, ...g.water.features, ...g.power.features, ...g.broadband.features] as any[]
const region: RegionData = { villages: g.villages.features, lines: lineish.filter((f) => f.geometry.type.includes('LineString')), facilities: g.facilities.features, serviceAreas: lineish.filter((f) => f.geometry.type.includes('Polygon')), sites: [], hazards: [] }
const rs = BUILT_IN_RULESETS.find((r) => r.id === 'policy-2015')!
for (let rep = 0; rep < 2; rep++) { (globalThis as any).__noexplain = rep === 1
  let last = performance.now(); let lastCpu = process.cpuUsage()
  ;(globalThis as any).__t = (label: string) => { const c = process.cpuUsage(lastCpu); console.log(label.padEnd(20), (performance.now() - last).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'cpu'); last = performance.now(); lastCpu = process.cpuUsage() }
  const t = performance.now(); const c0 = process.cpuUsage()
  assessCoverage(region, rs)
  const c = process.cpuUsage(c0)
  ;(globalThis as any).__t('compose')
  console.log('TOTAL', (performance.now() - t).toFixed(0), 'wall', ((c.user + c.system) / 1000).toFixed(0), 'cpu')
}
