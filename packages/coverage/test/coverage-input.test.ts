/**
 * The packed input of a worker thread (`packCoverageInput`) and the split run (`createCoverageRun`):
 * networks assessed on an unpacked copy and lifted back must give the table that one thread gives,
 * byte for byte, whichever networks go where.
 */
import { COVERAGE_NETWORKS } from '@tongcun/domain'
import type { CoverageNetwork, RegionData, RuleSet } from '@tongcun/domain'
import { describe, expect, it } from 'vitest'
import {
  computeCoverage,
  createCoverageRun,
  liftFindings,
  packCoverageInput,
  stringifyCoverageGeoJson,
  unpackCoverageInput,
  UnpackableInputError,
} from '../src/index'
import type { CoverageTable, NetworkFindings } from '../src/index'
import { builtIn, createLine, createRegion, createVillage, loadSampleRegion } from './helpers'

const text = (table: CoverageTable) => [...stringifyCoverageGeoJson(table)].join('')
/** The layers sorted as a run sorts them (what packCoverageInput takes). */
const layersOf = (region: RegionData) => createCoverageRun(region, builtIn('policy-2015')).layers

/** The analysis with `away` assessed by a second run on the packed and unpacked input. */
function splitRun(region: RegionData, ruleset: RuleSet, away: CoverageNetwork[]): CoverageTable {
  const run = createCoverageRun(region, ruleset)
  const { input, rows } = packCoverageInput(run.layers, ruleset, away)
  // A structured clone, as postMessage makes it.
  const other = createCoverageRun(unpackCoverageInput(structuredClone(input)), ruleset)
  const theirs: NetworkFindings[] = away.map((network) => other.assessNetwork(network))
  liftFindings(theirs, rows)
  const ours = run.networks.filter((n) => !away.includes(n)).map((n) => run.assessNetwork(n))
  return run.finish([...theirs, ...ours])
}

