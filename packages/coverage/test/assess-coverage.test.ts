import {
  geodesicDestination,
  geodesicDistanceM,
  fromUnitVector,
  toUnitVector,
} from '@tongcun/spatial'
import type { Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import {
  assessCoverage,
  estimateJointCost,
  listGapRows,
  rollUpCoverage,
  toCoverageFeatureCollection,
} from '../src/index'
import {
  builtIn,
  createFacility,
  createLine,
  createRandom,
  createRegion,
  createVillage,
  deepFreeze,
} from './helpers'

const origin: Position = [104.5, 28]
const at = (from: Position, azimuth: number, metres: number) =>
  geodesicDestination(from, azimuth, metres)
const countyRoad = () =>
  createLine(
    'road:county',
    'road',
    'county',
    [at(origin, 180, 5000), origin, at(origin, 0, 5000)],
    {
      surface: 'asphalt',
    },
  )

/** Reference distance: golden-section search along each great-circle segment with GeographicLib. */
function bruteForceDistanceM(point: Position, parts: Position[][]): number {
  let best = Infinity
  for (const part of parts) {
    for (let i = 0; i + 1 < part.length; i++) {
      const va = toUnitVector(part[i]?.[0] ?? 0, part[i]?.[1] ?? 0)
      const vb = toUnitVector(part[i + 1]?.[0] ?? 0, part[i + 1]?.[1] ?? 0)
      const f = (t: number) => {
        const v = [0, 1, 2].map((k) => (va[k] ?? 0) * (1 - t) + (vb[k] ?? 0) * t)
        return geodesicDistanceM(point, fromUnitVector(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0))
      }
      let lo = 0
      let hi = 1
      const phi = (Math.sqrt(5) - 1) / 2
      for (let k = 0; k < 40; k++) {
        const m1 = hi - phi * (hi - lo)
        const m2 = lo + phi * (hi - lo)
        if (f(m1) <= f(m2)) hi = m2
        else lo = m1
      }
      best = Math.min(best, f((lo + hi) / 2), f(0), f(1))
    }
  }
  return best
}

describe('assessCoverage', () => {
  it('reports road distances equal to a brute-force geodesic search (random data)', () => {
    const random = createRandom(11)
    const ruleset = builtIn('rai-2km')
    const lines = Array.from({ length: 25 }, (_, i) => {
      let p = at(origin, random() * 360, random() * 20_000)
      const coordinates: Position[] = [p]
      for (let v = 0; v < 4; v++) {
        p = at(p, random() * 360, 200 + random() * 2000)
        coordinates.push(p)
      }
      return createLine(`road:${String(i).padStart(3, '0')}`, 'road', 'village', coordinates, {
        surface: 'cement',
      })
    })
    const villages = Array.from({ length: 60 }, (_, i) =>
      createVillage(
        `5901000${String(i).padStart(5, '0')}`,
        at(origin, random() * 360, random() * 22_000),
      ),
    )
    const result = assessCoverage(createRegion({ villages, lines }), ruleset)
    for (const village of result.villages) {
      const source = villages.find((v) => v.properties.code === village.code)
      const point = source?.geometry.coordinates ?? [0, 0]
      const expected = Math.min(
        ...lines.map((line) =>
          bruteForceDistanceM(point, [line.geometry.coordinates as Position[]]),
        ),
      )
      expect(Math.abs((village.coverage.road.distanceM ?? 0) - expected)).toBeLessThan(1)
      expect(village.coverage.road.status).toBe(expected <= 2000.05 ? 'covered' : 'gap')
    }
  }, 60_000)

  it('never mutates its input and is byte-identical across runs and input orders', () => {
    const villages = [
      createVillage('590100000002', at(origin, 90, 300)),
      createVillage('590100000001', at(origin, 90, 900)),
    ]
    const lines = [
      countyRoad(),
      createLine('road:b', 'road', 'village', [origin, at(origin, 90, 600)], { surface: 'gravel' }),
    ]
    const region = deepFreeze(createRegion({ villages, lines }))
    const ruleset = deepFreeze(builtIn('policy-2015'))
    const first = JSON.stringify(toCoverageFeatureCollection(assessCoverage(region, ruleset)))
    const shuffled = createRegion({
      villages: [...villages].reverse(),
      lines: [...lines].reverse(),
    })
    expect(JSON.stringify(toCoverageFeatureCollection(assessCoverage(shuffled, ruleset)))).toBe(
      first,
    )
    expect(JSON.stringify(toCoverageFeatureCollection(assessCoverage(region, ruleset)))).toBe(first)
  })

  it('gives every village all five networks, not-assessed where the rule set is silent', () => {
    const result = assessCoverage(
      createRegion({
        villages: [createVillage('590100000001', at(origin, 90, 1500))],
        lines: [countyRoad()],
      }),
      builtIn('rai-2km'),
    )
    const coverage = result.villages[0]?.coverage
    expect(Object.keys(coverage ?? {})).toEqual(['road', 'bus', 'water', 'power', 'broadband'])
    expect(coverage?.bus.status).toBe('not-assessed')
    expect(coverage?.road.status).toBe('covered')
    expect(result.villages[0]?.fullyCovered).toBe(true)
  })

  it('measures bus service along the road network, not in a straight line', () => {
    // Village by the county road; the stop is 600 m away across a valley but 3.5 km by road.
    const bend = at(origin, 90, 1750)
    const village = createVillage('590100000001', at(origin, 0, 300))
    const stop = createFacility('bus-stop:1', 'bus-stop', 'road', at(bend, 0, 600))
    const road = createLine('road:loop', 'road', 'village', [origin, bend, at(bend, 0, 600)], {
      surface: 'cement',
    })
    const ruleset = builtIn('policy-2015')
    const result = assessCoverage(
      createRegion({ villages: [village], lines: [countyRoad(), road], facilities: [stop] }),
      ruleset,
    )
    const bus = result.villages[0]?.coverage.bus
    const straight = geodesicDistanceM(village.geometry.coordinates, stop.geometry.coordinates)
    const alongRoad = 300 + 1750 + 600
    expect(bus?.distanceM).toBeCloseTo(straight, 0)
    expect(Math.abs((bus?.networkDistanceM ?? 0) - alongRoad)).toBeLessThan(1)
    expect(bus?.status).toBe('gap')
    expect(bus?.reasonZh).toContain('沿路网')
  })

  it('counts water service areas, power voltage and substation connectivity', () => {
    const seat = at(origin, 90, 3000)
    const village = createVillage('590100000001', seat)
    const area = {
      type: 'Feature' as const,
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            at(seat, 225, 500),
            at(seat, 135, 500),
            at(seat, 45, 500),
            at(seat, 315, 500),
            at(seat, 225, 500),
          ],
        ],
      },
      properties: {
        id: 'water-area:1',
        network: 'water' as const,
        kind: 'water-supply',
        status: 'existing' as const,
      },
    }
    const substation = createFacility('substation:1', 'substation', 'power', origin)
    const lowVoltage = createLine(
      'power:low',
      'power',
      'distribution',
      [origin, at(seat, 0, 200)],
      { voltage_kv: 0.4 },
    )
    const feeder = createLine('power:10kv', 'power', 'distribution', [origin, at(seat, 180, 900)], {
      voltage_kv: 10,
    })
    const result = assessCoverage(
      createRegion({
        villages: [village],
        lines: [lowVoltage, feeder],
        facilities: [substation],
        serviceAreas: [area],
      }),
      builtIn('policy-2015'),
    )
    const coverage = result.villages[0]?.coverage
    expect(coverage?.water.status).toBe('covered')
    expect(coverage?.water.reason).toContain('water-supply area water-area:1')
    expect(coverage?.power.status).toBe('covered')
    expect(coverage?.power.nearestId).toBe('power:10kv')
  })

  it('prices a gap from the rule set: length × route factor × unit cost by terrain', () => {
    const village = createVillage('590100000001', at(origin, 90, 2000), { slope_deg: 20 })
    const ruleset = builtIn('policy-2015')
    const result = assessCoverage(
      createRegion({ villages: [village], lines: [countyRoad()] }),
      ruleset,
    )
    const road = result.villages[0]?.coverage.road
    expect(result.villages[0]?.terrain).toBe('mountain')
    expect(road?.gapLengthM).toBeCloseTo(2000 * ruleset.costs.routeFactor.mountain, 0)
    expect(road?.costToClose).toBe(
      Math.round(((road?.gapLengthM ?? 0) / 1000) * ruleset.costs.perKm.road.mountain),
    )
  })
})

