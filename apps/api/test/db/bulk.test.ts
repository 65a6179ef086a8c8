/**
 * The bulk select of analyses (`selectInKeyRanges`, WKB geometry) against the API's plain selects
 * (one protocol row per feature, geometry as PostGIS GeoJSON text), on both engines: same features,
 * same order, whatever the range size; and the WKB reader against `ST_AsGeoJSON` of the same
 * geometry, every geometry type, both byte orders.
 */
import type { Geometry } from 'geojson'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assessCoverage,
  computeCoverage,
  COVERAGE_READS,
  stringifyCoverageGeoJson,
} from '@tongcun/coverage'
import { selectInKeyRanges } from '../../src/db/queries/bulk'
import {
  selectNetworkLinesAttributes,
  selectVillagesAttributes,
  toNetworkLineFeature,
  toVillageFeature,
} from '../../src/db/queries/features'
import { listLayerFeatures } from '../../src/db/queries/layers'
import { loadRegionData } from '../../src/db/queries/region'
import { listVillages } from '../../src/db/queries/villages'
import { readWkbSequence } from '../../src/db/wkb'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'
import { builtIn, decidedByAreas } from '../helpers/rulesets'

/** GeoJSON as `asSimplifiedGeoJson` hands it over: a Multi* of one part as that part. */
function simplified(geometry: Geometry): Geometry {
  if (geometry.type === 'MultiPoint' && geometry.coordinates.length === 1)
    return { type: 'Point', coordinates: geometry.coordinates[0]! }
  if (geometry.type === 'MultiLineString' && geometry.coordinates.length === 1)
    return { type: 'LineString', coordinates: geometry.coordinates[0]! }
  if (geometry.type === 'MultiPolygon' && geometry.coordinates.length === 1)
    return { type: 'Polygon', coordinates: geometry.coordinates[0]! }
  return geometry
}

const WKT = [
  'POINT(102.123456789 25.5)',
  'LINESTRING(102 25, 102.5 25.25, 103.000000001 26)',
  'POLYGON((100 20, 101 20, 101 21, 100 21, 100 20), (100.2 20.2, 100.4 20.2, 100.4 20.4, 100.2 20.2))',
  'MULTIPOINT((1 2))',
  'MULTIPOINT((1 2), (3 4))',
  'MULTILINESTRING((0 0, 1 1))',
  'MULTILINESTRING((0 0, 1 1), (2 2, 3 3, 4 5))',
  'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))',
  'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.1 5.1, 5.2 5.1, 5.2 5.2, 5.1 5.1)))',
  'LINESTRING(-179.999999999999 -89.5, 179.999999999999 89.5)',
]