describe('packCoverageInput and a split CoverageRun', () => {
  // Water and broadband decided by service areas and cell sites (lines count only within 1 m), so
  // that covering areas and cell sites (rows the lift maps) decide many villages.
  const policy = builtIn('policy-2015')
  const byAreas: RuleSet = {
    ...policy,
    water: policy.water ? { ...policy.water, maxDistanceM: 1 } : null,
    broadband: policy.broadband
      ? { ...policy.broadband, maxDistanceM: 1, countCellSites: true }
      : null,
  }

  it.each([
    ['policy-2015', policy],
    ['rai-2km', builtIn('rai-2km')],
    ['policy-2015, water and broadband by areas and cell sites', byAreas],
  ])('gives the one-thread table byte for byte on the sample region (%s)', (_, ruleset) => {
    const region = loadSampleRegion()
    const expected = text(computeCoverage(region, ruleset))
    const networks = createCoverageRun(region, ruleset).networks
    // Every network elsewhere alone, all but road elsewhere, and all elsewhere.
    const splits: CoverageNetwork[][] = [
      ...networks.map((network) => [network]),
      networks.filter((n) => n !== 'road'),
      [...networks],
    ]
    for (const away of splits) expect(text(splitRun(region, ruleset, away))).toBe(expected)
  })

  it('exercises what the lift must map: areas and cell sites that cover villages', () => {
    const region = loadSampleRegion()
    const run = createCoverageRun(region, byAreas)
    const water = run.assessNetwork('water')
    const broadband = run.assessNetwork('broadband')
    // Guards the test above: with no such village it would prove nothing about the lift.
    expect(water.today.coveredBy.some((by) => by === 1)).toBe(true)
    expect(broadband.today.coveredBy.some((by) => by === 2)).toBe(true)
  })

  it('packs only the facilities and service areas the networks can use', () => {
    const region = loadSampleRegion()
    const { input, rows } = packCoverageInput(layersOf(region), policy, ['road'])
    expect(input.facilities.count).toBe(0)
    expect(input.serviceAreas.count).toBe(0)
    expect(input.lines.count).toBe(
      region.lines.filter((l) => l.properties.network === 'road').length,
    )
    const bus = packCoverageInput(layersOf(region), policy, ['bus'])
    const stops = region.facilities.filter((f) => f.properties.kind === 'bus-stop').length
    expect(bus.input.facilities.count).toBe(stops)
    expect(bus.rows.facilities.length).toBe(stops)
    expect(rows.facilities.length).toBe(0)
    const unpacked = unpackCoverageInput(bus.input)
    expect(unpacked.facilities.every((f) => f.properties.kind === 'bus-stop')).toBe(true)
  })

  it('keeps geometry of every kind and null attributes through pack and unpack', () => {
    const region = createRegion({
      villages: [createVillage('110101001001', [116.4, 39.9], { slope_deg: null })],
      lines: [
        createLine('r1', 'road', 'county', [
          [116.4, 39.9],
          [116.41, 39.91],
        ]),
        createLine('r2', 'road', 'village', [
          [
            [116.42, 39.92],
            [116.43, 39.93],
          ],
          [
            [116.44, 39.94],
            [116.45, 39.95],
            [116.46, 39.96],
          ],
        ]),
      ],
    })
    region.serviceAreas.push({
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
            [
              [0.2, 0.2],
              [0.4, 0.2],
              [0.4, 0.4],
              [0.2, 0.2],
            ],
          ],
          [
            [
              [2, 2],
              [3, 2],
              [3, 3],
              [2, 2],
            ],
          ],
        ],
      },
      properties: {
        id: 'a1',
        name: null,
        network: 'road',
        kind: 'water-supply',
        status: 'planned',
        completion_year: 2027,
      },
    } as unknown as RegionData['serviceAreas'][number])
    const { input } = packCoverageInput(layersOf(region), builtIn('policy-2015'), ['road'])
    const back = unpackCoverageInput(structuredClone(input))
    expect(back.villages[0]?.properties).toEqual({ code: '110101001001', slope_deg: null })
    expect(back.villages[0]?.geometry).toEqual(region.villages[0]?.geometry)
    // Lines come back as typed arrays of lng, lat per part (what the analysis reads of them).
    const partsOf = (geometry: unknown): number[][] => {
      const g = geometry as
        | { type: 'FlatLines'; parts: Float64Array[] }
        | { type: 'LineString'; coordinates: number[][] }
        | { type: 'MultiLineString'; coordinates: number[][][] }
      if (g.type === 'FlatLines') return g.parts.map((part) => [...part])
      const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates
      return parts.map((part) => part.flat())
    }
    expect(back.lines.map((l) => l.geometry.type)).toEqual(['FlatLines', 'FlatLines'])
    expect(back.lines.map((l) => partsOf(l.geometry))).toEqual(
      region.lines.map((l) => partsOf(l.geometry)),
    )
    expect(partsOf(back.lines[1]?.geometry)).toHaveLength(2)
    const [r1] = back.lines
    expect(r1?.properties).toEqual({
      id: 'r1',
      network: 'road',
      class: 'county',
      surface: region.lines[0]?.properties.surface ?? null,
      status: region.lines[0]?.properties.status ?? null,
      completion_year: region.lines[0]?.properties.completion_year ?? null,
      voltage_kv: region.lines[0]?.properties.voltage_kv ?? null,
    })
    expect(back.serviceAreas[0]?.geometry).toEqual(region.serviceAreas[0]?.geometry)
    expect(back.serviceAreas[0]?.properties).toEqual({
      id: 'a1',
      network: 'road',
      kind: 'water-supply',
      status: 'planned',
      completion_year: 2027,
    })
  })

  it('refuses what it cannot carry, naming the layer, row and field', () => {
    const region = createRegion({
      villages: [createVillage('110101001001', [116.4, 39.9])],
      lines: [createLine('r\u00001', 'road', 'county', [[116.4, 39.9]])],
    })
    expect(() => packCoverageInput(layersOf(region), builtIn('policy-2015'), ['road'])).toThrow(
      UnpackableInputError,
    )
    expect(() => packCoverageInput(layersOf(region), builtIn('policy-2015'), ['road'])).toThrow(
      'lines[0].id is not a plain string',
    )
    const year = createRegion({
      villages: [createVillage('110101001001', [116.4, 39.9])],
      lines: [
        createLine('r1', 'road', 'county', [[116.4, 39.9]], {
          completion_year: '2027' as unknown as number,
        }),
      ],
    })
    expect(() => packCoverageInput(layersOf(year), builtIn('policy-2015'), ['road'])).toThrow(
      'lines[0].completion_year is not a number',
    )
  })

  it('assesses only the networks of the rule set, and checks the findings it is given', () => {
    const region = loadSampleRegion()
    const run = createCoverageRun(region, builtIn('rai-2km'))
    expect(run.networks).toEqual(['road'])
    expect(() => run.assessNetwork('water')).toThrow('does not assess water')
    expect(() => run.finish([])).toThrow('no findings for road')
    expect(COVERAGE_NETWORKS).toContain('bus')
  })
})
