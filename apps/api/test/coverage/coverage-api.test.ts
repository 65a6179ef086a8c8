/**
 * Coverage and rule-set routes and the `tongcun coverage` CLI on the sample region (both engines).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { findBuiltInRuleSet, toCoverageFeatureCollection } from '@tongcun/coverage'
import { buildApp } from '../../src/app'
import { writeChunksToFile } from '../../src/cli/commands/coverage'
import { buildProgram } from '../../src/cli/index'
import { openDatabase } from '../../src/db/client'
import { getCoverage } from '../../src/db/queries/coverage'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies from inject() are read loosely
type Json = Record<string, any>

describe.each(testEngines())('coverage API on %s', (engine) => {
  let database: Database
  let app: FastifyInstance
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database)
    app = await buildApp({ database })
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('serves coverage as a FeatureCollection with bbox, summary and five networks per village', async () => {
    const response = await app.inject('/api/coverage?ruleset=policy-2015')
    expect(response.statusCode).toBe(200)
    const body = response.json() as Json
    expect(body.type).toBe('FeatureCollection')
    expect(body.bbox).toHaveLength(4)
    expect(body.features.length).toBe(body.properties.summary.villages)
    const first = body.features[0].properties
    expect(Object.keys(first.coverage)).toEqual(['road', 'bus', 'water', 'power', 'broadband'])
    expect(first.coverage.road).toEqual(
      expect.objectContaining({
        status: expect.any(String),
        reason: expect.any(String),
        reasonZh: expect.any(String),
      }),
    )
    // A realistic mix: every network has both covered villages and gaps.
    for (const network of ['road', 'bus', 'water', 'power', 'broadband']) {
      const summary = body.properties.summary.networks[network]
      expect(summary.covered, network).toBeGreaterThan(0)
      expect(summary.gap + summary.coveredWhenPlanned, network).toBeGreaterThan(0)
    }
    // Cached and reproducible: byte-identical second response.
    const again = await app.inject('/api/coverage?ruleset=policy-2015')
    expect(again.body).toBe(response.body)
  })

  it('streams coverage as application/geo+json, byte for byte the whole collection stringified', async () => {
    for (const [query, rulesetId, adminCode] of [
      ['?ruleset=policy-2015', 'policy-2015', null],
      ['?ruleset=rai-2km', 'rai-2km', null],
      ['?admin=590123101', 'policy-2015', '590123101'],
    ] as const) {
      const response = await app.inject(`/api/coverage${query}`)
      expect(response.statusCode, query).toBe(200)
      expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8')
      // Sent as a stream: no length known up front.
      expect(response.headers['content-length']).toBeUndefined()
      expect(response.headers['transfer-encoding']).toBe('chunked')
      const { result } = await getCoverage(database, { rulesetId, adminCode })
      expect(result.villages.length, query).toBeGreaterThan(0)
      const collection = toCoverageFeatureCollection(result)
      expect(response.body, query).toBe(JSON.stringify(collection))
      expect(response.json()).toEqual(collection)
    }
    // Errors are still problem+json, decided before any byte of the collection.
    const missing = await app.inject('/api/coverage?ruleset=missing-one')
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toContain('application/problem+json')
    expect(missing.json()).toEqual(expect.objectContaining({ code: 'ruleset-not-found' }))
    const unknownUnit = await app.inject('/api/coverage?admin=11')
    expect(unknownUnit.statusCode).toBe(404)
    expect(unknownUnit.headers['content-type']).toContain('application/problem+json')
  })

  it('puts the bbox of every village in the run on the gap GeoJSON', async () => {
    const coverage = (await app.inject('/api/coverage?admin=590123101')).json() as Json
    const positions = coverage.features.map((f: Json) => f.geometry.coordinates as number[])
    const bbox = [
      Math.min(...positions.map((p: number[]) => p[0])),
      Math.min(...positions.map((p: number[]) => p[1])),
      Math.max(...positions.map((p: number[]) => p[0])),
      Math.max(...positions.map((p: number[]) => p[1])),
    ]
    const gaps = await app.inject('/api/coverage/gaps.geojson?admin=590123101&network=road')
    expect(gaps.headers['content-type']).toBe('application/geo+json; charset=utf-8')
    const body = gaps.json() as Json
    expect(Object.keys(body)).toEqual(['type', 'bbox', 'properties', 'features'])
    expect(body.bbox).toEqual(bbox)
    expect(body.properties.count).toBe(body.features.length)
  })

  it('filters by admin code and rolls up by level', async () => {
    const all = (await app.inject('/api/coverage')).json() as Json
    const township = all.features[0].properties.township_code as string
    const part = (await app.inject(`/api/coverage?admin=${township}`)).json() as Json
    expect(part.features.length).toBeGreaterThan(0)
    expect(part.features.every((f: Json) => f.properties.township_code === township)).toBe(true)
    const rollup = (
      await app.inject('/api/coverage/rollup?level=township&ruleset=policy-2015')
    ).json() as Json
    expect(rollup.level).toBe('township')
    const villages = rollup.units.reduce((sum: number, u: Json) => sum + u.villages, 0)
    expect(villages).toBe(all.features.length)
    const unit = rollup.units.find((u: Json) => u.code === township)
    const inUnit = all.features.filter((f: Json) => f.properties.township_code === township)
    expect(unit.networks.road.gap).toBe(
      inUnit.filter((f: Json) => f.properties.coverage.road.status === 'gap').length,
    )
    expect(unit.attained).toBe(inUnit.every((f: Json) => f.properties.fullyCovered))
    expect(typeof unit.name).toBe('string')
  })

  it('exports gaps as CSV with BOM and Chinese headers, XLSX and GeoJSON', async () => {
    const csv = await app.inject('/api/coverage/gaps.csv?network=road')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.startsWith('\uFEFF村代码,村名,')).toBe(true)
    const lines = csv.body.trim().split('\r\n')
    expect(lines[0]).toContain('距离(米)')
    expect(lines[0]).toContain('缺口长度(米)')
    expect(lines[0]).toContain('估算费用(元)')
    expect(lines[1]?.startsWith('Village code,Village,')).toBe(true)
    const geojson = (await app.inject('/api/coverage/gaps.geojson?network=road')).json() as Json
    expect(lines.length - 2).toBe(geojson.features.length)
    expect(geojson.features.every((f: Json) => f.properties.network === 'road')).toBe(true)
    const xlsx = await app.inject('/api/coverage/gaps.xlsx?network=road&lang=en')
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    expect(sheet?.getRow(1).getCell(1).value).toBe('Village code')
    expect(sheet?.rowCount).toBe(geojson.features.length + 1)
  })

  it('reports the joint cost of road gaps per county', async () => {
    const body = (await app.inject('/api/coverage/joint-cost?ruleset=policy-2015')).json() as Json
    expect(body.counties.length).toBeGreaterThan(0)
    expect(body.jointTreeCost).toBeLessThanOrEqual(body.separateSpursCost)
    expect(body.counties[0].edges.length).toBe(body.counties[0].villages)
  })

  it('lists, reads, stores and versions rule sets; rejects bad ones with field paths', async () => {
    const list = (await app.inject('/api/rulesets')).json() as Json
    expect(list.rulesets.map((r: Json) => r.id)).toEqual(
      expect.arrayContaining(['policy-2015', 'rai-2km']),
    )
    const rai = await app.inject('/api/rulesets/rai-2km')
    expect(rai.json()).toEqual(findBuiltInRuleSet('rai-2km'))
    expect((await app.inject('/api/rulesets/nope')).statusCode).toBe(404)

    const custom = {
      ...findBuiltInRuleSet('rai-2km'),
      id: 'county-3km',
      version: 1,
      name: 'County 3 km',
      nameZh: '县 3 公里',
    }
    custom.road = { ...custom.road!, maxDistanceM: 3000 }
    const created = await app.inject({ method: 'POST', url: '/api/rulesets', payload: custom })
    expect(created.statusCode).toBe(201)
    expect(
      (await app.inject({ method: 'POST', url: '/api/rulesets', payload: custom })).statusCode,
    ).toBe(409)
    const v2 = await app.inject({
      method: 'POST',
      url: '/api/rulesets',
      payload: { ...custom, version: 2, road: { ...custom.road, maxDistanceM: 4000 } },
    })
    expect(v2.statusCode).toBe(201)
    const latest = (await app.inject('/api/rulesets/county-3km')).json() as Json
    expect(latest.version).toBe(2)
    expect(
      ((await app.inject('/api/rulesets/county-3km?version=1')).json() as Json).road.maxDistanceM,
    ).toBe(3000)
    const coverage = (await app.inject('/api/coverage?ruleset=county-3km')).json() as Json
    expect(coverage.properties.ruleset).toEqual(
      expect.objectContaining({ id: 'county-3km', version: 2 }),
    )

    const bad = await app.inject({
      method: 'POST',
      url: '/api/rulesets',
      payload: { ...custom, version: 3, road: { ...custom.road, surfaces: ['tarmac'] } },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect(bad.json().errors).toContainEqual(expect.objectContaining({ path: 'road.surfaces[0]' }))
    expect((await app.inject('/api/coverage?ruleset=missing-one')).statusCode).toBe(404)
  })
})

// The CLI opens its own embedded database (a data dir), so it runs once, outside the engine loop.
describe('tongcun coverage CLI', () => {
  it('writes GeoJSON and CSV, with a rule set id or a rule-set file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-coverage-'))
    const rulesetFile = path.join(dir, 'rai.json')
    fs.writeFileSync(rulesetFile, JSON.stringify(findBuiltInRuleSet('rai-2km')))
    const dataDir = path.join(dir, 'data')
    // As `main` runs it: only the named command's module is loaded.
    const run = async (args: string[]) => {
      const argv = ['--data-dir', dataDir, ...args]
      await (await buildProgram(argv)).parseAsync(['node', 'tongcun', ...argv])
    }
    const stderrOf = async (args: string[]) => {
      const written: string[] = []
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk))
        return true
      })
      try {
        await run(args)
      } finally {
        spy.mockRestore()
      }
      return written.join('')
    }
    // An empty database: an empty collection, and a warning that says what to do.
    const outEmpty = path.join(dir, 'empty.geojson')
    const emptyRun = await stderrOf(['coverage', '--ruleset', 'policy-2015', '--out', outEmpty])
    expect(emptyRun).toMatch(/warning: no villages in the database: import them .*tongcun db seed/)
    expect((JSON.parse(fs.readFileSync(outEmpty, 'utf8')) as Json).features).toEqual([])
    await run(['db', 'seed'])
    const outGeojson = path.join(dir, 'coverage.geojson')
    const seededRun = await stderrOf([
      'coverage',
      '--ruleset',
      'policy-2015',
      '--format',
      'geojson',
      '--out',
      outGeojson,
    ])
    expect(seededRun).toContain('wrote ')
    expect(seededRun).not.toContain('warning')
    const text = fs.readFileSync(outGeojson, 'utf8')
    const collection = JSON.parse(text) as Json
    expect(collection.features.length).toBe(collection.properties.summary.villages)
    expect(collection.features.length).toBeGreaterThan(200)
    expect(Object.keys(collection.features[0].properties.coverage)).toEqual([
      'road',
      'bus',
      'water',
      'power',
      'broadband',
    ])
    const outCsv = path.join(dir, 'gaps.csv')
    await run([
      'coverage',
      '--ruleset',
      rulesetFile,
      '--format',
      'csv',
      '--lang',
      'en',
      '--out',
      outCsv,
    ])
    const csv = fs.readFileSync(outCsv, 'utf8')
    expect(csv.startsWith('\uFEFFVillage code,')).toBe(true)
    expect(csv).toContain(',road,gap,')
    expect(csv).not.toContain(',water,')

    // One township, and a rule-set file, written as GeoJSON.
    const township = collection.features[0].properties.township_code as string
    const outTownship = path.join(dir, 'township.geojson')
    await run([
      'coverage',
      '--ruleset',
      rulesetFile,
      '--admin',
      township,
      '--format',
      'geojson',
      '--out',
      outTownship,
    ])
    const townshipText = fs.readFileSync(outTownship, 'utf8')

    // The streamed files are byte for byte what one JSON.stringify of the collection wrote before.
    const database = await openDatabase({ dataDir })
    try {
      const { result } = await getCoverage(database, {
        rulesetId: 'policy-2015',
        adminCode: null,
      })
      expect(text).toBe(`${JSON.stringify(toCoverageFeatureCollection(result))}\n`)
      const inTownship = await getCoverage(database, {
        ruleset: findBuiltInRuleSet('rai-2km'),
        adminCode: township,
      })
      expect(inTownship.result.villages.length).toBeGreaterThan(5)
      expect(inTownship.result.villages.length).toBeLessThan(result.villages.length)
      expect(townshipText).toBe(
        `${JSON.stringify(toCoverageFeatureCollection(inTownship.result))}\n`,
      )
    } finally {
      await database.close()
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('writes chunks to a file in order, and removes the file when writing fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-chunks-'))
    const file = path.join(dir, 'out.geojson')
    const pieces = Array.from({ length: 5000 }, (_, i) => `${i},`.repeat(50))
    await writeChunksToFile(file, pieces)
    expect(fs.readFileSync(file, 'utf8')).toBe(pieces.join(''))

    // Multi-byte text across the writer's 1 MB buffers, pieces larger than a buffer, empty pieces
    // and a character outside the BMP: the file holds exactly the UTF-8 of the joined text.
    const random = (() => {
      let state = 9
      return () => (state = (state * 16807) % 2147483647) / 2147483647
    })()
    const words = ['通村', '硬化路 2.3 公里', 'ascii ', '😀', '；', '']
    const mixed = Array.from({ length: 3000 }, () =>
      Array.from(
        { length: Math.floor(random() * 400) },
        () => words[Math.floor(random() * 6)],
      ).join(''),
    )
    mixed.splice(1000, 0, '宽带'.repeat(700_000), '')
    await writeChunksToFile(file, mixed)
    // Compared as base64 text: a deep equality of two 8 MB buffers takes the better part of a minute.
    expect(fs.readFileSync(file).toString('base64')).toBe(
      Buffer.from(mixed.join(''), 'utf8').toString('base64'),
    )

    // A failure after some pieces were written (over an existing file) leaves no file behind.
    let pulled = 0
    function* failing() {
      for (const piece of pieces) {
        if (++pulled > 3000) throw new Error('analysis failed')
        yield piece
      }
    }
    await expect(writeChunksToFile(file, failing())).rejects.toThrow(
      `cannot write ${file}: analysis failed`,
    )
    expect(pulled).toBe(3001)
    expect(fs.existsSync(file)).toBe(false)

    // A file that cannot be opened is reported; nothing is created.
    const missingDir = path.join(dir, 'missing', 'out.geojson')
    await expect(writeChunksToFile(missingDir, pieces)).rejects.toThrow('ENOENT')
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
