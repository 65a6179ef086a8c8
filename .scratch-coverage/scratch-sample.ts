import { readFileSync } from 'node:fs'
import type { RegionData } from '@tongcun/domain'
import { assessCoverage, BUILT_IN_RULESETS, estimateJointCost } from '../packages/coverage/src/index'

const read = (name: string) => JSON.parse(readFileSync(`geodata/sample/${name}.geojson`, 'utf8')).features
const lineish = [...read('road'), ...read('water'), ...read('power'), ...read('broadband')]
const region: RegionData = {
  villages: read('villages'),
  lines: lineish.filter((f: any) => f.geometry.type.includes('LineString')),
  facilities: read('facilities'),
  serviceAreas: lineish.filter((f: any) => f.geometry.type.includes('Polygon')),
  sites: [],
  hazards: [],
}
console.log('villages', region.villages.length, 'lines', region.lines.length, 'facilities', region.facilities.length, 'areas', region.serviceAreas.length)
for (const rs of BUILT_IN_RULESETS) {
  const t = performance.now()
  const result = assessCoverage(region, rs)
  console.log(rs.id, (performance.now() - t).toFixed(0), 'ms', JSON.stringify(result.summary))
  const jc = estimateJointCost(result, rs)
  console.log('joint', jc.villages, jc.separateSpursCost, jc.jointTreeCost)
  for (const n of ['road', 'bus', 'water', 'power', 'broadband'] as const) {
    const ex = result.villages.filter((v) => v.coverage[n].status !== 'covered').slice(0, 2)
    for (const v of ex) console.log(n, v.code, v.coverage[n].status, v.coverage[n].distanceM, v.coverage[n].networkDistanceM, v.coverage[n].reason, '|', v.coverage[n].reasonZh, v.coverage[n].costToClose)
  }
}
