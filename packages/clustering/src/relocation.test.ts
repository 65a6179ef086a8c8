import { describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import {
  DEFAULT_RELOCATION_PARAMS,
  type HazardFeature,
  type RelocationCoverageInput,
  type SiteFeature,
  type VillageFeature,
  type VillageProperties,
} from '@tongcun/domain'
import { candidateCodes, recommendRelocation, resolveRelocationParams } from './relocation'

function village(
  code: string,
  lng: number,
  lat: number,
  extra: Partial<VillageProperties> = {},
): VillageFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: {
      code,
      name: `V${code.slice(-3)}`,
      township_code: `${code.slice(0, 9)}000`,
      county_code: `${code.slice(0, 6)}000000`,
      city_code: `${code.slice(0, 4)}00000000`,
      province_code: `${code.slice(0, 2)}0000000000`,
      population: 800,
      households: 200,
      poor_households: 20,
      poor_people: 70,
      poverty_causes: [],
      elevation_m: 1200,
      slope_deg: 8,
      land_per_person_mu: 1.5,
      income_per_person_cny: 6000,
      flags: [],
      ...extra,
    },
  }
}

const square = (w: number, s: number, e: number, n: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
})

const hazard: HazardFeature = {
  type: 'Feature',
  // covers the western half of village A's boundary (104.00–104.01 of 104.00–104.02)
  geometry: square(103.99, 25.99, 104.01, 26.03),
  properties: { id: 'hz-1', kind: 'geological', severity: 'high', name: 'Landslide belt' },
}
const floodAtSeat: HazardFeature = {
  type: 'Feature',
  geometry: square(104.195, 26.195, 104.205, 26.205),
  properties: { id: 'hz-2', kind: 'flood', severity: 'low', name: 'Riverside' },
}
const site: SiteFeature = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [104.5, 26.0] },
  properties: {
    id: 'site-1',
    name: 'Town',
    type: 'town',
    status: 'existing',
    capacity_households: 500,
    capacity_people: 2000,
    facilities: [],
  },
}

const villages = [
  village('520102001001', 104.005, 26.01), // A: half in a high geological zone (boundary)
  village('520102001002', 104.2, 26.2), // B: seat in a low flood zone, otherwise fine
  village('520102001003', 104.48, 26.0, { population: 60, slope_deg: 30, land_per_person_mu: 0.2 }), // C: tiny, steep, no land, next to the town
  village('520102001004', 104.3, 26.4, { population: 400 }), // D: expensive in-situ coverage
]
const coverage: RelocationCoverageInput[] = [
  { code: '520102001001', coverage: { road: { status: 'covered', costToClose: 0 } } },
  {
    code: '520102001002',
    coverage: {
      road: { status: 'covered', costToClose: 0 },
      water: { status: 'gap', costToClose: 100_000 },
    },
  },
  // C has no coverage result
  {
    code: '520102001004',
    coverage: {
      road: { status: 'gap', costToClose: 30_000_000 },
      water: { status: 'gap', costToClose: 6_000_000 },
      power: { status: 'covered-when-planned', costToClose: 9e9 },
    },
  },
]
const boundaries = new Map([['520102001001', square(104.0, 26.0, 104.02, 26.02)]])

