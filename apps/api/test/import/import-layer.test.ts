/**
 * The import runner against a real database, on both engines: valid files commit in one transaction;
 * each malformed input is rejected with its specific issue and leaves every data table unchanged
 * (row counts and content hashes), recording only a `rejected` import_log row.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import geodesic from 'geographiclib-geodesic'
import { DomainError, type ValidationIssue } from '@tongcun/domain'
import { wgs84ToGcj02 } from '@tongcun/spatial'
import { REPO_ROOT } from '../../src/config'
import { importLayer } from '../../src/import/import-layer'
import type { ImportOptions, ImportReport } from '../../src/import/types'
import { createTestDatabase, testEngines, type Database } from '../helpers/test-db'
import { miniRegionLayers } from '../fixtures/mini-region'
import {
  PRJ_CGCS2000_GK_114E,
  fingerprintDataTables,
  gbk,
  importLogRows,
  makeXlsx,
  utf8,
  zipShapefile,
} from './fixture-files'

const OSM_DIR = path.join(REPO_ROOT, '../shared/reference/osm-samples')
const SAMPLE_DIR = path.join(REPO_ROOT, 'geodata/sample')
const distanceM = (a: number[], b: number[]) =>
  geodesic.Geodesic.WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!
const collection = (features: unknown[]) =>
  utf8(JSON.stringify({ type: 'FeatureCollection', features }))
const square = (lng: number, lat: number, size: number) => [
  [
    [lng, lat],
    [lng + size, lat],
    [lng + size, lat + size],
    [lng, lat + size],
    [lng, lat],
  ],
]

describe.each(testEngines())('importLayer on %s', (engine) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(engine)
    // A baseline in every table, loaded through the importer itself, so "unchanged" means something.
    for (const [layer, features] of Object.entries(miniRegionLayers)) {
      await importLayer(database, {
        layer,
        fileName: `mini-${layer}.geojson`,
        bytes: collection([...features]),
      })
    }
  }, 180_000)
  afterAll(async () => {
    await database?.close()
  })

  const count = async (table: string, where = sql`true`) =>
    (
      await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db)
    ).rows[0]!.n

  async function expectRejected(
    options: ImportOptions,
    expected: Partial<ValidationIssue> & { message: string },
  ): Promise<ImportReport> {
    const before = await fingerprintDataTables(database)
    const logBefore = await importLogRows(database)
    const error = await importLayer(database, options).then(
      () => null,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DomainError)
    const domainError = error as DomainError
    expect(domainError.code).toBe('import-failed')
    expect(domainError.message).toContain('nothing was written')
    const report = domainError.details!['report'] as ImportReport
    expect(report.status).toBe('rejected')
    expect(report.inserted).toBe(0)
    const { message, ...where } = expected
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        file: options.fileName,
        ...where,
        message: expect.stringContaining(message),
      }),
    )
    expect(await fingerprintDataTables(database)).toEqual(before)
    const logAfter = await importLogRows(database)
    expect(logAfter).toHaveLength(logBefore.length + 1)
    expect(logAfter.at(-1)).toMatchObject({ status: 'rejected', error_count: report.errors.length })
    return report
  }

  describe('commits valid files in one transaction', () => {
    it('loaded the mini region through the importer: every layer, one committed log row each', async () => {
      expect(await count('admin_unit')).toBe(miniRegionLayers.admin.length)
      expect(await count('village')).toBe(miniRegionLayers.villages.length)
      expect(await count('network_line')).toBe(
        miniRegionLayers.road.length + miniRegionLayers.power.length + 2 /* water-1, fibre-1 */,
      )
      expect(await count('service_area')).toBe(2)
      expect(await count('facility')).toBe(miniRegionLayers.facilities.length)
      expect(await count('resettlement_site')).toBe(miniRegionLayers.sites.length)
      expect(await count('hazard_zone')).toBe(miniRegionLayers.hazards.length)
      const logs = await database.db
        .selectFrom('import_log')
        .select(['status', 'source_crs', 'feature_count'])
        .where('file_name', 'like', 'mini-%')
        .execute()
      expect(logs).toHaveLength(9)
      expect(logs.every((log) => log.status === 'committed' && log.source_crs === 'WGS84')).toBe(
        true,
      )
    })

    it('imports every geodata/sample/*.geojson file', async () => {
      const files = fs.existsSync(SAMPLE_DIR)
        ? fs.readdirSync(SAMPLE_DIR).filter((file) => file.endsWith('.geojson'))
        : []
      expect(files.length, `no sample files in ${SAMPLE_DIR}`).toBeGreaterThan(0)
      for (const file of files) {
        const layer = file.replace(/\.geojson$/, '')
        const bytes = fs.readFileSync(path.join(SAMPLE_DIR, file))
        const source = JSON.parse(bytes.toString('utf8')) as { features: unknown[] }
        const report = await importLayer(database, { layer, fileName: file, bytes })
        expect(report.errors, file).toEqual([])
        expect(report.inserted, file).toBe(source.features.length)
      }
    }, 120_000)

    it('imports the OSM samples (roads from Bluff, places and districts from Sergipe/Bahia) unshifted', async () => {
      const bluff = fs.readFileSync(path.join(OSM_DIR, 'us_ut_bluff_osm.geojson'))
      const roads = await importLayer(database, {
        layer: 'road',
        fileName: 'us_ut_bluff_osm.geojson',
        bytes: bluff,
      })
      expect(roads.inserted).toBeGreaterThan(50)
      const bluffJson = JSON.parse(bluff.toString('utf8')) as {
        features: {
          geometry: { type: string; coordinates: number[][] }
          properties: Record<string, unknown>
        }[]
      }
      const primary = bluffJson.features.find(
        (f) => f.properties['highway'] === 'primary' && f.geometry.type === 'LineString',
      )!
      const stored = await sql<{ class: string; first: string }>`
        SELECT class, ST_AsText(ST_StartPoint(ST_GeometryN(geom, 1))) AS first FROM network_line
        WHERE id = ${`osm:way/${String(primary.properties['osm_id'])}`}`.execute(database.db)
      expect(stored.rows[0]!.class).toBe('provincial')
      const [x, y] = stored.rows[0]!.first.replace(/POINT\(|\)/g, '')
        .split(' ')
        .map(Number)
      expect(distanceM([x!, y!], primary.geometry.coordinates[0]!)).toBeLessThan(0.01)

      const villages = await importLayer(database, {
        layer: 'villages',
        fileName: 'br_sergipe_bahia_villages_osm.geojson',
        bytes: fs.readFileSync(path.join(OSM_DIR, 'br_sergipe_bahia_villages_osm.geojson')),
        assignCodesUnder: '980101001000',
      })
      expect(villages.inserted).toBe(214)
      const townhalls = await importLayer(database, {
        layer: 'villages',
        fileName: 'br_sergipe_bahia_townhalls_osm.geojson',
        bytes: fs.readFileSync(path.join(OSM_DIR, 'br_sergipe_bahia_townhalls_osm.geojson')),
        assignCodesUnder: '980101002000',
      })
      expect(townhalls.inserted).toBe(6)
      const districts = await importLayer(database, {
        layer: 'admin',
        fileName: 'br_sergipe_bahia_districts_osm.geojson',
        bytes: fs.readFileSync(path.join(OSM_DIR, 'br_sergipe_bahia_districts_osm.geojson')),
        assignCodesUnder: '980102000000',
      })
      expect(districts.inserted).toBe(30)
      expect(
        await count(
          'admin_unit',
          sql`parent_code = '980102000000' AND level = 'township' AND geom IS NOT NULL`,
        ),
      ).toBe(30)
    }, 60_000)

    it('converts a village given in GCJ-02 to within 1 m of its known WGS84 position', async () => {
      const known = [106.551556, 29.563009] // WGS84 seat of a fictional village
      const gcj = wgs84ToGcj02(known) // independent forward transform (closed form)
      expect(distanceM(known, gcj)).toBeGreaterThan(100)
      const csv = `code,name,lon,lat\n990102001901,火星村,${gcj[0]},${gcj[1]}\n`
      const report = await importLayer(database, {
        layer: 'villages',
        fileName: 'gcj.csv',
        bytes: utf8(csv),
        crs: 'GCJ02',
      })
      expect(report).toMatchObject({ crs: 'GCJ02', inserted: 1, status: 'committed' })
      const row = await sql<{
        x: number
        y: number
      }>`SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM village WHERE code = '990102001901'`.execute(
        database.db,
      )
      const stored = [Number(row.rows[0]!.x), Number(row.rows[0]!.y)]
      expect(distanceM(stored, known)).toBeLessThan(1)
      const log = await database.db
        .selectFrom('import_log')
        .select('source_crs')
        .where('file_name', '=', 'gcj.csv')
        .executeTakeFirstOrThrow()
      expect(log.source_crs).toBe('GCJ02')
    })

    it('imports a projected shapefile with an ESRI .prj as PostGIS transforms it', async () => {
      const xy: [number, number][] = [
        [520000, 3300000],
        [523456.7, 3312345.6],
      ]
      const bytes = zipShapefile({
        shapes: [{ type: 'LineString', coordinates: xy }],
        fields: ['id', 'class', 'voltage'],
        rows: [['pl-gk-1', '', '110kV']],
        prj: PRJ_CGCS2000_GK_114E,
      })
      const report = await importLayer(database, {
        layer: 'power',
        fileName: 'power-gk.zip',
        bytes,
      })
      expect(report.crs).toBe('PRJ:CGCS2000_3_Degree_GK_CM_114E')
      const row = await sql<{ distance: number; class: string; voltage_kv: number }>`
        SELECT class, voltage_kv, ST_Distance(geom::geography, ST_Transform(ST_SetSRID(ST_MakeLine(
          ST_MakePoint(${xy[0]![0]}, ${xy[0]![1]}), ST_MakePoint(${xy[1]![0]}, ${xy[1]![1]})), 4547), 4326)::geography) AS distance
        FROM network_line WHERE id = 'pl-gk-1'`.execute(database.db)
      expect(Number(row.rows[0]!.distance)).toBeLessThan(0.01)
      expect(row.rows[0]).toMatchObject({ class: 'transmission' })
      expect(Number(row.rows[0]!.voltage_kv)).toBe(110)
    })

    it('imports GBK CSV with Chinese headers and XLSX into the database', async () => {
      const csv =
        '编码,村名,经度,纬度,总人口,贫困人口\r\n990102001801,石门村,106.5,29.5,800,120\r\n'
      const fromCsv = await importLayer(database, {
        layer: 'villages',
        fileName: '村庄.csv',
        bytes: gbk(csv),
      })
      expect(fromCsv).toMatchObject({ encoding: 'gbk', inserted: 1 })
      const xlsx = await makeXlsx({
        Sheet1: [
          ['编号', '类型', '名称', '经度', '纬度', '覆盖半径'],
          ['cell-x1', '基站', '石门基站', 106.5, 29.5, 2500],
        ],
      })
      const fromXlsx = await importLayer(database, {
        layer: 'facilities',
        fileName: 'f.xlsx',
        bytes: xlsx,
      })
      expect(fromXlsx).toMatchObject({ format: 'xlsx', inserted: 1 })
      const rows = await sql<{ name: string; poor_people: number; network: string }>`
        SELECT v.name, v.poor_people, f.network FROM village v, facility f
        WHERE v.code = '990102001801' AND f.id = 'cell-x1'`.execute(database.db)
      expect(rows.rows[0]).toMatchObject({ name: '石门村', network: 'broadband' })
      expect(Number(rows.rows[0]!.poor_people)).toBe(120)
    })

    it('dry run validates and inserts inside a rolled-back transaction: nothing written, no log', async () => {
      const before = await fingerprintDataTables(database)
      const logs = await importLogRows(database)
      const report = await importLayer(database, {
        layer: 'hazards',
        fileName: 'dry.geojson',
        bytes: collection([
          {
            type: 'Feature',
            properties: { id: 'hz-dry', kind: 'flood', severity: 'low' },
            geometry: { type: 'Polygon', coordinates: square(106, 29, 0.01) },
          },
        ]),
        dryRun: true,
      })
      expect(report).toMatchObject({ status: 'dry-run', features: 1, inserted: 0, errors: [] })
      expect(await fingerprintDataTables(database)).toEqual(before)
      expect(await importLogRows(database)).toEqual(logs)
    })
  })

  describe('rejects malformed input with its specific error and writes nothing', () => {
    const villageCsv = (rows: string[], header = 'code,name,lon,lat,population') =>
      utf8([header, ...rows].join('\n'))

    it('1. missing longitude column', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'no-lon.csv',
          bytes: villageCsv(['990102001010,甲村,29.5'], 'code,name,lat'),
        },
        { field: 'lon', message: 'no longitude column' },
      )
    })

    it('2. latitude out of range', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'lat.csv',
          bytes: villageCsv(['990102001011,甲村,106.5,29.5,10', '990102001012,乙村,106.5,95.2,10']),
        },
        { row: 2, id: '990102001012', field: 'lat', message: 'latitude 95.2 is out of range' },
      )
    })

    it('3. non-numeric population', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'pop.csv',
          bytes: villageCsv(['990102001013,甲村,106.5,29.5,about 300']),
        },
        {
          row: 1,
          id: '990102001013',
          field: 'population',
          message: 'population "about 300" is not a number',
        },
      )
    })

    it('4. malformed 12-digit code', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'code.csv',
          bytes: villageCsv(['99010200101,甲村,106.5,29.5,10']),
        },
        { row: 1, field: 'code', message: '"99010200101" is not a 12-digit statistical code' },
      )
    })

    it('5. village code not under its township', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'twp.csv',
          bytes: villageCsv(
            ['990102001014,甲村,106.5,29.5,10,990102002000'],
            'code,name,lon,lat,population,township_code',
          ),
        },
        {
          row: 1,
          id: '990102001014',
          field: 'township_code',
          message: 'village code 990102001014 is not under township_code 990102002000',
        },
      )
    })

    it('6. duplicate id within the file', async () => {
      const line = (id: string) => ({
        type: 'Feature',
        properties: { id, class: 'county', surface: 'asphalt' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [106, 29],
            [106.1, 29.1],
          ],
        },
      })
      await expectRejected(
        {
          layer: 'road',
          fileName: 'dup.geojson',
          bytes: collection([line('r-a'), line('r-b'), line('r-a')]),
        },
        { row: 2, id: 'r-a', field: 'id', message: 'duplicate id r-a (first at row 0)' },
      )
    })

    it('7. unknown road class', async () => {
      await expectRejected(
        {
          layer: 'road',
          fileName: 'class.geojson',
          bytes: collection([
            {
              type: 'Feature',
              properties: { id: 'r-x', class: 'highway9' },
              geometry: {
                type: 'LineString',
                coordinates: [
                  [106, 29],
                  [106.1, 29.1],
                ],
              },
            },
          ]),
        },
        { row: 0, id: 'r-x', field: 'class', message: 'unknown class "highway9"' },
      )
    })

    it('8. unknown layer', async () => {
      await expectRejected(
        { layer: 'railways', fileName: 'rail.geojson', bytes: collection([]) },
        { field: 'layer', message: 'unknown layer "railways"' },
      )
    })

    it('9. LineString in the villages layer', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'line-village.geojson',
          bytes: collection([
            {
              type: 'Feature',
              properties: { code: '990102001015', name: '甲村' },
              geometry: {
                type: 'LineString',
                coordinates: [
                  [106, 29],
                  [106.1, 29.1],
                ],
              },
            },
          ]),
        },
        {
          row: 0,
          id: '990102001015',
          field: 'geometry',
          message: 'LineString is not accepted in the villages layer',
        },
      )
    })

    it('10. self-intersecting hazard polygon (PostGIS ST_IsValidReason)', async () => {
      const bowtie = [
        [
          [106, 29],
          [106.1, 29.1],
          [106.1, 29],
          [106, 29.1],
          [106, 29],
        ],
      ]
      const report = await expectRejected(
        {
          layer: 'hazards',
          fileName: 'bowtie.geojson',
          bytes: collection([
            {
              type: 'Feature',
              properties: { id: 'hz-ok', kind: 'flood', severity: 'low' },
              geometry: { type: 'Polygon', coordinates: square(106.2, 29, 0.01) },
            },
            {
              type: 'Feature',
              properties: { id: 'hz-bowtie', kind: 'geological', severity: 'high' },
              geometry: { type: 'Polygon', coordinates: bowtie },
            },
          ]),
        },
        { row: 1, id: 'hz-bowtie', field: 'geometry', message: 'Self-intersection' },
      )
      expect(report.errors).toHaveLength(1)
      expect(await count('hazard_zone', sql`id = 'hz-ok'`)).toBe(0)
    })

    it('11. unclosed polygon ring', async () => {
      await expectRejected(
        {
          layer: 'hazards',
          fileName: 'open-ring.geojson',
          bytes: collection([
            {
              type: 'Feature',
              properties: { id: 'hz-open', kind: 'flood', severity: 'low' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [106, 29],
                    [106.1, 29],
                    [106.1, 29.1],
                    [106, 29.1],
                  ],
                ],
              },
            },
          ]),
        },
        { row: 0, id: 'hz-open', field: 'geometry', message: 'is not closed' },
      )
    })

    it('12. empty file', async () => {
      await expectRejected(
        { layer: 'villages', fileName: 'empty.csv', bytes: new Uint8Array(0) },
        { message: 'the file is empty' },
      )
    })

    it('13. truncated JSON', async () => {
      const text = JSON.stringify({
        type: 'FeatureCollection',
        features: miniRegionLayers.villages,
      })
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'cut.geojson',
          bytes: utf8(text.slice(0, Math.floor(text.length / 2))),
        },
        { message: 'invalid JSON' },
      )
    })

    it('14. GBK file declared as UTF-8', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'gbk-as-utf8.csv',
          bytes: gbk('编码,村名,经度,纬度\n990102001016,甲村,106.5,29.5\n'),
          encoding: 'utf8',
        },
        { field: 'encoding', message: 'not valid UTF-8 although --encoding utf8 was declared' },
      )
    })

    it('15. UTF-8 file declared as GBK', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'utf8-as-gbk.csv',
          bytes: utf8('编码,村名,经度,纬度\n990102001017,甲村,106.5,29.5\n'),
          encoding: 'gbk',
        },
        { field: 'encoding', message: 'would garble the Chinese text' },
      )
    })

    it('16. zip without a .shp', async () => {
      const { zipSync } = await import('fflate')
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'no-shp.zip',
          bytes: zipSync({ 'villages.dbf': utf8('x'), 'readme.txt': utf8('hi') }),
        },
        { message: 'the zip holds no .shp file' },
      )
    })

    it('17. projected shapefile without .prj and no --crs', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'gk-no-prj.zip',
          bytes: zipShapefile({
            shapes: [{ type: 'Point', coordinates: [520000, 3300000] }],
            fields: ['code', 'name'],
            rows: [['990102001018', '甲村']],
          }),
        },
        {
          field: 'crs',
          message: 'has no .prj and its coordinates (520000, 3300000) are projected metres',
        },
      )
    })

    it('18. unsupported CRS name', async () => {
      await expectRejected(
        {
          layer: 'villages',
          fileName: 'crs.csv',
          bytes: villageCsv(['990102001019,甲村,106.5,29.5,10']),
          crs: 'Beijing54',
        },
        { field: 'crs', message: 'unknown CRS "Beijing54"' },
      )
    })

    it('19. last row bad in a 1,000-row file: nothing of the 999 good rows is written', async () => {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const code = `99010200${String(5 + Math.floor(i / 999)).padStart(1, '0')}${String((i % 999) + 1).padStart(3, '0')}`
        return `${code},村${i},${(106 + i / 10000).toFixed(6)},29.5,${i === 999 ? 'N/A' : 100 + i}`
      })
      await expectRejected(
        { layer: 'villages', fileName: 'big.csv', bytes: villageCsv(rows) },
        { row: 1000, field: 'population', message: 'population "N/A" is not a number' },
      )
      expect(await count('village', sql`code LIKE '990102005%'`)).toBe(0)
    })

    it('20. unknown XLSX sheet', async () => {
      const bytes = await makeXlsx({ Sheet1: [['code', 'name', 'lon', 'lat']] })
      await expectRejected(
        { layer: 'villages', fileName: 'v.xlsx', bytes, sheet: '村庄' },
        { message: 'no sheet named "村庄" (sheets: Sheet1)' },
      )
    })

    it('21. a database error mid-way rolls back the rows already inserted', async () => {
      await sql`CREATE OR REPLACE FUNCTION tongcun_test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 'boom' THEN RAISE EXCEPTION 'boom trigger refused %', NEW.id; END IF; RETURN NEW; END $$`.execute(
        database.db,
      )
      await sql`CREATE TRIGGER tongcun_test_boom BEFORE INSERT ON facility FOR EACH ROW EXECUTE FUNCTION tongcun_test_boom()`.execute(
        database.db,
      )
      try {
        const point = (id: string, lng: number) => ({
          type: 'Feature',
          properties: { id, kind: 'bus-stop' },
          geometry: { type: 'Point', coordinates: [lng, 29] },
        })
        await expectRejected(
          {
            layer: 'facilities',
            fileName: 'boom.geojson',
            bytes: collection([
              point('bus-ok-1', 106),
              point('bus-ok-2', 106.1),
              point('boom', 106.2),
            ]),
          },
          { message: 'database error while writing the facilities layer, rolled back' },
        )
        expect(await count('facility', sql`id LIKE 'bus-ok-%'`)).toBe(0)
      } finally {
        await sql`DROP TRIGGER tongcun_test_boom ON facility`.execute(database.db)
      }
    })
  })
})
