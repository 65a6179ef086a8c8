/**
 * OpenStreetMap tags → Tongcun layer properties. Applied to GeoJSON files that look like OSM extracts
 * (features with `osm_id`/`osm_type` or ids such as `way/123`). Features a layer has no use for (buildings
 * in a road import, footways, points on a line layer) are skipped with one summarised warning.
 * The mapping table is documented in `README.md`; keep the two in step.
 */
import type { Geometry } from 'geojson'
import type { FacilityKind, ImportLayer, RoadClass, RoadSurface } from '@tongcun/domain'

const OSM_ID = /^(node|way|relation)\/\d+$/

/** The OSM id (`way/123`) of a feature, when it has one. */
export function osmIdOf(featureId: unknown, properties: Record<string, unknown>): string | null {
  for (const candidate of [featureId, properties['@id'], properties['id']]) {
    if (typeof candidate === 'string' && OSM_ID.test(candidate)) return candidate
  }
  const type = properties['osm_type']
  const id = properties['osm_id']
  if (typeof type === 'string' && (typeof id === 'number' || typeof id === 'string'))
    return `${type}/${id}`
  return null
}

/** OSM highway value → road class (null: not a road for rural access — footway, path, steps ...). */
export const OSM_HIGHWAY_CLASS: Record<string, RoadClass> = {
  motorway: 'expressway',
  motorway_link: 'expressway',
  trunk: 'national',
  trunk_link: 'national',
  primary: 'provincial',
  primary_link: 'provincial',
  secondary: 'county',
  secondary_link: 'county',
  tertiary: 'township',
  tertiary_link: 'township',
  unclassified: 'village',
  residential: 'village',
  living_street: 'village',
  track: 'other',
  service: 'other',
  road: 'other',
}

/** OSM surface value → road surface. Missing or unlisted → `unknown`. */
export const OSM_SURFACE: Record<string, RoadSurface> = {
  paved: 'asphalt',
  asphalt: 'asphalt',
  chipseal: 'asphalt',
  concrete: 'cement',
  'concrete:plates': 'cement',
  'concrete:lanes': 'cement',
  paving_stones: 'cement',
  sett: 'cement',
  gravel: 'gravel',
  fine_gravel: 'gravel',
  compacted: 'gravel',
  pebblestone: 'gravel',
  unpaved: 'gravel',
  dirt: 'dirt',
  earth: 'dirt',
  ground: 'dirt',
  mud: 'dirt',
  sand: 'dirt',
  grass: 'dirt',
}

const OSM_PLACES = new Set([
  'village',
  'hamlet',
  'town',
  'isolated_dwelling',
  'locality',
  'neighbourhood',
  'suburb',
])

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null

const isLinear = (geometry: Geometry | null) =>
  geometry?.type === 'LineString' || geometry?.type === 'MultiLineString'
const isAreal = (geometry: Geometry | null) =>
  geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon'
const isPoint = (geometry: Geometry | null) => geometry?.type === 'Point'

/** Highest voltage of an OSM `voltage` tag (`"110000;35000"`, volts) in kilovolts. */
export function osmVoltageKv(value: unknown): number | null {
  const text = str(value)
  if (!text) return null
  const volts = text
    .split(/[;,]/)
    .map((part) => Number(part.trim()))
    .filter((volt) => Number.isFinite(volt) && volt > 0)
  return volts.length === 0 ? null : Math.max(...volts) / 1000
}

function lifecycle(
  tags: Record<string, unknown>,
  key: string,
): { value: string | null; status: 'existing' | 'under-construction' | 'planned' } {
  const value = str(tags[key])
  if (value === 'construction')
    return { value: str(tags['construction']), status: 'under-construction' }
  if (value === 'proposed') return { value: str(tags['proposed']), status: 'planned' }
  return { value, status: 'existing' }
}

function commonName(tags: Record<string, unknown>) {
  return {
    name: str(tags['name:zh']) ?? str(tags['name']),
    name_en: str(tags['name:en']),
  }
}

/**
 * Maps one OSM-tagged feature to layer properties, or says why the feature is skipped.
 * `id` becomes `osm:<type>/<id>`; `source` records OpenStreetMap (ODbL).
 */
