/**
 * Deterministic synthetic region generator: the committed sample county and the benchmark-size
 * province / national sets. Same seed and scale → byte-identical output (see `serializeCollection`).
 */
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import type {
  AdminUnitCollection,
  FacilityCollection,
  HazardCollection,
  NetworkLineCollection,
  NetworkLineProperties,
  ServiceAreaProperties,
  SiteCollection,
  VillageCollection,
} from '@tongcun/domain'
import { generateLarge } from './large'
import { createRng } from './prng'
import { generateSample } from './sample'

export type Scale = 'sample' | 'province' | 'national'
export const SCALES: readonly Scale[] = ['sample', 'province', 'national']

/** Lines and service-area polygons of one network (water and broadband files hold both). */
export type NetworkLayerCollection = FeatureCollection<
  LineString | MultiLineString | Polygon | MultiPolygon,
  NetworkLineProperties | ServiceAreaProperties
>

export interface GeneratedRegion {
  admin: AdminUnitCollection
  villages: VillageCollection
  road: NetworkLineCollection
  water: NetworkLayerCollection
  power: NetworkLineCollection
  broadband: NetworkLayerCollection
  facilities: FacilityCollection
  sites: SiteCollection
  hazards: HazardCollection
}

export const LAYER_NAMES = [
  'admin',
  'villages',
  'road',
  'water',
  'power',
  'broadband',
  'facilities',
  'sites',
  'hazards',
] as const satisfies readonly (keyof GeneratedRegion)[]
export type LayerName = (typeof LAYER_NAMES)[number]

export const DEFAULT_SEED = 20151129

export interface GenerateOptions {
  /** Any 32-bit integer. The committed sample uses DEFAULT_SEED (20151129). */
  seed: number
  scale: Scale
  /** Province/national only: override the number of villages (for quick tests). */
  villageCount?: number
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a)
    const kb = key(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  }
}

/** Sorts every collection by its id (admin units and villages by code) in place and returns the region. */
export function sortRegion(region: GeneratedRegion): GeneratedRegion {
  region.admin.features.sort(byKey((f) => f.properties.code))
  region.villages.features.sort(byKey((f) => f.properties.code))
  region.road.features.sort(byKey((f) => f.properties.id))
  region.water.features.sort(byKey((f) => f.properties.id))
  region.power.features.sort(byKey((f) => f.properties.id))
  region.broadband.features.sort(byKey((f) => f.properties.id))
  region.facilities.features.sort(byKey((f) => f.properties.id))
  region.sites.features.sort(byKey((f) => f.properties.id))
  region.hazards.features.sort(byKey((f) => f.properties.id))
  return region
}

/**
 * Generates a synthetic region in memory. Coordinates are WGS84 `[lng, lat]` rounded to 6 decimals;
 * properties follow the domain model exactly; features are sorted by id (admin units/villages by code).
 * - `sample`: one fictional county, 300 villages, ~0.1 s.
 * - `province`: ~50,000 villages in ~100 counties over ~500 x 400 km.
 * - `national`: ~700,000 villages in 31 provinces.
 * @example generateRegion({ seed: 1, scale: 'sample' }).villages.features.length // 300
 */
export function generateRegion(options: GenerateOptions): GeneratedRegion {
  if (!Number.isInteger(options.seed))
    throw new RangeError(`seed must be an integer, got ${options.seed}`)
  const rng = createRng(options.seed)
  if (options.scale === 'sample') {
    const { admin, content } = generateSample(rng)
    return sortRegion({
      admin: { type: 'FeatureCollection', features: admin },
      villages: { type: 'FeatureCollection', features: content.villages },
      road: { type: 'FeatureCollection', features: content.road },
      water: { type: 'FeatureCollection', features: content.water },
      power: { type: 'FeatureCollection', features: content.power },
      broadband: { type: 'FeatureCollection', features: content.broadband },
      facilities: { type: 'FeatureCollection', features: content.facilities },
      sites: { type: 'FeatureCollection', features: content.sites },
      hazards: { type: 'FeatureCollection', features: content.hazards },
    })
  }
  return sortRegion(generateLarge(rng, options.scale, options.villageCount))
}

/**
 * Stable text form of a collection: one feature per line (diff-friendly), keys in construction order,
 * trailing newline. Byte-identical for identical input.
 */
export function serializeCollection(collection: { features: readonly object[] }): string {
  const lines = collection.features.map((f) => JSON.stringify(f))
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`
}
