/**
 * `stringifyCoverageGeoJson` yields, in pieces, exactly the bytes of the whole collection
 * stringified at once. The reference collection is written out here member by member (the shape
 * the API and CLI have always sent), independently of the package's own builders.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { CoverageResult } from '@tongcun/domain'
import type { Feature } from 'geojson'
import { describe, expect, it } from 'vitest'
import { COVERAGE_NETWORKS } from '@tongcun/domain'
import {
  assessCoverage,
  computeCoverage,
  findCoverageBbox,
  summariseCoverage,
  stringifyCoverageGeoJson,
  toCoverageFeatureCollection,
} from '../src/index'
import { builtIn, createRegion, createVillage, loadSampleRegion, toRegion } from './helpers'

const here = new URL('.', import.meta.url).pathname
const inDir = join(here, 'in')

/** The coverage GeoJSON written out by hand: members and their order as clients receive them. */
function stringifyReference(result: CoverageResult): string {
  const lngs = result.villages.map((v) => v.position[0])
  const lats = result.villages.map((v) => v.position[1])
  const collection = {
    type: 'FeatureCollection',
    ...(result.villages.length > 0
      ? { bbox: [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)] }
      : {}),
    properties: { ruleset: result.ruleset, summary: result.summary },
    features: result.villages.map((v) => ({
      type: 'Feature',
      id: `village:${v.code}`,
      geometry: { type: 'Point', coordinates: v.position },
      properties: {
        code: v.code,
        name: v.name,
        township_code: v.township_code,
        county_code: v.county_code,
        population: v.population,
        poor_people: v.poor_people,
        terrain: v.terrain,
        coverage: v.coverage,
        fullyCovered: v.fullyCovered,
      },
    })),
  }
  return JSON.stringify(collection)
}

const countFeatures = (text: string) => text.split('{"type":"Feature",').length - 1

/** Checks the pieces against both references and against the batch size. */
function expectSameBytes(result: CoverageResult, featuresPerChunk?: number): string[] {
  const options = featuresPerChunk === undefined ? {} : { featuresPerChunk }
  const chunks = [...stringifyCoverageGeoJson(result, options)]
  const expected = stringifyReference(result)
  expect(chunks.join('')).toBe(expected)
  expect(chunks.join('')).toBe(JSON.stringify(toCoverageFeatureCollection(result)))
  const perChunk = featuresPerChunk ?? 16
  const n = result.villages.length
  // Head, ceil(n / perChunk) batches, tail; full batches except possibly the last.
  expect(chunks.length).toBe(2 + Math.ceil(n / perChunk))
  expect(countFeatures(chunks[0] ?? '')).toBe(0)
  expect(chunks.at(-1)).toBe(']}')
  chunks.slice(1, -1).forEach((chunk, i) => {
    expect(countFeatures(chunk)).toBe(Math.min(perChunk, n - i * perChunk))
    expect(chunk.startsWith(i === 0 ? '{' : ',{')).toBe(true)
  })
  return chunks
}

