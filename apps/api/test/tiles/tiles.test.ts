/**
 * Vector tiles on both engines, checked against the sample region files and tile math written here
 * (independent of src/tiles): which villages a tile holds, their attributes and positions, zoom
 * rules, rule-set statuses, TileJSON, errors, caching; on postgres the SQL (`ST_AsMVT`) and JS paths
 * are compared tile by tile.
 */
import fs from 'node:fs'
import path from 'node:path'
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile'
import type { FastifyInstance } from 'fastify'
import type { Feature, FeatureCollection, Point, Position } from 'geojson'
import { sql } from 'kysely'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app'
import { REPO_ROOT } from '../../src/config'
import { invalidateTiles, renderTile } from '../../src/tiles/tile-service'
import type { VillageStatusProvider, VillageTileStatus } from '../../src/tiles/village-status'
import { getCoverage } from '../../src/db/queries/coverage'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

const EXTENT = 4096
const BUFFER = 64

interface SampleVillage {
  code: string
  name: string
  name_en: string | null
  population: number | null
  poor_people: number | null
  households: number | null
  lng: number
  lat: number
}

function readSample(layer: string): FeatureCollection {
  const file = path.join(REPO_ROOT, 'geodata/sample', `${layer}.geojson`)
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection
}

const sampleVillages: SampleVillage[] = readSample('villages').features.map((feature) => {
  const properties = feature.properties as Record<string, unknown>
  const [lng, lat] = (feature.geometry as Point).coordinates as [number, number]
  return {
    code: String(properties.code),
    name: String(properties.name),
    name_en: (properties.name_en as string | null) ?? null,
    population: (properties.population as number | null) ?? null,
    poor_people: (properties.poor_people as number | null) ?? null,
    households: (properties.households as number | null) ?? null,
    lng,
    lat,
  }
})

/** Global pixel position of lng/lat at zoom z, in tile units (4096 per tile): spherical mercator. */
function worldUnits(lng: number, lat: number, z: number): [number, number] {
  const scale = EXTENT * 2 ** z
  const sinLat = Math.sin((lat * Math.PI) / 180)
  const x = ((lng + 180) / 360) * scale
  const y = (0.5 - Math.log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI)) * scale
  return [x, y]
}

function tileContaining(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const [x, y] = worldUnits(lng, lat, z)
  return { z, x: Math.floor(x / EXTENT), y: Math.floor(y / EXTENT) }
}

/** Position of lng/lat inside tile (z, x, y), tile units. */
function localUnits(
  lng: number,
  lat: number,
  tile: { z: number; x: number; y: number },
): [number, number] {
  const [x, y] = worldUnits(lng, lat, tile.z)
  return [x - tile.x * EXTENT, y - tile.y * EXTENT]
}

const LOW = -BUFFER
const HIGH = EXTENT + BUFFER
/** Inside the buffered tile, and how sure: within 1 unit of the buffer edge rounding may decide. */
function bufferMembership([x, y]: [number, number]): 'in' | 'out' | 'edge' {
  const near = (value: number) => Math.abs(value - LOW) <= 1 || Math.abs(value - HIGH) <= 1
  if (near(x) || near(y)) return 'edge'
  return x > LOW && x < HIGH && y > LOW && y < HIGH ? 'in' : 'out'
}

function decode(bytes: Uint8Array): Record<string, VectorTileLayer> {
  return new VectorTile(new PbfReader(bytes)).layers
}

function layerFeatures(layer: VectorTileLayer | undefined) {
  const out = []
  for (let i = 0; layer && i < layer.length; i++) out.push(layer.feature(i))
  return out
}

type TilePoint = { x: number; y: number }

/** Distance from a point to the nearest vertex or segment of decoded parts (rings/lines/points). */
function distanceToParts(point: TilePoint, parts: TilePoint[][]): number {
  let best = Infinity
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const a = part[i]!
      const b = part[i + 1] ?? a
      const dx = b.x - a.x
      const dy = b.y - a.y
      const length2 = dx * dx + dy * dy
      const t =
        length2 === 0
          ? 0
          : Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length2))
      best = Math.min(best, Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy)))
    }
  }
  return best
}

function idOf(properties: Record<string, unknown>): string {
  return String(properties.code ?? properties.id)
}

