import { readFileSync } from 'node:fs'
import type {
  FacilityFeature,
  NetworkLineFeature,
  NetworkLineProperties,
  RegionData,
  RuleSet,
  ServiceAreaFeature,
  VillageFeature,
} from '@tongcun/domain'
import type { Feature, FeatureCollection, Position } from 'geojson'
import { findBuiltInRuleSet } from '../src/index'

/** Park–Miller PRNG so the random cases are reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

export function createVillage(
  code: string,
  at: Position,
  extra: Partial<VillageFeature['properties']> = {},
): VillageFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: {
      code,
      name: `村${code.slice(-3)}`,
      township_code: `${code.slice(0, 9)}000`,
      county_code: `${code.slice(0, 6)}000000`,
      city_code: `${code.slice(0, 4)}00000000`,
      province_code: `${code.slice(0, 2)}0000000000`,
      population: 1000,
      households: 250,
      poor_households: 20,
      poor_people: 60,
      poverty_causes: [],
      elevation_m: 800,
      slope_deg: 3,
      land_per_person_mu: null,
      income_per_person_cny: null,
      flags: [],
      ...extra,
    },
  }
}

export function createLine(
  id: string,
  network: NetworkLineProperties['network'],
  cls: string,
  coordinates: Position[] | Position[][],
  extra: Partial<NetworkLineProperties> = {},
): NetworkLineFeature {
  const multi = Array.isArray(coordinates[0]?.[0])
  return {
    type: 'Feature',
    geometry: multi
      ? { type: 'MultiLineString', coordinates: coordinates as Position[][] }
      : { type: 'LineString', coordinates: coordinates as Position[] },
    properties: { id, network, class: cls, status: 'existing', ...extra },
  }
}

export function createFacility(
  id: string,
  kind: FacilityFeature['properties']['kind'],
  network: FacilityFeature['properties']['network'],
  at: Position,
  extra: Partial<FacilityFeature['properties']> = {},
): FacilityFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: { id, kind, network, status: 'existing', ...extra },
  }
}

export function createRegion(parts: Partial<RegionData>): RegionData {
  return {
    villages: [],
    lines: [],
    facilities: [],
    serviceAreas: [],
    sites: [],
    hazards: [],
    ...parts,
  }
}

export function builtIn(id: string): RuleSet {
  const ruleset = findBuiltInRuleSet(id)
  if (!ruleset) throw new Error(`no built-in rule set ${id}`)
  return structuredClone(ruleset)
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

const sampleDir = new URL('../../../geodata/sample/', import.meta.url).pathname

/** Sorts features into the region's parts by what they are (as the importer does). */
export function toRegion(features: Feature[]): RegionData {
  const region = createRegion({})
  for (const feature of features) {
    const props = (feature.properties ?? {}) as Record<string, unknown>
    const type = feature.geometry?.type
    if (typeof props.code === 'string') region.villages.push(feature as VillageFeature)
    else if (type === 'LineString' || type === 'MultiLineString')
      region.lines.push(feature as NetworkLineFeature)
    else if (type === 'Point') region.facilities.push(feature as FacilityFeature)
    else region.serviceAreas.push(feature as ServiceAreaFeature)
  }
  return region
}

/** The committed sample region (`geodata/sample`). */
export function loadSampleRegion(): RegionData {
  const layers = ['villages', 'road', 'water', 'power', 'broadband', 'facilities']
  return toRegion(
    layers.flatMap(
      (layer) =>
        (JSON.parse(readFileSync(`${sampleDir}${layer}.geojson`, 'utf8')) as FeatureCollection)
          .features,
    ),
  )
}
