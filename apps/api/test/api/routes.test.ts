import type { FastifyInstance } from 'fastify'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app'
import * as mini from '../fixtures/mini-region'
import { writeMiniRegionDir } from '../helpers/fixtures'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

describe.each(testEngines())('HTTP API on %s', (engine) => {
  let database: Database
  let app: FastifyInstance
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database, { dir: writeMiniRegionDir() })
    app = await buildApp({ database })
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('GET /api/health reports the engine and village count', async () => {
    const response = await app.inject('/api/health')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', engine, villages: mini.villages.length })
  })

  it('GET /api/admin lists top units; /api/admin/:code resolves old codes', async () => {
    const top = (await app.inject('/api/admin')).json()
    expect(top.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([
      mini.PROVINCE,
    ])
    const response = await app.inject(`/api/admin/${mini.OLDER_TOWNSHIP}`)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.unit.properties).toMatchObject({ code: mini.TOWNSHIP_B, name: '西镇' })
    expect(body.resolvedFrom).toBe(mini.OLDER_TOWNSHIP)
    expect(body.chain).toEqual([mini.OLDER_TOWNSHIP, mini.OLD_TOWNSHIP, mini.TOWNSHIP_B])
    expect(body.bbox).toHaveLength(4)
    const county = (await app.inject('/api/admin/990102')).json()
    expect(
      county.children.features.map((f: { properties: { code: string } }) => f.properties.code),
    ).toEqual([mini.TOWNSHIP_A, mini.TOWNSHIP_B])
  })

  it('GET /api/villages filters by admin and bbox and carries a bbox member', async () => {
    const byAdmin = (await app.inject(`/api/villages?admin=${mini.TOWNSHIP_A}`)).json()
    expect(byAdmin.type).toBe('FeatureCollection')
    const expected = mini.villages.filter((v) => v.properties.code.startsWith('990102001'))
    expect(
      byAdmin.features.map((f: { properties: { code: string } }) => f.properties.code),
    ).toEqual(expected.map((v) => v.properties.code))
    const lngs = expected.map((v) => v.geometry.coordinates[0]!)
    const lats = expected.map((v) => v.geometry.coordinates[1]!)
    expect(byAdmin.bbox).toEqual([
      Math.min(...lngs),
      Math.min(...lats),
      Math.max(...lngs),
      Math.max(...lats),
    ])
    const byBox = (await app.inject('/api/villages?bbox=103.28,25.0,103.5,25.5')).json()
    expect(byBox.features).toHaveLength(3)
    const empty = (await app.inject('/api/villages?bbox=100,20,101,21')).json()
    expect(empty).toEqual({ type: 'FeatureCollection', features: [] })
  })

  it('GET /api/villages/:code returns the feature; unknown → 404 problem+json', async () => {
    const ok = await app.inject('/api/villages/990102002002')
    expect(ok.statusCode).toBe(200)
    expect(ok.json().properties.flags).toEqual(['ethnic-minority', 'border'])
    const missing = await app.inject('/api/villages/990102002999')
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(missing.json()).toMatchObject({
      type: '/problems/village-not-found',
      title: 'Village not found',
      status: 404,
      code: 'village-not-found',
      instance: '/api/villages/990102002999',
      detail: expect.stringContaining('990102002999'),
    })
  })

  it('bad bbox → 400 problem with errors[]', async () => {
    for (const bbox of ['1,2,3', 'a,b,c,d', '10,20,5,30', '0,-95,1,1']) {
      const response = await app.inject(`/api/villages?bbox=${encodeURIComponent(bbox)}`)
      expect(response.statusCode, bbox).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      const problem = response.json()
      expect(problem.code).toBe('invalid-input')
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/querystring/bbox' })])
    }
  })

  it('unknown admin code → 404; malformed → 400', async () => {
    expect((await app.inject('/api/admin/980000000000')).statusCode).toBe(404)
    const bad = await app.inject('/api/admin/x1')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].path).toBe('/params/code')
    expect((await app.inject('/api/villages?admin=980000')).json().code).toBe('admin-not-found')
  })

  it('GET /api/layers/:layer returns each layer as a FeatureCollection', async () => {
    const expectedIds: Record<string, string[]> = {
      road: ['road-1', 'road-2', 'road-far'],
      water: ['water-1'],
      power: ['power-1'],
      broadband: ['fibre-1'],
      facilities: ['bus-1', 'cell-1', 'plant-far'],
      'service-areas': ['cell-area-1', 'water-area-1'],
      sites: ['site-1'],
      hazards: ['hz-1', 'hz-2'],
    }
    for (const [layer, ids] of Object.entries(expectedIds)) {
      const body = (await app.inject(`/api/layers/${layer}`)).json()
      expect(
        body.features.map((f: { properties: { id: string } }) => f.properties.id),
        layer,
      ).toEqual(ids)
      expect(body.bbox, layer).toHaveLength(4)
    }
    const admin = (await app.inject('/api/layers/admin')).json()
    expect(admin.features).toHaveLength(mini.adminUnits.length)
    const inCounty = (await app.inject(`/api/layers/road?admin=${mini.COUNTY}`)).json()
    expect(inCounty.features.map((f: { id: string }) => f.id)).toEqual(['road-1', 'road-2'])
    const unknown = await app.inject('/api/layers/railways')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0].path).toBe('/params/layer')
  })

  it('unknown API route → 404 problem+json', async () => {
    const response = await app.inject('/api/nope')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'route-not-found', status: 404 })
  })

  it('serves the web app with an SPA fallback, keeping /api 404s as problems', async () => {
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-web-'))
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>通村</title>')
    fs.mkdirSync(path.join(webRoot, 'assets'))
    fs.writeFileSync(path.join(webRoot, 'assets/app.js'), 'console.log(1)')
    const web = await buildApp({ database, webRoot })
    try {
      expect((await web.inject('/assets/app.js')).body).toBe('console.log(1)')
      const page = await web.inject('/village/990102001001')
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('通村')
      expect((await web.inject('/')).body).toContain('通村')
      expect((await web.inject('/assets/missing.js')).statusCode).toBe(404)
      expect((await web.inject('/api/missing')).json().code).toBe('route-not-found')
      expect((await web.inject('/api/health')).json().status).toBe('ok')
    } finally {
      await web.close()
    }
  })

  it('answers an internal error with a generic 500 problem and no internals', async () => {
    const failing = await buildApp({ database })
    failing.get('/api/boom', async () => {
      throw new Error('SELECT secret FROM passwords')
    })
    try {
      const response = await failing.inject('/api/boom')
      expect(response.statusCode).toBe(500)
      expect(response.json()).toMatchObject({
        title: 'Internal server error',
        status: 500,
        code: 'internal-error',
      })
      expect(response.body).not.toContain('secret')
    } finally {
      await failing.close()
    }
  })
})
