import { sql } from 'kysely'
import { DomainError, type ImportLayer } from '@tongcun/domain'
import type { Feature, Geometry } from 'geojson'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listLayerFeatures, type LayerName } from '../../src/db/queries/layers'
import { listVillages } from '../../src/db/queries/villages'
import { insertFeatures } from '../../src/db/queries/write'
import * as mini from '../fixtures/mini-region'
import { byKey, expectedProperties, round6 } from '../helpers/normalize'
import {
  createTestDatabase,
  resetTestDatabase,
  testEngines,
  type Database,
} from '../helpers/test-db'

async function insertAll(database: Database): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const [layer, features] of Object.entries(mini.miniRegionLayers)) {
      await insertFeatures(trx, layer as ImportLayer, features)
    }
  })
}

async function count(database: Database, table: string): Promise<number> {
  const result = await sql<{
    n: number
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)
  return result.rows[0]!.n
}

describe.each(testEngines())('insertFeatures on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
  })
  afterAll(async () => {
    await database?.close()
  })
  beforeEach(async () => {
    await resetTestDatabase(database)
  })

  it('returns the number of rows written per layer', async () => {
    await database.db.transaction().execute(async (trx) => {
      expect(await insertFeatures(trx, 'admin', mini.adminUnits)).toBe(mini.adminUnits.length)
      expect(await insertFeatures(trx, 'villages', mini.villages)).toBe(mini.villages.length)
      expect(await insertFeatures(trx, 'water', [...mini.waterLines, ...mini.waterAreas])).toBe(2)
    })
    expect(await count(database, 'network_line')).toBe(1)
    expect(await count(database, 'service_area')).toBe(1)
  })

  it('round-trips every layer with its properties and geometry', async () => {
    await insertAll(database)
    const cases: [LayerName | 'villages', Kind, Feature<Geometry | null>[]][] = [
      ['admin', 'admin', mini.adminUnits],
      ['villages', 'villages', mini.villages],
      ['road', 'line', mini.roads],
      ['water', 'line', mini.waterLines],
      ['power', 'line', mini.powerLines],
      ['broadband', 'line', mini.broadbandLines],
      ['service-areas', 'area', [...mini.waterAreas, ...mini.broadbandAreas]],
      ['facilities', 'facilities', mini.facilities],
      ['sites', 'sites', mini.sites],
      ['hazards', 'hazards', mini.hazards],
    ]
    for (const [layer, kind, input] of cases) {
      const output =
        layer === 'villages'
          ? await listVillages(database.db)
          : await listLayerFeatures(database.db, layer)
      const stored = byKey(output)
      expect([...stored.keys()].sort(), layer).toEqual([...byKey(input).keys()].sort())
      for (const [key, feature] of byKey(input)) {
        const actual = stored.get(key)!
        expect(actual.properties, `${layer} ${key}`).toEqual(expectedProperties(kind, feature))
        expect(actual.geometry, `${layer} ${key}`).toEqual(round6(feature.geometry))
      }
    }
  })

  it('gives villages and admin units prefixed stable ids', async () => {
    await insertAll(database)
    const [village] = await listVillages(database.db, {
      adminCode: mini.villages[0]!.properties.code,
    })
    expect(village?.id).toBe(`village:${mini.villages[0]!.properties.code}`)
  })

  it('replaces a row with the same key (upsert), keeping other rows', async () => {
    await insertAll(database)
    const original = mini.villages[0]!
    const changed = {
      ...original,
      geometry: { type: 'Point' as const, coordinates: [103.06, 25.06] },
      properties: { ...original.properties, name: '新名', population: 999, flags: [] },
    }
    await database.db.transaction().execute((trx) => insertFeatures(trx, 'villages', [changed]))
    const villages = byKey(await listVillages(database.db))
    expect(villages.size).toBe(mini.villages.length)
    expect(villages.get(original.properties.code)?.properties).toMatchObject({
      name: '新名',
      population: 999,
      flags: [],
    })
    expect(villages.get(original.properties.code)?.geometry.coordinates).toEqual([103.06, 25.06])
  })

  it('drops Z coordinates and fills township..province codes from the village code', async () => {
    const village = mini.villages[0]!
    const {
      township_code: _t,
      county_code: _c,
      city_code: _ci,
      province_code: _p,
      ...rest
    } = village.properties
    const input = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [103.05, 25.05, 1234] },
      properties: rest,
    } as Feature
    await database.db.transaction().execute((trx) => insertFeatures(trx, 'villages', [input]))
    const [stored] = await listVillages(database.db)
    expect(stored?.geometry.coordinates).toEqual([103.05, 25.05])
    expect(stored?.properties).toMatchObject({
      township_code: '990102001000',
      county_code: '990102000000',
      city_code: '990100000000',
      province_code: '990000000000',
    })
  })

  it('rejects a point in a network layer and a network that contradicts the layer', async () => {
    const point = {
      ...mini.roads[0]!,
      geometry: { type: 'Point' as const, coordinates: [103, 25] },
    }
    await expect(
      database.db.transaction().execute((trx) => insertFeatures(trx, 'road', [point as never])),
    ).rejects.toMatchObject({
      code: 'invalid-geometry',
      message: expect.stringContaining('road-1'),
    })
    await expect(
      database.db.transaction().execute((trx) => insertFeatures(trx, 'water', mini.roads)),
    ).rejects.toBeInstanceOf(DomainError)
  })

  it('writes nothing when a later feature in the transaction fails', async () => {
    const broken = {
      ...mini.hazards[0]!,
      properties: { ...mini.hazards[0]!.properties, kind: 'volcano' },
    }
    await expect(
      database.db.transaction().execute(async (trx) => {
        await insertFeatures(trx, 'villages', mini.villages)
        await insertFeatures(trx, 'hazards', [broken as never])
      }),
    ).rejects.toThrow()
    expect(await count(database, 'village')).toBe(0)
    expect(await count(database, 'hazard_zone')).toBe(0)
  })

  it('records the import id on written rows', async () => {
    await database.db
      .transaction()
      .execute((trx) => insertFeatures(trx, 'sites', mini.sites, { importId: 42 }))
    const row = await database.db
      .selectFrom('resettlement_site')
      .select('import_id')
      .executeTakeFirstOrThrow()
    expect(row.import_id).toBe(42)
  })
})

type Kind = 'admin' | 'villages' | 'line' | 'area' | 'facilities' | 'sites' | 'hazards'
