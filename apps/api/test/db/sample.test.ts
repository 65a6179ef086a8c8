import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { IMPORT_LAYERS, type VillageFeature } from '@tongcun/domain'
import type { Feature, FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listVillages } from '../../src/db/queries/villages'
import { loadRegionData } from '../../src/db/queries/region'
import { SAMPLE_DIR } from '../../src/db/seed'
import { expectedProperties, round6 } from '../helpers/normalize'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

function readLayer(layer: string): Feature[] {
  const file = path.join(SAMPLE_DIR, `${layer}.geojson`)
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection).features
}

async function countRows(database: Database, table: string, where = sql`true`): Promise<number> {
  const result = await sql<{
    n: number
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db)
  return result.rows[0]!.n
}

describe.each(testEngines())('sample region (geodata/sample) on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('loads every sample file through insertFeatures with one import_log row each', async () => {
    const isLine = (f: Feature) =>
      f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString'
    expect(await countRows(database, 'admin_unit')).toBe(readLayer('admin').length)
    expect(await countRows(database, 'village')).toBe(readLayer('villages').length)
    for (const network of ['road', 'water', 'power', 'broadband']) {
      const features = readLayer(network)
      expect(await countRows(database, 'network_line', sql`network = ${network}`), network).toBe(
        features.filter(isLine).length,
      )
      expect(await countRows(database, 'service_area', sql`network = ${network}`), network).toBe(
        features.filter((f) => !isLine(f)).length,
      )
    }
    expect(await countRows(database, 'facility')).toBe(readLayer('facilities').length)
    expect(await countRows(database, 'resettlement_site')).toBe(readLayer('sites').length)
    expect(await countRows(database, 'hazard_zone')).toBe(readLayer('hazards').length)
    const logs = await database.db
      .selectFrom('import_log')
      .select(['layer', 'status', 'feature_count'])
      .execute()
    expect(logs.map((log) => log.layer).sort()).toEqual([...IMPORT_LAYERS].sort())
    expect(logs.every((log) => log.status === 'committed')).toBe(true)
  })

  it('keeps village properties and seats unchanged', async () => {
    const stored = new Map((await listVillages(database.db)).map((v) => [v.properties.code, v]))
    for (const village of readLayer('villages') as VillageFeature[]) {
      const actual = stored.get(village.properties.code)
      expect(actual?.properties, village.properties.code).toEqual(
        expectedProperties('villages', village),
      )
      expect(actual?.geometry, village.properties.code).toEqual(round6(village.geometry))
    }
  })

  it('loads the whole county as a region with its networks', async () => {
    const counties = (readLayer('admin') as Feature[]).filter(
      (f) => f.properties?.level === 'county',
    )
    expect(counties.length).toBeGreaterThan(0)
    const county = String(counties[0]!.properties!.code)
    const region = await loadRegionData(database.db, { adminCode: county })
    const expected = (readLayer('villages') as VillageFeature[]).filter((v) =>
      v.properties.code.startsWith(county.slice(0, 6)),
    )
    expect(region.villages.length).toBe(expected.length)
    expect(region.lines.length).toBeGreaterThan(0)
    expect(region.facilities.length).toBeGreaterThan(0)
  })
})