describe('stringifyCoverageGeoJson', () => {
  it.each(['policy-2015', 'rai-2km'])(
    'yields the sample region (geodata/sample) byte for byte under %s',
    (rulesetId) => {
      const result = assessCoverage(loadSampleRegion(), builtIn(rulesetId))
      expect(result.villages.length).toBe(300)
      for (const perChunk of [undefined, 1, 7, 299, 300, 301]) expectSameBytes(result, perChunk)
      // The default batch holds 16 villages: head, 19 batches, tail.
      expect([...stringifyCoverageGeoJson(result)]).toHaveLength(21)
    },
  )

  it.each(readdirSync(inDir).filter((name) => name.endsWith('.geojson')))(
    'yields the fixture %s byte for byte',
    (name) => {
      const fixture = JSON.parse(readFileSync(join(inDir, name), 'utf8')) as {
        options: { ruleset: string }
        features: Feature[]
      }
      const result = assessCoverage(toRegion(fixture.features), builtIn(fixture.options.ruleset))
      expect(result.villages.length).toBeGreaterThan(0)
      expectSameBytes(result)
      expectSameBytes(result, 1)
    },
  )

  it('yields a result with no village as head and tail, without bbox', () => {
    const result = assessCoverage(createRegion({}), builtIn('policy-2015'))
    expect(result.villages).toHaveLength(0)
    const chunks = expectSameBytes(result)
    expect(chunks).toHaveLength(2)
    const parsed = JSON.parse(chunks.join('')) as Record<string, unknown>
    expect(Object.keys(parsed)).toEqual(['type', 'properties', 'features'])
    expect(parsed.features).toEqual([])
    expect(findCoverageBbox(result)).toBeUndefined()
  })

  it('keeps nulls, absent members, escapes and -0 exactly as JSON.stringify writes them', () => {
    const region = createRegion({
      villages: [
        createVillage('110101001001', [116.4, 39.9], { population: null, poor_people: null }),
        createVillage('110101001002', [-0, 0], { name: '"引号" \\ 反斜杠 \u2028 😀 \uD800' }),
        createVillage('110101001003', [116.40000049, 39.9000005], { name: '</script>' }),
      ],
    })
    const assessed = assessCoverage(region, builtIn('rai-2km'))
    // A stored result may lack an optional member: both forms leave it out.
    const result: CoverageResult = {
      ...assessed,
      villages: assessed.villages.map((v, i) =>
        i === 2 ? { ...v, poor_people: undefined as unknown as null } : v,
      ),
    }
    for (const perChunk of [undefined, 1, 2]) expectSameBytes(result, perChunk)
    const text = [...stringifyCoverageGeoJson(result)].join('')
    expect(text).toContain('"population":null,"poor_people":null')
    // JSON.stringify leaves U+2028 raw and escapes a lone surrogate.
    expect(text).toContain('\u2028')
    expect(text).toContain('\\ud800')
    expect(text).not.toContain('"poor_people":undefined')
    // The bbox keeps the seat's -0 in memory; JSON writes it as 0, in both forms.
    expect(findCoverageBbox(result)).toEqual([-0, 0, 116.4, 39.900001])
    expect(text.startsWith('{"type":"FeatureCollection","bbox":[0,0,116.4,39.900001],')).toBe(true)
  })

  it('rejects a batch size that is not a positive integer', () => {
    const result = assessCoverage(createRegion({}), builtIn('policy-2015'))
    for (const featuresPerChunk of [0, -1, 1.5, Number.NaN]) {
      expect(() => [...stringifyCoverageGeoJson(result, { featuresPerChunk })]).toThrow(RangeError)
    }
  })
})

describe('computeCoverage (columns, villages described on demand)', () => {
  it.each(['policy-2015', 'rai-2km'])(
    'streams the same bytes as the described result and counts the same summary under %s',
    (rulesetId) => {
      const region = loadSampleRegion()
      const table = computeCoverage(region, builtIn(rulesetId))
      const result = assessCoverage(region, builtIn(rulesetId))
      expect([...stringifyCoverageGeoJson(table, { featuresPerChunk: 37 })].join('')).toBe(
        stringifyReference(result),
      )
      expect(findCoverageBbox(table)).toEqual(findCoverageBbox(result))
      // The table's summary is counted from its columns; this one from the described villages.
      expect(table.summary).toEqual(summariseCoverage(result.villages))
      expect(table.size).toBe(result.villages.length)
      result.villages.forEach((village, i) => {
        expect(table.code(i)).toBe(village.code)
        expect(table.position(i)).toEqual(village.position)
        expect(table.fullyCovered(i)).toBe(village.fullyCovered)
        for (const network of COVERAGE_NETWORKS)
          expect(table.status(i, network)).toBe(village.coverage[network].status)
      })
    },
  )
})