/** Deterministic fake statuses, computed here from the code (what a coverage engine would provide). */
function fakeStatus(code: string): VillageTileStatus {
  const digit = Number(code.at(-1))
  const road = digit % 2 === 0 ? 'covered' : 'gap'
  const water = digit % 3 === 0 ? 'covered-when-planned' : 'covered'
  return {
    cov_road: road,
    cov_bus: 'covered',
    cov_water: water,
    cov_power: 'covered',
    cov_broadband: digit === 7 ? 'gap' : 'covered',
    fully_covered: road === 'covered' && water === 'covered' && digit !== 7 ? 1 : 0,
  }
}

const fakeProvider: VillageStatusProvider = {
  name: 'coverage',
  fields: {
    cov_road: 'String',
    cov_bus: 'String',
    cov_water: 'String',
    cov_power: 'String',
    cov_broadband: 'String',
    fully_covered: 'Number',
  },
  async load(_database, { rulesetId }) {
    if (rulesetId !== 'fake-rules') throw new Error(`unexpected rule set ${rulesetId}`)
    return new Map(sampleVillages.map((village) => [village.code, fakeStatus(village.code)]))
  },
}

/** Tiles around a spread of villages at several zooms, plus the z6 tile of the first village. */
function testTiles(): { z: number; x: number; y: number }[] {
  const seen = new Set<string>()
  const tiles = []
  for (const [index, z] of [
    [0, 6],
    [0, 9],
    [40, 10],
    [80, 11],
    [120, 12],
    [160, 12],
    [200, 13],
    [240, 14],
  ] as const) {
    const village = sampleVillages[index]!
    const tile = tileContaining(village.lng, village.lat, z)
    const key = `${tile.z}/${tile.x}/${tile.y}`
    if (!seen.has(key)) tiles.push(tile)
    seen.add(key)
  }
  return tiles
}