export function mapOsmFeature(
  layer: ImportLayer,
  osmId: string | null,
  tags: Record<string, unknown>,
  geometry: Geometry | null,
): { properties: Record<string, unknown> } | { skip: string } {
  const id = osmId ? `osm:${osmId}` : null
  const source = 'OpenStreetMap (ODbL)'
  const { name, name_en } = commonName(tags)
  switch (layer) {
    case 'road': {
      const { value, status } = lifecycle(tags, 'highway')
      if (!value) return { skip: 'no highway tag' }
      if (!isLinear(geometry)) return { skip: 'highway feature that is not a line' }
      const roadClass = OSM_HIGHWAY_CLASS[value]
      if (!roadClass) return { skip: `highway=${value} is not a vehicle road` }
      const surface = OSM_SURFACE[str(tags['surface']) ?? ''] ?? 'unknown'
      return {
        properties: {
          id,
          name: name ?? str(tags['ref']),
          class: roadClass,
          surface,
          status,
          owner: str(tags['operator']),
          source,
        },
      }
    }
    case 'power': {
      const { value, status } = lifecycle(tags, 'power')
      if (value !== 'line' && value !== 'minor_line' && value !== 'cable')
        return { skip: 'not a power=line/minor_line/cable' }
      if (!isLinear(geometry)) return { skip: 'power line that is not a line' }
      const voltageKv = osmVoltageKv(tags['voltage'])
      const transmission = value === 'line' && (voltageKv === null || voltageKv >= 35)
      return {
        properties: {
          id,
          name,
          class: transmission ? 'transmission' : 'distribution',
          voltage_kv: voltageKv,
          status,
          owner: str(tags['operator']),
          source,
        },
      }
    }
    case 'water': {
      const isWaterPipe = str(tags['man_made']) === 'pipeline' && str(tags['substance']) === 'water'
      if (!isWaterPipe)
        return {
          skip: 'not a man_made=pipeline with substance=water (rivers are not supply mains)',
        }
      if (!isLinear(geometry)) return { skip: 'pipeline that is not a line' }
      return {
        properties: {
          id,
          name,
          class: 'main',
          status: 'existing',
          owner: str(tags['operator']),
          source,
        },
      }
    }
    case 'broadband': {
      const isFibre = str(tags['telecom']) === 'line' || str(tags['communication']) === 'line'
      if (!isFibre) return { skip: 'not a telecom=line' }
      if (!isLinear(geometry)) return { skip: 'telecom line that is not a line' }
      return {
        properties: {
          id,
          name,
          class: 'fibre',
          status: 'existing',
          owner: str(tags['operator']),
          source,
        },
      }
    }
    case 'facilities': {
      let kind: FacilityKind | null = null
      if (
        str(tags['highway']) === 'bus_stop' ||
        (str(tags['public_transport']) && str(tags['bus']) === 'yes')
      )
        kind = 'bus-stop'
      else if (str(tags['man_made']) === 'water_works') kind = 'water-plant'
      else if (str(tags['power']) === 'substation') kind = 'substation'
      else if (str(tags['telecom']) === 'exchange') kind = 'backbone-node'
      else if (
        (str(tags['man_made']) === 'mast' || str(tags['man_made']) === 'tower') &&
        (str(tags['tower:type']) === 'communication' ||
          str(tags['communication:mobile_phone']) === 'yes')
      )
        kind = 'cell-site'
      if (!kind)
        return { skip: 'no bus stop / water works / substation / exchange / mobile mast tags' }
      if (!isPoint(geometry)) return { skip: 'facility that is not a point' }
      return {
        properties: { id, name, kind, status: 'existing', owner: str(tags['operator']), source },
      }
    }
    case 'villages': {
      const place = str(tags['place'])
      const isTownhall = str(tags['amenity']) === 'townhall'
      if (!(place && OSM_PLACES.has(place)) && !isTownhall)
        return { skip: 'no place=village/hamlet/town/... or amenity=townhall tag' }
      if (!isPoint(geometry)) return { skip: 'place that is not a point' }
      return {
        properties: {
          code: str(tags['code']) ?? str(tags['ref']),
          name,
          name_en,
          population: str(tags['population']),
          elevation_m: str(tags['ele']),
          flags: ['osm'],
        },
      }
    }
    case 'admin': {
      if (str(tags['boundary']) !== 'administrative')
        return { skip: 'not a boundary=administrative' }
      if (!isAreal(geometry)) return { skip: 'administrative boundary that is not a polygon' }
      return { properties: { code: str(tags['code']), name, name_en } }
    }
    case 'sites':
    case 'hazards':
      return { skip: `OpenStreetMap has no tags for the ${layer} layer` }
  }
}
