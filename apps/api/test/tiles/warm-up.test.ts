/**
 * Background warm-up (src/warm-up.ts) and the relocation tile provider's reuse of the cached coverage
 * run: the tiles chosen for the whole-data view are checked against a brute-force tile search written
 * here; the provider's statuses are compared with a relocation assessment computed from scratch
 * (region loaded and coverage assessed again); coverage analyses are counted to show the
 * relocation provider and the first page's requests do not recompute coverage.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as Coverage from '@tongcun/coverage'
import { buildApp } from '../../src/app'
import { getCoverage } from '../../src/db/queries/coverage'
import { loadRegionData } from '../../src/db/queries/region'
import { runRelocationAssessment } from '../../src/db/queries/relocation'
import { getRuleset } from '../../src/db/queries/rulesets'
import { selectTileDataExtent } from '../../src/db/queries/tiles'
import { invalidateTiles, renderTile } from '../../src/tiles/tile-service'
import { registeredVillageStatusProviders } from '../../src/tiles/village-status'
import { tilesCovering, warmUpCaches } from '../../src/warm-up'
import { createTestDatabase, seedSampleRegion, type Database } from '../helpers/test-db'

// Every coverage analysis started from outside the package: the API's (computeCoverageInParallel
// starts each with createCoverageRun) and the test's own assessCoverage.
const calls = vi.hoisted(() => ({ assessCoverage: 0 }))
vi.mock('@tongcun/coverage', async (importOriginal) => {
  const actual = await importOriginal<typeof Coverage>()
  return {
    ...actual,
    assessCoverage: (...args: Parameters<typeof actual.assessCoverage>) => {
      calls.assessCoverage += 1
      return actual.assessCoverage(...args)
    },
    computeCoverage: (...args: Parameters<typeof actual.computeCoverage>) => {
      calls.assessCoverage += 1
      return actual.computeCoverage(...args)
    },
    createCoverageRun: (...args: Parameters<typeof actual.createCoverageRun>) => {
      calls.assessCoverage += 1
      return actual.createCoverageRun(...args)
    },
  }
})

type Box = [number, number, number, number]

/** Tile x/y → lng/lat of its north-west corner (slippy-map formulas, written here). */
function tileCorner(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z
  const lng = (x / n) * 360 - 180
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI
  return [lng, lat]
}

/**
 * Every tile of zoom z whose bounds intersect the box: columns and rows are found by scanning all of
 * them (a tile intersects when its column and its row both do).
 */
function bruteForceTiles(box: Box, z: number): string[] {
  const n = 2 ** z
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < n; i++) {
    const [w, north] = tileCorner(z, i, i)
    const [e, south] = tileCorner(z, i + 1, i + 1)
    // Half-open tiles: a box edge exactly on a tile edge belongs to the tile east/south of it.
    if (w <= box[2] && e > box[0]) xs.push(i)
    if (south < box[3] && north >= box[1]) ys.push(i)
  }
  return xs.flatMap((x) => ys.map((y) => `${z}/${x}/${y}`)).sort()
}

describe('tilesCovering', () => {
  it('returns the tiles of the highest zoom at which at most maxTiles cover the box', () => {
    const boxes: Box[] = [
      [103.1, 27.2, 103.9, 27.8],
      [-0.5, -0.5, 0.5, 0.5],
      [116.39, 39.9, 116.41, 39.92],
    ]
    for (const box of boxes) {
      for (const maxTiles of [1, 4, 16]) {
        const got = tilesCovering(box, maxTiles)
        const z = got[0]!.z
        expect(got.map((t) => `${t.z}/${t.x}/${t.y}`).sort()).toEqual(bruteForceTiles(box, z))
        expect(got.length).toBeLessThanOrEqual(maxTiles)
        if (z < 14) expect(bruteForceTiles(box, z + 1).length).toBeGreaterThan(maxTiles)
      }
    }
  })
})

describe('warm-up on the sample region (pglite)', () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase('pglite')
    await seedSampleRegion(database)
    await buildApp({ database }) // registers the coverage and relocation tile providers
  })
  afterAll(async () => {
    await database?.close()
  })

  it('fills coverage, statuses and tiles once; relocation reuses the coverage run', async () => {
    invalidateTiles(database)
    calls.assessCoverage = 0
    const report = await warmUpCaches(database, { rulesetId: 'policy-2015' })
    expect(report.status).toBe('done')
    expect(report.villages).toBe(300)
    expect(report.tiles).toBeGreaterThan(0)
    // One run for all villages, shared by the coverage and relocation providers and by the sample's
    // one province (which holds every village).
    const afterWarmUp = calls.assessCoverage
    expect(afterWarmUp).toBe(1)

    // The first page's tiles are served without computing coverage again.
    const extent = await selectTileDataExtent(database.db)
    const extentTiles = tilesCovering(extent!)
    expect(extentTiles.length).toBe(report.tiles)
    for (const tile of extentTiles) await renderTile(database, tile, { rulesetId: 'policy-2015' })
    expect(calls.assessCoverage).toBe(afterWarmUp)
  })

  it('coverage of a unit holding every village equals a fresh run of that unit', async () => {
    const province = '590000000000'
    const shared = await getCoverage(database, { rulesetId: 'policy-2015', adminCode: province })
    expect(shared.adminCode).toBe(province)
    const before = calls.assessCoverage
    const { assessCoverage } = await import('@tongcun/coverage')
    const fresh = assessCoverage(
      await loadRegionData(database.db, { adminCode: province }),
      await getRuleset(database.db, 'policy-2015'),
    )
    expect(calls.assessCoverage).toBe(before + 1)
    expect(shared.result).toEqual(fresh)
    // A township (a part of the villages) is computed on its own region.
    const township = await getCoverage(database, {
      rulesetId: 'policy-2015',
      adminCode: '590123101000',
    })
    expect(calls.assessCoverage).toBe(before + 2)
    const inTownship = shared.result.villages.filter((v) => v.code.startsWith('590123101'))
    expect(township.result.villages.map((v) => v.code)).toEqual(inTownship.map((v) => v.code))
  })

  it('relocation statuses from the reused coverage run equal a fresh assessment', async () => {
    const provider = registeredVillageStatusProviders().find((p) => p.name === 'relocation')
    expect(provider).toBeDefined()
    const statuses = await provider!.load(database, { rulesetId: 'policy-2015' })
    const before = calls.assessCoverage
    const fresh = await runRelocationAssessment(database.db, { rulesetId: 'policy-2015' })
    expect(calls.assessCoverage).toBe(before + 1) // no coverage given: computed from scratch
    expect(fresh.assessments.length).toBe(300)
    for (const a of fresh.assessments) {
      expect(statuses.get(a.code)).toEqual({ relocation: a.recommendation, decision: a.decision })
    }
    const recommendations = new Set(fresh.assessments.map((a) => a.recommendation))
    expect(recommendations.size).toBeGreaterThan(1) // not a trivial all-equal answer
  })

  it('does nothing when aborted and skips sets above maxVillages', async () => {
    const controller = new AbortController()
    controller.abort()
    expect((await warmUpCaches(database, { signal: controller.signal })).status).toBe('aborted')
    const lines: string[] = []
    const skipped = await warmUpCaches(database, { maxVillages: 10, log: (l) => lines.push(l) })
    expect(skipped.status).toBe('skipped')
    expect(lines.join('\n')).toMatch(/300 villages/)
  })
})
