import { describe, expect, it } from 'vitest'
import type { SitingResult } from '@tongcun/domain'
import { listOf, toAdminUnit, toRollup } from '../api/endpoints'
import type { CoverageCollection } from '../api/types'
import { toTileSource } from '../app'
import { gapRowsOf, sortGapRows } from './coverage/gap-list'
import { crc32 } from './projector/export-view'
import { loadSlides, saveSlides, SLIDES_KEY, stepSlide, type Slide } from './projector/slides'
import { buildSolutionOverlay, summarizeSolution } from './sites/solution-overlay'
import { toOutlineOverlay } from './clusters/relocation-panel'

const coverage: CoverageCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [101.1, 25.1] },
      properties: {
        code: '530102001001',
        name: '甲村',
        population: 800,
        coverage: {
          road: {
            status: 'gap',
            distanceM: 3400,
            costToClose: 500000,
            reason: 'nearest surfaced road 3.4 km',
          },
          water: { status: 'covered', distanceM: 10 },
        },
        fullyCovered: false,
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [101.2, 25.2] },
      properties: {
        code: '530102002001',
        name: '乙村',
        population: 300,
        coverage: {
          road: { status: 'covered-when-planned', distanceM: 900, costToClose: 0 },
          power: { status: 'gap', distanceM: 1500, costToClose: 90000 },
        },
        fullyCovered: false,
      },
    },
  ],
}

describe('gap rows', () => {
  it('lists every non-covered (village, network) pair', () => {
    const rows = gapRowsOf(coverage, 'all')
    expect(rows.map((r) => `${r.code}/${r.network}/${r.status}`).sort()).toEqual([
      '530102001001/road/gap',
      '530102002001/power/gap',
      '530102002001/road/covered-when-planned',
    ])
    expect(gapRowsOf(coverage, 'water')).toEqual([])
    expect(rows.find((r) => r.network === 'power')?.townshipCode).toBe('530102002000')
  })

  it('sorts by a column either way, ties by code', () => {
    const rows = gapRowsOf(coverage, 'all')
    expect(sortGapRows(rows, 'costToClose', true).map((r) => r.costToClose)).toEqual([
      500000, 90000, 0,
    ])
    expect(sortGapRows(rows, 'distanceM', false).map((r) => r.distanceM)).toEqual([900, 1500, 3400])
    expect(sortGapRows(rows, 'name', false).map((r) => r.name)).toEqual(
      ['乙村', '乙村', '甲村'].sort((a, b) => a.localeCompare(b)),
    )
  })
})

describe('API answers', () => {
  it('reads lists from arrays, FeatureCollections and wrapped objects', () => {
    expect(listOf([1, 2])).toEqual([1, 2])
    expect(listOf({ type: 'FeatureCollection', features: [3] })).toEqual([3])
    expect(listOf({ rulesets: [4] }, 'rulesets')).toEqual([4])
    expect(listOf(null)).toEqual([])
  })

  it('reads admin units from features', () => {
    expect(
      toAdminUnit({
        type: 'Feature',
        geometry: null,
        properties: {
          code: '530102000000',
          name: '县',
          level: 'county',
          parent_code: '530100000000',
        },
      }),
    ).toEqual({ code: '530102000000', name: '县', level: 'county', parentCode: '530100000000' })
  })

  it('reads roll-up units: percentages 0..100 become shares', () => {
    const row = toRollup({
      code: '530102000000',
      name: '县',
      level: 'county',
      villages: 10,
      fullyCoveredPct: 40,
      attained: false,
      costToClose: 1000,
      networks: { road: { coveredPct: 90, gap: 1, gapPoorPeople: 5, costToClose: 10 } },
    })
    expect(row.fullCoverageShare).toBeCloseTo(0.4)
    expect(row.networks.road).toEqual({
      coveredShare: 0.9,
      gapVillages: 1,
      poorInGap: 5,
      costToClose: 10,
    })
    expect(row.attained).toBe(false)
    // 1% is 0.01, not 100%.
    expect(toRollup({ code: 'x', fullyCoveredPct: 1 }).fullCoverageShare).toBeCloseTo(0.01)
    expect(
      toRollup({ code: 'x', networks: { road: { coveredPct: null } } }).networks.road?.coveredShare,
    ).toBe(null)
  })

  it('makes tile URLs absolute and keeps the rule set', () => {
    const source = toTileSource(
      { tiles: ['/api/tiles/{z}/{x}/{y}.pbf'], maxzoom: 12 },
      'policy-2015',
      'http://127.0.0.1:9000',
    )
    expect(source.tiles).toEqual([
      'http://127.0.0.1:9000/api/tiles/{z}/{x}/{y}.pbf?ruleset=policy-2015',
    ])
    expect(source.maxzoom).toBe(12)
    const kept = toTileSource(
      { tiles: ['http://h/api/tiles/{z}/{x}/{y}.pbf?ruleset=rai-2km'] },
      'rai-2km',
      'http://x',
    )
    expect(kept.tiles).toEqual(['http://x/api/tiles/{z}/{x}/{y}.pbf?ruleset=rai-2km'])
    const versioned = toTileSource(
      { tiles: ['http://localhost:1/api/tiles/{z}/{x}/{y}.pbf?v=abc'] },
      'policy-2015',
      'http://127.0.0.1:2',
    )
    expect(versioned.tiles).toEqual([
      'http://127.0.0.1:2/api/tiles/{z}/{x}/{y}.pbf?v=abc&ruleset=policy-2015',
    ])
    // After a decision is saved the revision goes on the URLs, so the browser refetches.
    const revised = toTileSource(
      { tiles: ['http://localhost:1/api/tiles/{z}/{x}/{y}.pbf?v=abc'] },
      'policy-2015',
      'http://127.0.0.1:2',
      2,
    )
    expect(revised.tiles).toEqual([
      'http://127.0.0.1:2/api/tiles/{z}/{x}/{y}.pbf?v=abc&ruleset=policy-2015&rev=2',
    ])
  })
})

