import type { RegionData } from '@tongcun/domain'
import { generateRegion } from '../geodata/src/index'
import { assessCoverage, BUILT_IN_RULESETS } from '../packages/coverage/src/index'

let t = performance.now()
const g = generateRegion({ seed: 1, scale: 'province', villageCount: Number(process.argv[2] ?? 50000) })
console.log('generate', (performance.now() - t).toFixed(0), 'ms')
const lineish = [...g.road.features, ...g.water.features, ...g.power.features, ...g.broadband.features] as any[]
const region: RegionData = {
  villages: g.villages.features,
  lines: lineish.filter((f) => f.geometry.type.includes('LineString')),
  facilities: g.facilities.features,
  serviceAreas: lineish.filter((f) => f.geometry.type.includes('Polygon')),
  sites: [], hazards: [],
}
let segs = 0
for (const l of region.lines) segs += l.geometry.type === 'LineString' ? l.geometry.coordinates.length - 1 : l.geometry.coordinates.reduce((s: number, p: any) => s + p.length - 1, 0)
console.log('villages', region.villages.length, 'lines', region.lines.length, 'segments', segs, 'facilities', region.facilities.length)
const rs = BUILT_IN_RULESETS.find((r) => r.id === 'policy-2015')!
for (let i = 0; i < 1; i++) {
  t = performance.now()
  const c = process.cpuUsage()
  const result = assessCoverage(region, rs)
  const cu = process.cpuUsage(c)
  console.log('assess', (performance.now() - t).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu', JSON.stringify(result.summary.networks.road), result.summary.fullyCoveredPct)
}
import { SegmentIndex } from '../packages/spatial/src/index'
console.log((SegmentIndex as any).stats)
