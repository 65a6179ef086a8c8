import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/db/client'
import { TABLES } from '../../src/db/schema'
import { createTestDatabase, testEngines, type Database } from '../helpers/test-db'

describe.each(testEngines())('migrations on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('creates every table of the contract', async () => {
    const result = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(database.db)
    const names = result.rows.map((row) => row.table_name)
    for (const table of TABLES) expect(names).toContain(table)
  })

  it('stores every geometry in EPSG:4326 with the declared type', async () => {
    const result = await sql<{ table: string; column: string; type: string; srid: number }>`
      SELECT f_table_name AS table, f_geometry_column AS column, type, srid
      FROM geometry_columns WHERE f_table_schema = current_schema()
      ORDER BY f_table_name, f_geometry_column`.execute(database.db)
    const byColumn = Object.fromEntries(
      result.rows.map((row) => [`${row.table}.${row.column}`, row]),
    )
    expect(byColumn['admin_unit.geom']).toMatchObject({ type: 'MULTIPOLYGON', srid: 4326 })
    expect(byColumn['village.geom']).toMatchObject({ type: 'POINT', srid: 4326 })
    expect(byColumn['village.boundary']).toMatchObject({ type: 'MULTIPOLYGON', srid: 4326 })
    expect(byColumn['network_line.geom']).toMatchObject({ type: 'MULTILINESTRING', srid: 4326 })
    expect(byColumn['facility.geom']).toMatchObject({ type: 'POINT', srid: 4326 })
    expect(byColumn['service_area.geom']).toMatchObject({ type: 'MULTIPOLYGON', srid: 4326 })
    expect(byColumn['resettlement_site.geom']).toMatchObject({ type: 'POINT', srid: 4326 })
    expect(byColumn['hazard_zone.geom']).toMatchObject({ type: 'MULTIPOLYGON', srid: 4326 })
  })

  it('has a GiST index on every geometry and geography column', async () => {
    const result = await sql<{ tablename: string; indexdef: string }>`
      SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()`.execute(
      database.db,
    )
    const gist = result.rows.filter((row) => /USING gist/i.test(row.indexdef))
    const has = (table: string, column: string) =>
      gist.some(
        (row) => row.tablename === table && new RegExp(`\\(${column}\\)`).test(row.indexdef),
      )
    for (const table of [
      'village',
      'network_line',
      'facility',
      'service_area',
      'resettlement_site',
      'hazard_zone',
    ]) {
      expect(has(table, 'geom'), `${table}.geom`).toBe(true)
      expect(has(table, 'geog'), `${table}.geog`).toBe(true)
    }
    expect(has('admin_unit', 'geom')).toBe(true)
    expect(has('village', 'boundary')).toBe(true)
  })

  it('lets a metre query on geog use its index', async () => {
    await sql`SET enable_seqscan = off`.execute(database.db)
    try {
      const plan = await sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT v.code FROM village v
        WHERE ST_DWithin(v.geog, ST_SetSRID(ST_MakePoint(103, 25), 4326)::geography, 2000)`.execute(
        database.db,
      )
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/village_geog_idx/)
    } finally {
      await sql`RESET enable_seqscan`.execute(database.db)
    }
  })

  it('re-running migrations applies nothing', async () => {
    const schema = engine === 'postgres' ? await currentSchema(database) : undefined
    expect(await migrateToLatest(database.db, schema)).toEqual([])
  })
})

async function currentSchema(database: Database): Promise<string> {
  const result = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(
    database.db,
  )
  return result.rows[0]!.schema
}