describe('recommendRelocation', () => {
  const params = resolveRelocationParams(undefined)
  const result = recommendRelocation(villages, coverage, [hazard, floodAtSeat], params, {
    boundaries,
    sites: [site],
  })
  const byCode = new Map(result.map((r) => [r.code, r]))

  it('measures hazard share by boundary area overlap and forces relocation at ≥ 50% of a high geological zone', () => {
    const a = byCode.get('520102001001')
    expect(a?.hazards).toHaveLength(1)
    // the zone covers exactly the western half of the square (equal-width halves on a sphere, within 0.5%)
    expect(a?.hazards[0]?.share).toBeCloseTo(0.5, 2)
    expect(a?.hazards[0]?.basis).toBe('boundary')
    expect(a?.recommendation).toBe('relocate')
    const reason = a?.reasons.find((r) => r.factor === 'hazard')
    expect(reason?.en).toMatch(
      /50% of the village area lies in a high-severity geological hazard zone \(Landslide belt\)/,
    )
    expect(reason?.zh).toMatch(/村域面积的50%位于高风险地质灾害隐患区/)
  })

  it('uses seat-in-zone without a boundary and keeps a safe, cheap village in situ', () => {
    const b = byCode.get('520102001002')
    expect(b?.hazards).toEqual([
      { hazardId: 'hz-2', kind: 'flood', severity: 'low', share: 1, basis: 'seat' },
    ])
    // hazard 0.8 × 0.3 × 1 = 0.24, weighted 0.35 → 0.084; cost 125/60000 → ratio far below 0.5 → 0
    expect(b?.subScores.hazard).toBeCloseTo(0.24, 10)
    expect(b?.subScores.cost).toBe(0)
    expect(b?.inSituCostPerPersonCny).toBeCloseTo(125, 10)
    expect(b?.recommendation).toBe('in-situ')
  })

  it('scores cost per person against resettlement cost, counting only gaps', () => {
    const d = byCode.get('520102001004')
    // (30M + 6M) / 400 people = 90,000 per person; ratio 1.5 → sub-score 1; the planned power line does not count
    expect(d?.inSituCostPerPersonCny).toBeCloseTo(90_000, 6)
    expect(d?.subScores.cost).toBe(1)
    expect(d?.reasons.find((r) => r.factor === 'cost')?.en).toContain(
      '¥90,000 per person (¥36,000,000 in total), 1.50× the resettlement cost of ¥60,000 per person',
    )
  })

  it('combines size, terrain and land; notes missing data; score is the weighted mean of sub-scores', () => {
    const c = byCode.get('520102001003')
    expect(c?.subScores.size).toBe(1) // 60 ≤ 100
    expect(c?.subScores.terrain).toBe(1) // 30° ≥ 25°
    expect(c?.subScores.land).toBe(1) // 0.2 ≤ 0.3
    expect(c?.subScores.cost).toBeNull()
    expect(c?.reasons.some((r) => r.factor === 'data' && /No coverage result/.test(r.en))).toBe(
      true,
    )
    const w = DEFAULT_RELOCATION_PARAMS.weights
    const remoteness = c?.subScores.remoteness ?? 0
    const expected =
      (w.size + w.terrain + w.land + w.remoteness * remoteness) /
      (w.hazard + w.cost + w.size + w.remoteness + w.terrain + w.land)
    expect(c?.score).toBeCloseTo(expected, 10)
    expect(c?.nearestSiteM).toBeGreaterThan(1900) // 0.02° of longitude at 26°N ≈ 2.0 km
    expect(c?.nearestSiteM).toBeLessThan(2100)
    for (const r of c?.reasons ?? []) {
      expect(r.en.length).toBeGreaterThan(10)
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('respects planner decisions: declined never a candidate, confirmed always', () => {
    const decisions = new Map([
      ['520102001001', 'declined' as const],
      ['520102001002', 'confirmed' as const],
    ])
    const decided = recommendRelocation(villages, coverage, [hazard, floodAtSeat], params, {
      boundaries,
      decisions,
    })
    const codes = candidateCodes(decided)
    expect(codes).not.toContain('520102001001')
    expect(codes).toContain('520102001002')
    expect(decided[0]?.recommendation).toBe('relocate') // the tool's view is still shown
    expect(decided[0]?.reasons[0]?.en).toContain('Planner decision: declined')
  })

  it('reads weights and thresholds from the rule set section', () => {
    const strict = resolveRelocationParams({ relocateScore: 0.05, reviewScore: 0.01 })
    const all = recommendRelocation(villages, coverage, [hazard, floodAtSeat], strict, {
      boundaries,
      sites: [site],
    })
    expect(all.every((r) => r.recommendation === 'relocate')).toBe(true)
    expect(() => resolveRelocationParams({ weights: { hazard: -1 } })).toThrow(
      /relocation.weights.hazard/,
    )
    expect(() => resolveRelocationParams({ nonsense: 1 })).toThrow(
      /relocation\.nonsense: unknown field/,
    )
    expect(() => resolveRelocationParams({ size: { tinyPopulation: 900 } })).toThrow(
      'relocation.size.tinyPopulation: must be < relocation.size.smallPopulation (500, the default), got 900',
    )
  })
})