describe.each(testEngines())('vector tiles on %s', (engine) => {
  let database: Database
  let app: FastifyInstance

  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database)
    invalidateTiles(database)
    app = await buildApp({ database })
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  async function getTile(z: number, x: number, y: number, query = '') {
    return app.inject({ method: 'GET', url: `/api/tiles/${z}/${x}/${y}.pbf${query}` })
  }

  it('serves TileJSON 3.0.0 with the data bounds, zoom range and layer fields', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/tiles.json?ruleset=policy-2015',
      headers: { host: 'planner.example:8080' },
    })
    expect(response.statusCode).toBe(200)
    const tileJson = response.json()
    expect(tileJson.tilejson).toBe('3.0.0')
    expect(tileJson.minzoom).toBe(0)
    expect(tileJson.maxzoom).toBe(14)
    expect(tileJson.tiles).toHaveLength(1)
    expect(tileJson.tiles[0]).toMatch(
      /^http:\/\/planner\.example:8080\/api\/tiles\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=[^&]+&ruleset=policy-2015$/,
    )
    // Bounds contain every sample village and are not much larger than the data.
    const [west, south, east, north] = tileJson.bounds as number[]
    for (const village of sampleVillages) {
      expect(village.lng).toBeGreaterThanOrEqual(west!)
      expect(village.lng).toBeLessThanOrEqual(east!)
      expect(village.lat).toBeGreaterThanOrEqual(south!)
      expect(village.lat).toBeLessThanOrEqual(north!)
    }
    expect(east! - west!).toBeLessThan(5)
    const layers = Object.fromEntries(
      (tileJson.vector_layers as { id: string; fields: Record<string, string> }[]).map((layer) => [
        layer.id,
        layer.fields,
      ]),
    )
    expect(Object.keys(layers).sort()).toEqual(
      [
        'admin',
        'admin_labels',
        'facilities',
        'hazards',
        'lines',
        'service_areas',
        'sites',
        'villages',
      ].sort(),
    )
    expect(layers.villages).toMatchObject({
      code: 'String',
      population: 'Number',
      cov_road: 'String',
    })
    expect(layers.lines).toMatchObject({ id: 'String', class: 'String', voltage_kv: 'Number' })
  })

  it('puts exactly the villages whose seat lies in the buffered tile into the villages layer', async () => {
    for (const tile of testTiles()) {
      const response = await getTile(tile.z, tile.x, tile.y)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
      const features = layerFeatures(decode(response.rawPayload).villages)
      const actual = new Set(features.map((feature) => String(feature.properties.code)))
      const sure = sampleVillages.filter(
        (village) => bufferMembership(localUnits(village.lng, village.lat, tile)) !== 'edge',
      )
      const expected = sure.filter(
        (village) => bufferMembership(localUnits(village.lng, village.lat, tile)) === 'in',
      )
      expect(expected.length, `tile ${tile.z}/${tile.x}/${tile.y} has villages`).toBeGreaterThan(0)
      for (const village of expected)
        expect(actual.has(village.code), `${village.code} in ${tile.z}/${tile.x}/${tile.y}`).toBe(
          true,
        )
      const outside = sure
        .filter((village) => !expected.includes(village))
        .map((village) => village.code)
      for (const code of outside)
        expect(actual.has(code), `${code} not in ${tile.z}/${tile.x}/${tile.y}`).toBe(false)
      expect(actual.size).toBe(features.length) // no duplicates
    }
  })

  it('carries village attributes and places each seat within a pixel of its coordinates', async () => {
    const byCode = new Map(sampleVillages.map((village) => [village.code, village]))
    for (const tile of testTiles()) {
      const response = await getTile(tile.z, tile.x, tile.y)
      for (const feature of layerFeatures(decode(response.rawPayload).villages)) {
        const village = byCode.get(String(feature.properties.code))!
        expect(feature.type).toBe(1)
        expect(feature.properties.name).toBe(village.name)
        if (village.name_en !== null) expect(feature.properties.name_en).toBe(village.name_en)
        if (village.population !== null)
          expect(feature.properties.population).toBe(village.population)
        if (village.poor_people !== null)
          expect(feature.properties.poor_people).toBe(village.poor_people)
        if (village.households !== null)
          expect(feature.properties.households).toBe(village.households)
        expect(feature.properties).not.toHaveProperty('cov_road')
        const point = feature.loadGeometry()[0]![0]!
        const [x, y] = localUnits(village.lng, village.lat, tile)
        expect(Math.abs(point.x - x)).toBeLessThanOrEqual(1)
        expect(Math.abs(point.y - y)).toBeLessThanOrEqual(1)
        // Back to lng/lat through the decoder: within one tile unit (pixel) of the seat.
        const geojson = feature.toGeoJSON(tile.x, tile.y, tile.z) as Feature<Point>
        const [lng, lat] = geojson.geometry.coordinates as [number, number]
        const unitDegreesLng = 360 / 2 ** tile.z / EXTENT
        expect(Math.abs(lng - village.lng)).toBeLessThanOrEqual(unitDegreesLng)
        expect(Math.abs(lat - village.lat)).toBeLessThanOrEqual(unitDegreesLng)
      }
    }
  })

  it('adds the statuses of a village status provider (the hook) to the villages layer', async () => {
    let checked = 0
    for (const tile of testTiles()) {
      const { bytes } = await renderTile(database, tile, {
        rulesetId: 'fake-rules',
        statusProviders: [fakeProvider],
      })
      for (const feature of layerFeatures(decode(bytes).villages)) {
        const expected = fakeStatus(String(feature.properties.code))
        for (const [key, value] of Object.entries(expected))
          expect(feature.properties[key]).toBe(value)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })

  it('carries the coverage engine statuses with ?ruleset=policy-2015', async () => {
    const run = await getCoverage(database, { rulesetId: 'policy-2015' })
    const byCode = new Map(run.result.villages.map((village) => [village.code, village]))
    const seen = new Set<string>()
    for (const tile of testTiles()) {
      const response = await getTile(tile.z, tile.x, tile.y, '?ruleset=policy-2015')
      expect(response.statusCode).toBe(200)
      for (const feature of layerFeatures(decode(response.rawPayload).villages)) {
        const code = String(feature.properties.code)
        const village = byCode.get(code)!
        for (const network of ['road', 'bus', 'water', 'power', 'broadband'] as const) {
          const status = feature.properties[`cov_${network}`]
          expect(['covered', 'gap', 'covered-when-planned', 'not-assessed']).toContain(status)
          expect(status, `${code} ${network}`).toBe(village.coverage[network].status)
        }
        const assessed = Object.values(village.coverage).filter(
          (entry) => entry.status !== 'not-assessed',
        )
        const allCovered = assessed.every((entry) => entry.status === 'covered')
        expect(feature.properties.fully_covered).toBe(allCovered ? 1 : 0)
        seen.add(String(feature.properties.cov_road))
        seen.add(String(feature.properties.fully_covered))
      }
    }
    // The sample has deliberate gaps: both outcomes show up.
    expect(seen.has('gap') && seen.has('covered') && seen.has('0') && seen.has('1')).toBe(true)
    const unknown = await getTile(12, 3237, 1737, '?ruleset=no-such-rules')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'ruleset-not-found' })
  })

  it('applies the zoom rules: admin levels and minor line classes by zoom, current units only', async () => {
    const village = sampleVillages[0]!
    const low = tileContaining(village.lng, village.lat, 7)
    const lowLayers = decode((await getTile(low.z, low.x, low.y)).rawPayload)
    const levels = new Set(
      layerFeatures(lowLayers.admin).map((feature) => feature.properties.level),
    )
    expect([...levels].sort()).toEqual(['city', 'county', 'province'])
    const lowClasses = new Set(
      layerFeatures(lowLayers.lines).map((feature) => feature.properties.class),
    )
    expect(lowClasses.has('village')).toBe(false)
    expect(
      lowClasses.has('national') || lowClasses.has('provincial') || lowClasses.has('transmission'),
    ).toBe(true)
    expect(lowLayers.facilities).toBeUndefined()

    const high = tileContaining(village.lng, village.lat, 12)
    const highLayers = decode((await getTile(high.z, high.x, high.y)).rawPayload)
    const highLevels = new Set(
      layerFeatures(highLayers.admin).map((feature) => feature.properties.level),
    )
    expect(highLevels.has('township')).toBe(true)
    // Retired units (valid_to set) are in the sample but never drawn.
    const retired = readSample('admin')
      .features.filter((feature) => (feature.properties as { valid_to?: string | null }).valid_to)
      .map((feature) => String((feature.properties as { code: string }).code))
    expect(retired.length).toBeGreaterThan(0)
    const drawn = new Set(
      layerFeatures(highLayers.admin).map((feature) => String(feature.properties.code)),
    )
    for (const code of retired) expect(drawn.has(code)).toBe(false)
  })

  it('puts a line into a z12 tile when a vertex lies inside, never when its bbox misses the tile', async () => {
    const lines = ['road', 'water', 'power', 'broadband'].flatMap((layer) =>
      readSample(layer).features.filter((feature) => /Line/.test(feature.geometry?.type ?? '')),
    )
    const village = sampleVillages[120]!
    const tile = tileContaining(village.lng, village.lat, 12)
    const decoded = layerFeatures(decode((await getTile(tile.z, tile.x, tile.y)).rawPayload).lines)
    const actual = new Set(decoded.map((feature) => String(feature.properties.id)))
    const margin = 2
    let mustCount = 0
    for (const line of lines) {
      const coordinates = (
        line.geometry.type === 'LineString'
          ? [line.geometry.coordinates]
          : (line.geometry as { coordinates: Position[][] }).coordinates
      ).flat()
      const local = coordinates.map(([lng, lat]) => localUnits(lng!, lat!, tile))
      const hasVertexInside = local.some(
        ([x, y]) => x > margin && x < EXTENT - margin && y > margin && y < EXTENT - margin,
      )
      const xs = local.map(([x]) => x)
      const ys = local.map(([, y]) => y)
      const bboxMisses =
        Math.max(...xs) < LOW - margin ||
        Math.min(...xs) > HIGH + margin ||
        Math.max(...ys) < LOW - margin ||
        Math.min(...ys) > HIGH + margin
      const id = String((line.properties as { id: string }).id)
      if (hasVertexInside) {
        mustCount++
        expect(actual.has(id), `${id} has a vertex in ${tile.z}/${tile.x}/${tile.y}`).toBe(true)
      }
      if (bboxMisses) expect(actual.has(id), `${id} is far from the tile`).toBe(false)
    }
    expect(mustCount).toBeGreaterThan(0)
  })

  it('answers 204 for an empty tile far from the data', async () => {
    const response = await getTile(10, 0, 0)
    expect(response.statusCode).toBe(204)
    expect(response.rawPayload.length).toBe(0)
  })

  it('rejects out-of-range or malformed z/x/y with 400 problem+json', async () => {
    for (const url of [
      '/api/tiles/3/8/0.pbf',
      '/api/tiles/3/0/8.pbf',
      '/api/tiles/23/0/0.pbf',
      '/api/tiles/a/0/0.pbf',
      '/api/tiles/2/-1/0.pbf',
      '/api/tiles/2/1.5/0.pbf',
    ]) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(response.json()).toMatchObject({ status: 400, code: 'invalid-input' })
    }
  })

  it('sends an ETag, answers 304 to If-None-Match, and changes the ETag after invalidateTiles', async () => {
    const village = sampleVillages[10]!
    const tile = tileContaining(village.lng, village.lat, 11)
    const first = await getTile(tile.z, tile.x, tile.y)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^".+"$/)
    expect(first.headers['cache-control']).toBe('no-cache')
    const again = await app.inject({
      method: 'GET',
      url: `/api/tiles/${tile.z}/${tile.x}/${tile.y}.pbf`,
      headers: { 'if-none-match': etag },
    })
    expect(again.statusCode).toBe(304)
    const withRuleset = await getTile(tile.z, tile.x, tile.y, '?ruleset=policy-2015')
    expect(withRuleset.headers.etag).not.toBe(etag)
    // A URL carrying the current version (from TileJSON) is cacheable for long.
    const tileJson = (await app.inject({ method: 'GET', url: '/api/tiles.json' })).json()
    const version = new URL(tileJson.tiles[0].replace(/\{(\w)\}/g, '0')).searchParams.get('v')
    const versioned = await getTile(tile.z, tile.x, tile.y, `?v=${version}`)
    expect(versioned.headers['cache-control']).toMatch(/max-age=86400/)
    invalidateTiles(database)
    const after = await getTile(tile.z, tile.x, tile.y)
    expect(after.headers.etag).not.toBe(etag)
  })

  it('shows a village added after invalidateTiles', async () => {
    const village = sampleVillages[5]!
    const tile = tileContaining(village.lng, village.lat, 14)
    const [lng, lat] = [village.lng + 0.0005, village.lat + 0.0005]
    const code = '590123999999'
    const before = layerFeatures(
      decode((await getTile(tile.z, tile.x, tile.y)).rawPayload).villages,
    )
    expect(before.some((feature) => feature.properties.code === code)).toBe(false)
    await sql`INSERT INTO village (code, name, township_code, county_code, city_code, province_code, geom)
      VALUES (${code}, '新村', '590123101000', '590123000000', '590100000000', '590000000000',
        ST_SetSRID(ST_MakePoint(${lng}::float8, ${lat}::float8), 4326))`.execute(database.db)
    try {
      invalidateTiles(database)
      const after = layerFeatures(
        decode((await getTile(tile.z, tile.x, tile.y)).rawPayload).villages,
      )
      expect(after.some((feature) => feature.properties.code === code)).toBe(true)
    } finally {
      await sql`DELETE FROM village WHERE code = ${code}`.execute(database.db)
      invalidateTiles(database)
    }
  })

  // Server engine only (the embedded PostGIS has no ST_AsMVT); a plain `if` so nothing is skipped.
  if (engine === 'postgres') {
    it('SQL (ST_AsMVT) and JS paths give the same features per layer, geometry within a pixel', async () => {
      let compared = 0
      for (const tile of testTiles()) {
        for (const rulesetId of [undefined, 'policy-2015']) {
          const options = rulesetId ? { rulesetId } : {}
          const sqlLayers = decode(
            (await renderTile(database, tile, { ...options, path: 'sql' })).bytes,
          )
          const jsLayers = decode(
            (await renderTile(database, tile, { ...options, path: 'js' })).bytes,
          )
          expect(Object.keys(jsLayers).sort()).toEqual(Object.keys(sqlLayers).sort())
          for (const name of Object.keys(sqlLayers)) {
            const where = `${name} in ${tile.z}/${tile.x}/${tile.y}`
            const sqlFeatures = new Map(
              layerFeatures(sqlLayers[name]).map((feature) => [idOf(feature.properties), feature]),
            )
            const jsFeatures = new Map(
              layerFeatures(jsLayers[name]).map((feature) => [idOf(feature.properties), feature]),
            )
            expect([...jsFeatures.keys()].sort(), where).toEqual([...sqlFeatures.keys()].sort())
            for (const [id, sqlFeature] of sqlFeatures) {
              const jsFeature = jsFeatures.get(id)!
              expect(jsFeature.properties, `${where} ${id}`).toEqual(sqlFeature.properties)
              expect(jsFeature.type).toBe(sqlFeature.type)
              // Every vertex of each path lies within ~a tile unit (1/4096 of the tile) of the other's
              // geometry (segments: one path may keep a collinear vertex the other drops).
              const sqlParts = sqlFeature.loadGeometry()
              const jsParts = jsFeature.loadGeometry()
              for (const point of jsParts.flat())
                expect(distanceToParts(point, sqlParts), `${where} ${id}`).toBeLessThanOrEqual(1.5)
              for (const point of sqlParts.flat())
                expect(distanceToParts(point, jsParts), `${where} ${id}`).toBeLessThanOrEqual(1.5)
              compared++
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(500)
    })
  }
})