describe('estimateJointCost', () => {
  it('equals a brute-force minimum spanning tree (Kruskal) and never exceeds separate spurs', () => {
    const random = createRandom(5)
    const villages = Array.from({ length: 12 }, (_, i) =>
      createVillage(
        `5901000000${String(i).padStart(2, '0')}`,
        at(at(origin, 90, 4000), random() * 360, random() * 3000),
      ),
    )
    const ruleset = builtIn('policy-2015')
    const result = assessCoverage(createRegion({ villages, lines: [countyRoad()] }), ruleset)
    const joint = estimateJointCost(result, ruleset, 'road')
    // Kruskal over all pairs + the network node, with the same edge costs.
    const gaps = result.villages.filter((v) => v.coverage.road.status === 'gap')
    const perMetre = (v: (typeof gaps)[number]) =>
      (ruleset.costs.routeFactor[v.terrain] * ruleset.costs.perKm.road[v.terrain]) / 1000
    const edges: { a: number; b: number; cost: number }[] = gaps.map((v, i) => ({
      a: i,
      b: gaps.length,
      cost: v.coverage.road.costToClose ?? 0,
    }))
    gaps.forEach((v, i) =>
      gaps.slice(i + 1).forEach((w, k) =>
        edges.push({
          a: i,
          b: i + 1 + k,
          cost: (geodesicDistanceM(v.position, w.position) * (perMetre(v) + perMetre(w))) / 2,
        }),
      ),
    )
    edges.sort((x, y) => x.cost - y.cost)
    const parent = Array.from({ length: gaps.length + 1 }, (_, i) => i)
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] ?? x)))
    let kruskal = 0
    for (const edge of edges) {
      const ra = find(edge.a)
      const rb = find(edge.b)
      if (ra !== rb) {
        parent[ra] = rb
        kruskal += edge.cost
      }
    }
    expect(joint.villages).toBe(gaps.length)
    expect(Math.abs(joint.jointTreeCost - kruskal)).toBeLessThanOrEqual(gaps.length)
    expect(joint.jointTreeCost).toBeLessThanOrEqual(joint.separateSpursCost)
    expect(joint.edges).toHaveLength(gaps.length)
  })
})