describe('overlays', () => {
  it('flags clusters that cross any boundary', () => {
    const overlay = toOutlineOverlay(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
            properties: { id: 0, crossesTownship: true },
          },
          {
            type: 'Feature',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
            properties: { id: 1, crossesTownship: false },
          },
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [0, 0] },
            properties: { id: 2 },
          },
        ],
      },
      (id) => `C${id}`,
    )
    expect(
      overlay.features.map((f) => [f.properties?.label, f.properties?.crosses_boundary]),
    ).toEqual([
      ['C0', true],
      ['C1', false],
    ])
  })

  it('draws a site solution: allocation lines, loads against capacity, uncovered villages', () => {
    const result: SitingResult = {
      status: 'optimal',
      objectiveKind: 'p-median',
      objective: 1,
      lowerBound: 1,
      upperBound: 1,
      gap: 0,
      open: ['s1'],
      assignment: { 'village:v1': 's1', 'village:v2': { s1: 0.5 } },
      uncovered: ['village:v3'],
      seconds: 0,
      method: 'exact',
    }
    const inputs = {
      villages: new Map([
        ['v1', { lngLat: [1, 1] as [number, number], households: 10, population: 40 }],
        ['v2', { lngLat: [2, 2] as [number, number], households: 20, population: 80 }],
        ['v3', { lngLat: [3, 3] as [number, number], households: 5, population: 20 }],
      ]),
      sites: new Map([['s1', { lngLat: [0, 0] as [number, number], capacity: 100 }]]),
    }
    const overlay = buildSolutionOverlay(result, inputs)
    const byRole = (role: string) => overlay.features.filter((f) => f.properties?.role === role)
    expect(byRole('allocation')).toHaveLength(2)
    expect(byRole('site')[0]?.properties).toMatchObject({ capacity: 100, used: 20 })
    expect(byRole('uncovered')[0]?.geometry).toEqual({ type: 'Point', coordinates: [3, 3] })
    expect(summarizeSolution(result, inputs)).toEqual({ peopleMoved: 80, sitesUsed: 1, slack: 80 })
  })
})

describe('slides', () => {
  it('round-trips through storage and steps with clamping', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    }
    const slide = {
      id: 's1',
      title: 'T',
      view: { center: [1, 2], zoom: 3, bearing: 0, pitch: 0 },
    } as Slide
    saveSlides([slide], storage)
    expect(JSON.parse(store.get(SLIDES_KEY)!)).toHaveLength(1)
    expect(loadSlides(storage)).toEqual([slide])
    store.set(SLIDES_KEY, 'not json')
    expect(loadSlides(storage)).toEqual([])
    expect(stepSlide(null, 1, 3)).toBe(0)
    expect(stepSlide(null, -1, 3)).toBe(2)
    expect(stepSlide(2, 1, 3)).toBe(2)
    expect(stepSlide(0, -1, 3)).toBe(0)
    expect(stepSlide(0, 1, 0)).toBe(null)
  })
})

describe('PNG chunk checksum', () => {
  it('matches the CRC-32 of the IEND chunk type', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082)
  })
})
