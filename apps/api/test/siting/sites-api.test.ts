import type { FastifyInstance } from 'fastify'
import geographiclib from 'geographiclib-geodesic'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

const COUNTY = '590123000000'
const geodesic = geographiclib.Geodesic.WGS84

/** Ellipsoidal distance straight from GeographicLib (independent of @tongcun/spatial). */
const metres = (a: [number, number], b: [number, number]): number =>
  geodesic.Inverse(a[1], a[0], b[1], b[0]).s12 as number

interface JobBody {
  status: string
  progress: number
  result: {
    result: {
      status: string
      objective: number
      open: string[]
      assignment: Record<string, string>
      lowerBound: number
    }
    context?: {
      demand: Array<{ id: string; lngLat: [number, number]; weight: number; size: number }>
      candidates: Array<{ id: string; lngLat: [number, number]; capacity: number | null }>
      unreachablePairs: number
    }
  } | null
  error: { code: string; message: string } | null
}

async function waitForJob(app: FastifyInstance, jobId: string): Promise<JobBody> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await app.inject(`/api/jobs/${jobId}`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as JobBody
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`job ${jobId} did not finish`)
}

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]]
  if (items.length < size) return []
  const [first, ...rest] = items
  return [...subsets(rest, size - 1).map((s) => [first!, ...s]), ...subsets(rest, size)]
}