describe.each(testEngines())('bulk selects on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('reads WKB in either byte order as PostGIS writes the same geometry as GeoJSON', async () => {
    for (const order of ['NDR', 'XDR']) {
      const { rows } = await sql<{ wkb: Uint8Array; geojson: string }>`SELECT
          ST_AsBinary(g, ${order}) AS wkb, ST_AsGeoJSON(g, 15) AS geojson
        FROM unnest(${WKT}::text[]) WITH ORDINALITY AS t(wkt, n), ST_GeomFromText(wkt, 4326) AS g
        ORDER BY n`.execute(database.db)
      expect(rows).toHaveLength(WKT.length)
      // One run of every value, as string_agg hands them over.
      const joined = Buffer.concat(rows.map((row) => Buffer.from(row.wkb)))
      const read = readWkbSequence(joined)
      expect(read).toEqual(rows.map((row) => simplified(JSON.parse(row.geojson) as Geometry)))
    }
  })

  it('rejects WKB it does not understand with the reason', () => {
    // A 3-D point (ISO type 1001) and a truncated LineString.
    const pointZ = Buffer.from('01e9030000' + '00'.repeat(24), 'hex')
    expect(() => readWkbSequence(pointZ)).toThrow(/unsupported WKB geometry type 1001/)
    const truncated = Buffer.from('010200000002000000' + '00'.repeat(20), 'hex')
    expect(() => readWkbSequence(truncated)).toThrow(RangeError)
  })

  it('selects the same villages and lines as the plain selects, whatever the range size', async () => {
    const plainVillages = await listVillages(database.db)
    const plainRoads = await listLayerFeatures(database.db, 'road')
    expect(plainVillages.length).toBeGreaterThan(100)
    for (const rangeRows of [1, 7, 299, 300, 301, 8192]) {
      const villages = await selectInKeyRanges(
        database.db,
        {
          attributes: selectVillagesAttributes(database.db),
          key: 'village.code',
          geometry: 'village.geom',
        },
        toVillageFeature,
        { rangeRows },
      )
      // The sample's coordinates have at most 6 decimals: full precision reads the same numbers.
      expect(villages).toEqual(plainVillages)
      const roads = await selectInKeyRanges(
        database.db,
        {
          attributes: selectNetworkLinesAttributes(database.db).where(
            'network_line.network',
            '=',
            'road',
          ),
          key: 'network_line.id',
          geometry: 'network_line.geom',
        },
        toNetworkLineFeature,
        { rangeRows },
      )
      expect(roads).toEqual(plainRoads)
    }
  })

  it('loadRegionData returns every layer as the plain selects do', async () => {
    const region = await loadRegionData(database.db)
    expect(region.villages).toEqual(await listVillages(database.db))
    // Lines come from four layer selects: compare in one (JavaScript) order on both sides.
    const byId = (a: { id?: string | number }, b: { id?: string | number }) =>
      String(a.id) < String(b.id) ? -1 : 1
    const lines = (
      await Promise.all(
        (['road', 'water', 'power', 'broadband'] as const).map((layer) =>
          listLayerFeatures(database.db, layer),
        ),
      )
    ).flat()
    expect(lines.length).toBeGreaterThan(100)
    expect([...region.lines].sort(byId)).toEqual(lines.sort(byId))
    expect(region.facilities).toEqual(await listLayerFeatures(database.db, 'facilities'))
    expect(region.serviceAreas).toEqual(await listLayerFeatures(database.db, 'service-areas'))
    expect(region.sites).toEqual(await listLayerFeatures(database.db, 'sites'))
    expect(region.hazards).toEqual(await listLayerFeatures(database.db, 'hazards'))
    expect(region.sites.length).toBeGreaterThan(0)
    expect(region.hazards.length).toBeGreaterThan(0)
  })

  it('forCoverage leaves out what coverage does not read, and coverage is the same byte for byte', async () => {
    const full = await loadRegionData(database.db)
    const lean = await loadRegionData(database.db, { forCoverage: true })
    // It does leave things out (or the comparison below would prove nothing)…
    expect(lean.sites).toEqual([])
    expect(lean.hazards).toEqual([])
    expect(full.lines.some((line) => line.properties.owner !== null)).toBe(true)
    expect(lean.lines.every((line) => line.properties.owner === null)).toBe(true)
    expect(full.villages.some((village) => village.properties.poverty_causes.length > 0)).toBe(true)
    // …keeps every feature, geometry and read attribute…
    for (const layer of Object.keys(COVERAGE_READS) as (keyof typeof COVERAGE_READS)[]) {
      const columns: readonly string[] = COVERAGE_READS[layer]
      const read = (features: readonly { geometry: unknown; properties: object }[]) =>
        features.map((feature) => [
          feature.geometry,
          columns.map((name) => (feature.properties as Record<string, unknown>)[name]),
        ])
      expect(read(lean[layer])).toEqual(read(full[layer]))
    }
    // …and nothing coverage writes depends on the rest: GeoJSON, every village described (the
    // roll-ups and gap lists are made from these), under rule sets that read different attributes.
    for (const ruleset of [builtIn('policy-2015'), builtIn('rai-2km'), decidedByAreas()]) {
      const geojson = (region: typeof full) =>
        [...stringifyCoverageGeoJson(computeCoverage(region, ruleset))].join('')
      expect(geojson(lean)).toBe(geojson(full))
      expect(JSON.stringify(assessCoverage(lean, ruleset))).toBe(
        JSON.stringify(assessCoverage(full, ruleset)),
      )
    }
  })

  it('refuses to select a column the select does not have', async () => {
    await expect(
      selectInKeyRanges(
        database.db,
        {
          attributes: selectVillagesAttributes(database.db),
          key: 'village.code',
          geometry: 'village.geom',
          only: ['code', 'nmae'],
        },
        toVillageFeature,
      ),
    ).rejects.toThrow(/no column nmae in village\.code's select/)
  })
})
