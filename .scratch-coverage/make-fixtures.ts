import { writeFileSync } from 'node:fs'
import { geodesicDestination, wgs84ToGcj02 } from '../packages/spatial/src/index'

const r6 = (p: number[]) => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7]
const dest = (o: number[], az: number, d: number) => r6(geodesicDestination(o, az, d))
let n = 0
function village(code: string, name: string, at: number[], extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: {
      code, name, township_code: code.slice(0, 9) + '000', county_code: code.slice(0, 6) + '000000',
      city_code: code.slice(0, 4) + '00000000', province_code: code.slice(0, 2) + '0000000000',
      population: 800 + 100 * n++, households: 200, poor_households: 30, poor_people: 90 + n, poverty_causes: [],
      elevation_m: 900, slope_deg: 12, land_per_person_mu: 1.1, income_per_person_cny: 3000, flags: [], ...extra,
    },
  }
}
function line(id: string, network: string, cls: string, coords: number[][] | number[][][], extra: Record<string, unknown> = {}) {
  const multi = Array.isArray((coords[0] as number[][])[0])
  return {
    type: 'Feature',
    geometry: { type: multi ? 'MultiLineString' : 'LineString', coordinates: coords },
    properties: { id, network, name: null, class: cls, surface: null, voltage_kv: null, status: 'existing', completion_year: null, ...extra },
  }
}
function facility(id: string, network: string, kind: string, at: number[], extra: Record<string, unknown> = {}) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { id, network, kind, name: null, status: 'existing', ...extra } }
}
function write(name: string, description: string, options: Record<string, unknown>, features: unknown[]) {
  const fc = { type: 'FeatureCollection', description, options, features }
  writeFileSync(`packages/coverage/test/in/${name}.geojson`, JSON.stringify(fc, null, 2) + '\n')
}
const o = [104.5, 28.0]
const north = (p: number[], d: number) => dest(p, 0, d)
const east = (p: number[], d: number) => dest(p, 90, d)
const countyRoad = (id = 'road:county') => line(id, 'road', 'county', [north(o, -3000), o, north(o, 3000)], { surface: 'asphalt', name: '县道 X101' })

write('threshold-exact', 'Villages at 499.5 m, exactly 500 m and 500.6 m from a surfaced county road (policy-2015 road limit 500 m): distance ≤ limit is covered, after rounding to 0.1 m.', { ruleset: 'policy-2015', expect: { '590100001001': { road: 'covered' }, '590100001002': { road: 'covered' }, '590100001003': { road: 'gap' } } }, [
  countyRoad(),
  village('590100001001', '内侧村', east(north(o, 1000), 499.5)),
  village('590100001002', '临界村', east(o, 500)),
  village('590100001003', '外侧村', east(north(o, -1000), 500.6)),
])

const stubStart = east(north(o, 2000), 1500)
write('disconnected-stub', 'A cement village road stub 100 m from village 1 that touches nothing: it does not count, the county road 1.6 km away does. Village 2 sits by a cement village road joined to the county road.', { ruleset: 'policy-2015', expect: { '590100002001': { road: 'gap' }, '590100002002': { road: 'covered' } } }, [
  countyRoad(),
  line('road:stub', 'road', 'village', [stubStart, north(stubStart, 800)], { surface: 'cement', name: '孤立硬化路' }),
  village('590100002001', '孤段村', east(north(stubStart, 400), 100)),
  line('road:link', 'road', 'village', [north(o, -1500), east(north(o, -1500), 1200), east(north(o, -1700), 2000)], { surface: 'cement', name: '连通村道' }),
  village('590100002002', '连通村', east(north(o, -1700), 2150)),
])

const gravelStart = north(o, 1000)
write('gravel-road', 'Village 200 m from a gravel village road joined to the county road, 3.4 km from the surfaced county road: the gravel road does not count under policy-2015 but does under rai-2km (all-season).', { ruleset: 'policy-2015', expect: { '590100003001': { road: 'gap' } } }, [
  countyRoad(),
  line('road:gravel', 'road', 'village', [gravelStart, east(gravelStart, 1600), east(gravelStart, 3200)], { surface: 'gravel', name: '砂石村道' }),
  village('590100003001', '砂石村', north(east(gravelStart, 3400), 30)),
])

const plannedEnd = east(north(o, 500), 2500)
write('planned-segment', 'Village 2.6 km from the county road; a planned cement village road (completion 2027) from the county road ends 100 m from it: covered-when-planned 2027. Under-construction fibre (2026) near a second village.', { ruleset: 'policy-2015', expect: { '590100004001': { road: 'covered-when-planned' } } }, [
  countyRoad(),
  line('road:planned', 'road', 'village', [north(o, 500), east(north(o, 500), 1200), plannedEnd], { surface: 'cement', status: 'planned', completion_year: 2027, name: '规划通村路' }),
  village('590100004001', '规划村', east(plannedEnd, 100)),
])

const partA = [north(o, 2500), east(north(o, 2500), 900)]
const partBStart = east(north(o, -2500), 1500)
const partB = [partBStart, north(partBStart, 600)]
write('multi-part-line', 'One MultiLineString cement road: part 1 starts on the county road, part 2 is 1.5 km away and touches nothing. Village 1 by part 1 is covered; village 2 by part 2 is not (connectivity is per part).', { ruleset: 'policy-2015', expect: { '590100005001': { road: 'covered' }, '590100005002': { road: 'gap' } } }, [
  countyRoad(),
  line('road:multi', 'road', 'village', [partA, partB], { surface: 'cement', name: '两段村道' }),
  village('590100005001', '前段村', north(east(north(o, 2500), 900), 150)),
  village('590100005002', '后段村', east(north(partBStart, 300), 120)),
])

const trueSeat = east(o, 450)
const gcj = wgs84ToGcj02(trueSeat)
write('gcj02-village', 'A village seat given in GCJ-02 (as copied from an online map), 450 m east of the county road in WGS84. Converted to WGS84 on import it is covered; read as WGS84 it would sit several hundred metres further east.', { ruleset: 'policy-2015', villageCrs: 'GCJ02', expect: { '590100006001': { road: 'covered' } } }, [
  countyRoad(),
  village('590100006001', '火星村', r6(gcj)),
])
console.log('gcj offset', gcj, trueSeat)