describe('rollUpCoverage and listGapRows', () => {
  it('sums villages, people and gaps per township and ranks gaps by poor people', () => {
    const villages = [
      createVillage('590100001001', at(origin, 90, 100), { poor_people: 10 }),
      createVillage('590100001002', at(origin, 90, 3000), { poor_people: 50 }),
      createVillage('590100002001', at(origin, 90, 4000), { poor_people: 80, population: 500 }),
    ]
    const result = assessCoverage(
      createRegion({ villages, lines: [countyRoad()] }),
      builtIn('rai-2km'),
    )
    const units = rollUpCoverage(
      result,
      [{ code: '590100001000', name: '一乡', level: 'township', parent_code: null }],
      'township',
    )
    expect(units.map((u) => u.code)).toEqual(['590100001000', '590100002000'])
    const first = units[0]
    expect(first?.name).toBe('一乡')
    expect(first?.villages).toBe(2)
    expect(first?.networks.road.gap).toBe(1)
    expect(first?.networks.road.gapPoorPeople).toBe(50)
    expect(first?.attained).toBe(false)
    expect(first?.networks.road.coveredPct).toBe(50)
    expect(units[1]?.gaps[0]?.code).toBe('590100002001')
    const county = rollUpCoverage(result, [], 'county')
    expect(county[0]?.gaps.map((g) => g.code)).toEqual(['590100002001', '590100001002'])
    expect(listGapRows(result).map((row) => row.code)).toEqual(['590100001002', '590100002001'])
  })
})