describe.each(testEngines())('siting API on %s', (engine) => {
  let database: Database
  let app: FastifyInstance
  let villageCodes: string[]
  let siteIds: string[]
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await seedSampleRegion(database)
    app = await buildApp({ database })
    const villages = (await app.inject(`/api/villages?admin=${COUNTY}`)).json()
    villageCodes = villages.features
      .map((f: { properties: { code: string } }) => f.properties.code)
      .slice(0, 12)
    const sites = (await app.inject(`/api/layers/sites?admin=${COUNTY}`)).json()
    siteIds = sites.features.map((f: { properties: { id: string } }) => f.properties.id).slice(0, 6)
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('solves a planner request (straight-line metres) to the brute-force optimum', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/sites/solve',
      payload: {
        admin: COUNTY,
        demand: villageCodes,
        siteIds,
        model: 'p-median',
        p: 2,
        capacity: 'none',
        costType: 'straight',
        method: 'exact',
      },
    })
    expect(response.statusCode).toBe(202)
    const job = await waitForJob(app, response.json().jobId)
    expect(job.error).toBeNull()
    expect(job.status).toBe('done')
    const { result, context } = job.result!
    expect(result.status).toBe('optimal')
    expect(context!.demand.map((d) => d.id)).toEqual([...villageCodes].sort())
    // Brute force over every pair of sites with GeographicLib distances.
    let best = Infinity
    for (const open of subsets(context!.candidates, 2)) {
      let total = 0
      for (const d of context!.demand)
        total += d.weight * Math.min(...open.map((s) => metres(d.lngLat, s.lngLat)))
      best = Math.min(best, total)
    }
    expect(result.objective).toBeCloseTo(best, 3)
    expect(result.open).toHaveLength(2)
  })

  it('builds demand from the relocation candidates (default) and covers them (mclp, capacities)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/sites/solve',
      payload: {
        admin: COUNTY,
        model: 'mclp',
        p: 3,
        maxCost: 15000,
        costType: 'straight',
        timeLimitSeconds: 20,
      },
    })
    expect(response.statusCode).toBe(202)
    const job = await waitForJob(app, response.json().jobId)
    expect(job.error).toBeNull()
    const { result, context } = job.result!
    expect(context!.demand.length).toBeGreaterThan(0)
    expect(context!.demand.every((d) => d.id.startsWith('590123'))).toBe(true)
    expect(['optimal', 'feasible']).toContain(result.status)
    expect(result.open).toHaveLength(3)
    // Covered weight recomputed: every assigned village lies within 15 km of its site, and the
    // households sent to a site fit its capacity.
    let covered = 0
    const load = new Map<string, number>()
    for (const d of context!.demand) {
      const siteId = result.assignment[d.id]
      if (!siteId) continue
      const site = context!.candidates.find((s) => s.id === siteId)!
      expect(metres(d.lngLat, site.lngLat)).toBeLessThanOrEqual(15000 + 1e-6)
      covered += d.weight
      load.set(siteId, (load.get(siteId) ?? 0) + d.size)
    }
    for (const [siteId, households] of load) {
      const capacity = context!.candidates.find((s) => s.id === siteId)!.capacity
      if (capacity !== null) expect(households).toBeLessThanOrEqual(capacity)
    }
    expect(result.objective).toBeCloseTo(covered, 6)
  })

  it('accepts a problem file body and reports capacity infeasibility as a result', async () => {
    const problem = {
      objective: 'p-median',
      p: 1,
      demand: [
        { id: 'a', weight: 10, size: 6 },
        { id: 'b', weight: 10, size: 6 },
      ],
      candidates: [
        { id: 's', capacity: 10 },
        { id: 't', capacity: 5 },
      ],
      costs: { a: { s: 1, t: 2 }, b: { s: 2, t: 1 } },
    }
    const response = await app.inject({ method: 'POST', url: '/api/sites/solve', payload: problem })
    expect(response.statusCode).toBe(202)
    const job = await waitForJob(app, response.json().jobId)
    expect(job.result!.result).toMatchObject({
      status: 'infeasible',
      reasonCode: 'capacity-below-demand',
    })
  })

  it('network costs run along the road graph and are never shorter than the straight line', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/sites/solve',
      payload: {
        admin: COUNTY,
        demand: villageCodes,
        siteIds,
        model: 'p-center',
        p: 2,
        costType: 'network',
        capacity: 'none',
      },
    })
    expect(response.statusCode).toBe(202)
    const job = await waitForJob(app, response.json().jobId)
    expect(job.error).toBeNull()
    const { result, context } = job.result!
    // The sample county's road network reaches every listed village and site.
    expect(context!.unreachablePairs).toBe(0)
    expect(result.status).toBe('optimal')
    for (const d of context!.demand) {
      const site = context!.candidates.find((s) => s.id === result.assignment[d.id])!
      expect(result.objective).toBeGreaterThanOrEqual(metres(d.lngLat, site.lngLat) * 0.99)
    }
  })

  it('answers GET /jobs/:id while a solve runs (worker thread) and reports progress', async () => {
    // A 300 x 300 heuristic p-median that runs for about 2 s.
    let state = 12345
    const random = (): number => {
      state = (state * 1664525 + 1013904223) >>> 0
      return state / 4294967296
    }
    const points = Array.from({ length: 300 }, () => [random() * 1e4, random() * 1e4] as const)
    const ids = points.map((_, i) => `p${String(i).padStart(3, '0')}`)
    const problem = {
      objective: 'p-median',
      p: 15,
      demand: ids.map((id) => ({ id, weight: 1 })),
      candidates: ids.map((id) => ({ id })),
      matrix: points.map((a) => points.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1]))),
      method: 'heuristic',
      timeLimitSeconds: 2,
    }
    const response = await app.inject({ method: 'POST', url: '/api/sites/solve', payload: problem })
    expect(response.statusCode).toBe(202)
    const jobId = response.json().jobId as string
    const seen = new Set<string>()
    let body: JobBody
    for (;;) {
      body = (await app.inject(`/api/jobs/${jobId}`)).json() as JobBody
      seen.add(body.status)
      if (body.status === 'done' || body.status === 'failed') break
      expect(body.progress).toBeGreaterThanOrEqual(0)
      expect(body.progress).toBeLessThan(1)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(seen.has('running')).toBe(true)
    expect(body.status).toBe('done')
    expect(body.progress).toBe(1)
    expect(['optimal', 'feasible']).toContain(body.result!.result.status)
  })

  it('rejects bad input with problem+json', async () => {
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/sites/solve',
      payload: {
        objective: 'p-median',
        p: 1,
        demand: [{ id: 'a', weight: 1 }],
        candidates: [{ id: 's' }],
        costs: { a: {} },
      },
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.headers['content-type']).toContain('application/problem+json')
    expect(invalid.json().detail).toContain('costs["a"]["s"]: missing pair')
    const unknownSite = await app.inject({
      method: 'POST',
      url: '/api/sites/solve',
      payload: {
        admin: COUNTY,
        model: 'p-median',
        p: 1,
        costType: 'straight',
        sites: { 'site:nope': 'required' },
      },
    })
    expect(unknownSite.statusCode).toBe(404)
    expect(unknownSite.json().code).toBe('site-not-found')
    const missingJob = await app.inject('/api/jobs/sites-nope-1')
    expect(missingJob.statusCode).toBe(404)
    expect(missingJob.json().code).toBe('job-not-found')
  })
})
