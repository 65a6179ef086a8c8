/**
 * Relocation, clusters and regions through the HTTP API on the committed sample region (both engines),
 * and the CLI on plain GeoJSON files.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeatureCollection, Point } from 'geojson'
import { buildApp } from '../../src/app'
import { buildProgram } from '../../src/cli/index'
import { REPO_ROOT } from '../../src/config'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies from inject() are read loosely
type Props = Record<string, any>
const SAMPLE_VILLAGES = path.join(REPO_ROOT, 'geodata/sample/villages.geojson')
const sample = JSON.parse(fs.readFileSync(SAMPLE_VILLAGES, 'utf8')) as FeatureCollection<
  Point,
  Props
>
const townshipOf = new Map(
  sample.features.map((f) => [f.properties.code as string, f.properties.township_code as string]),
)

describe.each(testEngines())('relocation, clusters and regions API on %s', (engine) => {
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

  it('sample region: a cluster of all villages crosses a township line, and the flag matches the members', async () => {
    const response = await app.inject('/api/clusters?only=all&eps_m=2000&min_points=3')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.features).toHaveLength(sample.features.length)
    expect(body.properties.params).toMatchObject({
      epsM: 2000,
      minPoints: 3,
      distance: 'straight',
      epsg: 32648,
    })
    const crossing = body.properties.clusters.filter((c: Props) => c.crossesTownship)
    expect(crossing.length).toBeGreaterThanOrEqual(1)
    for (const cluster of body.properties.clusters) {
      const townships = new Set(cluster.members.map((code: string) => townshipOf.get(code)))
      expect(cluster.crossesTownship).toBe(townships.size > 1)
      expect([...townships].sort()).toEqual(cluster.townships)
    }
    // outlines: one per cluster, the crossing ones flagged for highlighting
    expect(body.outlines.features).toHaveLength(body.properties.clusters.length)
    expect(body.outlines.features.filter((f: Props) => f.properties.crossesTownship)).toHaveLength(
      crossing.length,
    )
    const member = body.features.find((f: Props) => f.properties.cluster === crossing[0].id)
    expect(member.properties.clusterSpan.crossesTownship).toBe(true)
  })

  it('sample region: relocation candidates (policy-2015) cluster across a township line', async () => {
    const response = await app.inject('/api/clusters?ruleset=policy-2015&eps_m=3000&min_points=2')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.features.length).toBeGreaterThan(0)
    expect(
      body.features.every(
        (f: Props) =>
          f.properties.recommendation === 'relocate' || f.properties.decision === 'confirmed',
      ),
    ).toBe(true)
    expect(body.properties.clusters.some((c: Props) => c.crossesTownship)).toBe(true)
  })

  it('network distance (along roads) refines straight-line clusters: its core points are core and co-clustered there', async () => {
    const straight = (await app.inject('/api/clusters?only=all&eps_m=3000&min_points=3')).json()
    const network = (
      await app.inject('/api/clusters?only=all&eps_m=3000&min_points=3&distance=network')
    ).json()
    expect(network.properties.params.distance).toBe('network')
    const straightBy = new Map(
      straight.features.map((f: Props) => [f.properties.code, f.properties]),
    )
    const seen = new Map<number, number>()
    let cores = 0
    for (const f of network.features) {
      if (!f.properties.clusterCore) continue
      cores++
      const s = straightBy.get(f.properties.code) as Props
      expect(s.clusterCore).toBe(true)
      const known = seen.get(f.properties.cluster)
      if (known === undefined) seen.set(f.properties.cluster, s.cluster)
      else expect(s.cluster).toBe(known)
    }
    expect(cores).toBeGreaterThan(0)
    expect(network.properties.noiseCount).toBeGreaterThanOrEqual(straight.properties.noiseCount)
  })

  it('lists candidates with reasons in English and Chinese', async () => {
    const response = await app.inject('/api/relocation/candidates?ruleset=policy-2015')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.features).toHaveLength(sample.features.length)
    expect(body.properties.summary.relocate).toBeGreaterThan(0)
    const relocate = body.features.find(
      (f: Props) => f.properties.relocation.recommendation === 'relocate',
    )
    expect(relocate.properties.relocation.reasons.length).toBeGreaterThan(2)
    expect(relocate.properties.relocation.reasons[1].zh).toMatch(/[\u4e00-\u9fff]/)
    const only = (
      await app.inject('/api/relocation/candidates?ruleset=policy-2015&only=candidates')
    ).json()
    expect(only.features.length).toBe(body.properties.summary.candidates)
    expect((await app.inject('/api/relocation/candidates?ruleset=nope')).statusCode).toBe(404)
  })

  it('stores decisions and respects them downstream (declined never, confirmed always)', async () => {
    const candidates = (await app.inject('/api/relocation/candidates?ruleset=policy-2015')).json()
    const relocate = candidates.features.find(
      (f: Props) => f.properties.relocation.recommendation === 'relocate',
    ).properties.code
    const insitu = candidates.features.find(
      (f: Props) => f.properties.relocation.recommendation === 'in-situ',
    ).properties.code
    const put = await app.inject({
      method: 'PUT',
      url: `/api/villages/${relocate}/decision`,
      payload: { decision: 'declined', note: '群众不同意搬迁' },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json().decision).toMatchObject({
      villageCode: relocate,
      decision: 'declined',
      note: '群众不同意搬迁',
    })
    await app.inject({
      method: 'PUT',
      url: `/api/villages/${insitu}/decision`,
      payload: { decision: 'confirmed' },
    })
    const got = (await app.inject(`/api/villages/${relocate}/decision`)).json()
    expect(got.decision.decision).toBe('declined')
    const clusters = (
      await app.inject('/api/clusters?ruleset=policy-2015&eps_m=3000&min_points=1')
    ).json()
    const codes = clusters.features.map((f: Props) => f.properties.code)
    expect(codes).not.toContain(relocate)
    expect(codes).toContain(insitu)
    const after = (await app.inject('/api/relocation/candidates?ruleset=policy-2015')).json()
    const declined = after.features.find((f: Props) => f.properties.code === relocate)
    expect(declined.properties.relocation).toMatchObject({
      recommendation: 'relocate',
      decision: 'declined',
      isCandidate: false,
      decisionNote: '群众不同意搬迁',
    })
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/villages/999999999999/decision',
          payload: { decision: 'confirmed' },
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/villages/${relocate}/decision`,
          payload: { decision: 'maybe' },
        })
      ).statusCode,
    ).toBe(400)
  })

  it('regions with a floor: every area reaches it; with k: exactly k areas; objective reported', async () => {
    const floor = (
      await app.inject(
        '/api/regions?attributes=income_per_person_cny,elevation_m&floor=poor_households:300&seed=7',
      )
    ).json()
    expect(floor.properties.floorMet).toBe(true)
    const sums = new Map<number, number>()
    for (const f of floor.features)
      sums.set(
        f.properties.region,
        (sums.get(f.properties.region) ?? 0) + (f.properties.poor_households ?? 0),
      )
    for (const total of sums.values()) expect(total).toBeGreaterThanOrEqual(300)
    expect(floor.properties.areaCount).toBe(sums.size)
    expect(floor.properties.objective).toBeGreaterThan(0)
    const k = (await app.inject('/api/regions?attributes=income_per_person_cny&k=5')).json()
    expect(new Set(k.features.map((f: Props) => f.properties.region)).size).toBe(5)
    expect(k.properties.params).toMatchObject({ method: 'skater', k: 5 })
    expect((await app.inject('/api/regions?attributes=income_per_person_cny')).statusCode).toBe(400)
    const derived = await app.inject(
      '/api/regions?attributes=poverty_incidence,coverage_gaps&k=4&ruleset=policy-2015',
    )
    expect(derived.statusCode).toBe(200)
    const first = derived.json().features[0].properties
    expect(first.poverty_incidence).toBeCloseTo(first.poor_people / first.population, 12)
    expect(typeof first.coverage_gaps).toBe('number')
    expect((await app.inject('/api/regions?attributes=coverage_gaps&k=4')).statusCode).toBe(400)
    expect((await app.inject('/api/regions?attributes=no_such_field&k=3')).statusCode).toBe(400)
  })
})

describe('CLI on plain GeoJSON files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-clusters-'))

  it('tongcun clusters --input keeps every feature and adds cluster and its admin span', async () => {
    const out = path.join(dir, 'clusters.geojson')
    await (
      await buildProgram()
    ).parseAsync([
      'node',
      'tongcun',
      'clusters',
      '--input',
      SAMPLE_VILLAGES,
      '--eps-m',
      '2000',
      '--min-points',
      '3',
      '--max-population',
      '4000',
      '--out',
      out,
    ])
    const result = JSON.parse(fs.readFileSync(out, 'utf8'))
    expect(result.features).toHaveLength(sample.features.length)
    result.features.forEach((f: Props, i: number) => {
      expect(f.properties).toMatchObject(sample.features[i]?.properties as Props)
      expect('cluster' in f.properties).toBe(true)
    })
    expect(result.properties.params).toMatchObject({
      epsM: 2000,
      minPoints: 3,
      maxPopulation: 4000,
    })
    for (const c of result.properties.clusters)
      expect(c.population <= 4000 || c.members.length === 1).toBe(true)
    expect(result.properties.clusters.some((c: Props) => c.crossesTownship)).toBe(true)
  })

  it('tongcun clusters --admin-layer finds the units a cluster spans by location, as the codes say', async () => {
    const bare = {
      type: 'FeatureCollection',
      features: sample.features.map((f) => ({
        ...f,
        properties: { id: f.properties.code, population: f.properties.population },
      })),
    }
    const input = path.join(dir, 'bare.geojson')
    fs.writeFileSync(input, JSON.stringify(bare))
    const out = path.join(dir, 'bare-clusters.geojson')
    const adminLayer = path.join(REPO_ROOT, 'geodata/sample/admin.geojson')
    await (
      await buildProgram()
    ).parseAsync([
      'node',
      'tongcun',
      'clusters',
      '--input',
      input,
      '--admin-layer',
      adminLayer,
      '--eps-m',
      '2000',
      '--min-points',
      '3',
      '--out',
      out,
    ])
    const result = JSON.parse(fs.readFileSync(out, 'utf8'))
    expect(result.properties.clusters.length).toBeGreaterThan(0)
    for (const cluster of result.properties.clusters) {
      const townships = [...new Set(cluster.members.map((id: string) => townshipOf.get(id)))].sort()
      expect(cluster.townships).toEqual(townships)
      expect(cluster.counties).toHaveLength(1)
    }
  })

  it('tongcun regions --input with --k writes regions and the objective', async () => {
    const out = path.join(dir, 'regions.geojson')
    await (
      await buildProgram()
    ).parseAsync([
      'node',
      'tongcun',
      'regions',
      '--input',
      SAMPLE_VILLAGES,
      '--attributes',
      'income_per_person_cny,slope_deg',
      '--k',
      '4',
      '--out',
      out,
    ])
    const result = JSON.parse(fs.readFileSync(out, 'utf8'))
    expect(result.features).toHaveLength(sample.features.length)
    expect(new Set(result.features.map((f: Props) => f.properties.region)).size).toBe(4)
    expect(result.properties.objective).toBeGreaterThan(0)
  })
})
