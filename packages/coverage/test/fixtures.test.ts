/**
 * Turf-style fixtures: each `test/in/<case>.geojson` holds villages, lines, facilities and service
 * areas plus `options` ({ ruleset, villageCrs?, expect }). The output (input features in blue,
 * village results in red) must equal `test/out/<case>.geojson`; `REGEN=1` rewrites the outputs.
 * `options.expect` holds statuses written by hand from the scenario, checked independently of the
 * stored output.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type {
  FacilityFeature,
  NetworkLineFeature,
  RegionData,
  ServiceAreaFeature,
  VillageFeature,
} from '@tongcun/domain'
import { gcj02ToWgs84 } from '@tongcun/spatial'
import type { Feature } from 'geojson'
import { describe, expect, it } from 'vitest'
import { assessCoverage, findBuiltInRuleSet, toCoverageFeatureCollection } from '../src/index'

const here = new URL('.', import.meta.url).pathname
const inDir = join(here, 'in')
const outDir = join(here, 'out')

interface FixtureOptions {
  ruleset: string
  villageCrs?: 'GCJ02'
  expect?: Record<string, Record<string, string>>
}

function loadFixture(name: string): {
  options: FixtureOptions
  features: Feature[]
  region: RegionData
} {
  const fixture = JSON.parse(readFileSync(join(inDir, name), 'utf8')) as {
    options: FixtureOptions
    features: Feature[]
  }
  const region: RegionData = {
    villages: [],
    lines: [],
    facilities: [],
    serviceAreas: [],
    sites: [],
    hazards: [],
  }
  for (const feature of fixture.features) {
    const props = (feature.properties ?? {}) as Record<string, unknown>
    const type = feature.geometry?.type
    if (typeof props.code === 'string') {
      const village = structuredClone(feature) as VillageFeature
      // Import-time conversion, as the importer does for a file declared GCJ-02.
      if (fixture.options.villageCrs === 'GCJ02') {
        village.geometry.coordinates = gcj02ToWgs84(village.geometry.coordinates)
      }
      region.villages.push(village)
    } else if (type === 'LineString' || type === 'MultiLineString')
      region.lines.push(feature as NetworkLineFeature)
    else if (type === 'Point') region.facilities.push(feature as FacilityFeature)
    else region.serviceAreas.push(feature as ServiceAreaFeature)
  }
  return { options: fixture.options, features: fixture.features, region }
}

function roundCoordinates(value: unknown): unknown {
  if (Array.isArray(value)) {
    return typeof value[0] === 'number'
      ? value.map((n: number) => Math.round(n * 1e6) / 1e6)
      : value.map(roundCoordinates)
  }
  return value
}

function styled(feature: Feature, colour: string): Feature {
  const geometry = feature.geometry
  const point = geometry?.type === 'Point'
  return {
    ...feature,
    geometry:
      geometry && 'coordinates' in geometry
        ? ({ ...geometry, coordinates: roundCoordinates(geometry.coordinates) } as typeof geometry)
        : geometry,
    properties: {
      ...feature.properties,
      ...(point ? { 'marker-color': colour } : { stroke: colour, 'stroke-width': 3 }),
    },
  }
}

const cases = readdirSync(inDir)
  .filter((name) => name.endsWith('.geojson'))
  .sort()

describe('coverage fixtures', () => {
  it.each(cases)('%s', (name) => {
    const { options, features, region } = loadFixture(name)
    const ruleset = findBuiltInRuleSet(options.ruleset)
    expect(ruleset, `unknown rule set ${options.ruleset}`).toBeDefined()
    if (!ruleset) return
    const result = assessCoverage(region, ruleset)
    const inputs = features.filter(
      (f) => typeof (f.properties as { code?: unknown }).code !== 'string',
    )
    const output = {
      type: 'FeatureCollection',
      features: [
        ...inputs.map((f) => styled(f, '#0000ff')),
        ...toCoverageFeatureCollection(result).features.map((f) => styled(f, '#ff0000')),
      ],
    }
    const text = `${JSON.stringify(output, null, 2)}\n`
    const outPath = join(outDir, name)
    if (process.env.REGEN) writeFileSync(outPath, text)
    expect(text).toBe(readFileSync(outPath, 'utf8'))
    for (const [code, networks] of Object.entries(options.expect ?? {})) {
      const village = result.villages.find((v) => v.code === code)
      expect(village, `village ${code}`).toBeDefined()
      for (const [network, status] of Object.entries(networks)) {
        expect(village?.coverage[network as 'road'].status, `${code} ${network}`).toBe(status)
      }
    }
  })
})
