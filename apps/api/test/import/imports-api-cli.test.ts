/** `POST /api/imports/:layer` (multipart) and `tongcun import` on both engines. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app'
import { runImportCommand } from '../../src/cli/commands/import'
import { createTestDatabase, testEngines, type Database } from '../helpers/test-db'
import { fingerprintDataTables, gbk, utf8 } from './fixture-files'

function multipartBody(parts: { name: string; value: string | Uint8Array; filename?: string }[]) {
  const boundary = '----tongcun-test-boundary'
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.filename ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
      ),
    )
    chunks.push(Buffer.from(part.value))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

describe.each(testEngines())('imports API and CLI on %s', (engine) => {
  let database: Database
  let app: FastifyInstance
  let tmp: string

  beforeAll(async () => {
    database = await createTestDatabase(engine)
    app = await buildApp({ database })
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-import-'))
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await database?.close()
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('POST /api/imports/villages with a GBK CSV and crs field returns the report', async () => {
    const csv = gbk('编码,村名,经度,纬度,人口\n990102001001,石门村,106.5,29.5,1200\n')
    const response = await app.inject({
      method: 'POST',
      url: '/api/imports/villages',
      ...multipartBody([
        { name: 'crs', value: 'CGCS2000' },
        { name: 'file', value: csv, filename: 'villages.csv' },
      ]),
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      file: 'villages.csv',
      layer: 'villages',
      format: 'csv',
      crs: 'CGCS2000',
      encoding: 'gbk',
      features: 1,
      inserted: 1,
      status: 'committed',
      errors: [],
    })
    const row = await database.db
      .selectFrom('village')
      .select(['name', 'population'])
      .where('code', '=', '990102001001')
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('石门村')
  })

  it('POST with a bad row answers 422 problem+json listing the issues, database unchanged', async () => {
    const before = await fingerprintDataTables(database)
    const response = await app.inject({
      method: 'POST',
      url: '/api/imports/villages',
      ...multipartBody([
        {
          name: 'file',
          value: utf8(
            'code,name,lon,lat\n990102001002,甲村,106.5,29.5\n990102001003,乙村,200,29.5\n',
          ),
          filename: 'bad.csv',
        },
      ]),
    })
    expect(response.statusCode).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    const problem = response.json()
    expect(problem).toMatchObject({ code: 'import-failed', status: 422 })
    expect(problem.errors).toEqual([
      {
        file: 'bad.csv',
        row: 2,
        id: '990102001003',
        field: 'lon',
        message: expect.stringContaining('longitude 200 is out of range'),
      },
    ])
    expect(problem.details.report.status).toBe('rejected')
    expect(await fingerprintDataTables(database)).toEqual(before)
  })

  it('POST without a file part is a 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/imports/villages',
      ...multipartBody([{ name: 'crs', value: 'WGS84' }]),
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().detail).toContain('no "file" part')
  })

  it('tongcun import prints a readable report; exit code 0, and 1 on rejection', async () => {
    const good = path.join(tmp, 'roads.geojson')
    fs.writeFileSync(
      good,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'cli-r1', class: '县道', surface: '沥青' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [106, 29],
                [106.1, 29.1],
              ],
            },
          },
        ],
      }),
    )
    let output = ''
    const code = await runImportCommand(
      database,
      'road',
      good,
      { crs: 'WGS84' },
      (text) => (output += text),
    )
    expect(code).toBe(0)
    expect(output).toContain('Status 状态: committed')
    expect(output).toContain('1 written')

    const bad = path.join(tmp, 'bad-roads.geojson')
    fs.writeFileSync(
      bad,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'cli-r2', class: 'motorway9' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [106, 29],
                [106.1, 29.1],
              ],
            },
          },
        ],
      }),
    )
    output = ''
    const before = await fingerprintDataTables(database)
    const failed = await runImportCommand(database, 'road', bad, {}, (text) => (output += text))
    expect(failed).toBe(1)
    expect(output).toContain('row 0 · id cli-r2 · class: unknown class "motorway9"')
    expect(output).toContain('Nothing was written')
    expect(await fingerprintDataTables(database)).toEqual(before)
  })
})
