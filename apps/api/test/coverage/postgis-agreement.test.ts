/**
 * The coverage engine against an independent PostGIS computation (issue 3 "Where it runs"), on both
 * engines: on the sample region (every village) and on a 2,000-village block of the synthetic 50k
 * province. Distances must agree within 1 m; covered/gap decisions must be equal except for
 * villages within 1 m of a threshold.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportLayer, RegionData, RuleSet } from '@tongcun/domain'
import { assessCoverage, findBuiltInRuleSet } from '@tongcun/coverage'
import type { Feature, Point } from 'geojson'
import { loadRegionData } from '../../src/db/queries/region'
import { insertFeatures } from '../../src/db/queries/write'
import {
  createTestDatabase,
  resetTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'
import { referenceDistances } from './postgis-reference'

const NETWORKS = ['road', 'bus', 'water', 'power', 'broadband'] as const

function limitOf(ruleset: RuleSet, network: (typeof NETWORKS)[number]): number | null {
  if (network === 'bus') return null // decided along the network, not by straight distance
  return ruleset[network]?.maxDistanceM ?? null
}

async function checkAgreement(
  database: Database,
  region: RegionData,
  ruleset: RuleSet,
  options: { codes?: string[]; searchRadiusFrom?: boolean } = {},
): Promise<{ compared: number; worstM: number; decisions: number }> {
  const result = assessCoverage(region, ruleset)
  let compared = 0
  let worstM = 0
  let decisions = 0
  for (const network of NETWORKS) {
    if (ruleset[network] === null) continue
    const reference = await referenceDistances(database, region, ruleset, result, network, options)
    expect(reference.size).toBe(options.codes?.length ?? result.villages.length)
    for (const village of result.villages) {
      const ref = reference.get(village.code)
      if (!ref) continue
      const mine = village.coverage[network].distanceM
      if (ref.distanceM === null || mine === null) {
        expect(mine, `${network} ${village.code}`).toBe(ref.distanceM)
        continue
      }
      const error = Math.abs(mine - ref.distanceM)
      worstM = Math.max(worstM, error)
      expect(
        error,
        `${network} ${village.code}: engine ${mine} m, PostGIS ${ref.distanceM} m`,
      ).toBeLessThan(1)
      compared++
      const limit = limitOf(ruleset, network)
      if (limit === null || Math.abs(ref.distanceM - limit) < 1) continue
      const postgisCovered = ref.distanceM <= limit || ref.coveredOtherwise
      expect(
        village.coverage[network].status === 'covered',
        `${network} ${village.code} decision`,
      ).toBe(postgisCovered)
      decisions++
    }
  }
  return { compared, worstM, decisions }
}

describe.each(testEngines())('coverage agrees with PostGIS geography on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('on the sample region, every village and network, both rule sets', async () => {
    await resetTestDatabase(database)
    await seedSampleRegion(database)
    const region = await loadRegionData(database.db, {})
    expect(region.villages.length).toBeGreaterThan(200)
    for (const id of ['policy-2015', 'rai-2km']) {
      const ruleset = findBuiltInRuleSet(id)
      if (!ruleset) throw new Error(id)
      const { compared, decisions, worstM } = await checkAgreement(database, region, ruleset)
      console.info(
        `${engine} sample ${id}: ${compared} distances, worst ${worstM.toFixed(3)} m, ${decisions} decisions`,
      )
      expect(compared).toBeGreaterThan(region.villages.length * (id === 'rai-2km' ? 0.9 : 4))
      expect(decisions).toBeGreaterThan(0)
    }
  })

  it('on a 2,000-village block of the synthetic 50k province', async () => {
    await resetTestDatabase(database)
    // geodata is not a project reference of apps/api (tsc -b): load it at run time, typed here.
    const geodata = '@tongcun/geodata'
    const { generateRegion } = (await import(geodata)) as {
      generateRegion(options: {
        seed: number
        scale: 'province'
      }): Record<ImportLayer, { features: Feature[] }>
    }
    const province = generateRegion({ seed: 20151129, scale: 'province' })
    const villages = province.villages.features as Feature<Point>[]
    expect(villages.length).toBeGreaterThanOrEqual(49_000)
    // A contiguous block: the 2,000 villages nearest (in code order) to the middle of the list.
    const start = Math.floor(villages.length / 2)
    const block = villages.slice(start, start + 2000)
    const lngs = block.map((v) => v.geometry.coordinates[0] ?? 0)
    const lats = block.map((v) => v.geometry.coordinates[1] ?? 0)
    const margin = 0.25 // degrees (~25 km): more than loadRegionData's 20 km margin
    const [west, east] = [Math.min(...lngs) - margin, Math.max(...lngs) + margin]
    const [south, north] = [Math.min(...lats) - margin, Math.max(...lats) + margin]
    const inBox = (feature: Feature) => {
      const text = JSON.stringify(feature.geometry)
      const numbers = text.match(/-?\d+\.\d+|-?\d+/g)?.map(Number) ?? []
      for (let i = 0; i + 1 < numbers.length; i += 2) {
        const [x, y] = [numbers[i] ?? 0, numbers[i + 1] ?? 0]
        if (x >= west && x <= east && y >= south && y <= north) return true
      }
      return false
    }
    const layers: ImportLayer[] = ['villages', 'road', 'water', 'power', 'broadband', 'facilities']
    for (const layer of layers) {
      const features = layer === 'villages' ? block : province[layer].features.filter(inBox)
      for (let i = 0; i < features.length; i += 2000) {
        await database.db
          .transaction()
          .execute((trx) => insertFeatures(trx, layer, features.slice(i, i + 2000)))
      }
    }
    await sql`ANALYZE`.execute(database.db)
    const region = await loadRegionData(database.db, {})
    expect(region.villages).toHaveLength(2000)
    const ruleset = findBuiltInRuleSet('policy-2015')
    if (!ruleset) throw new Error('policy-2015')
    const { compared, decisions, worstM } = await checkAgreement(database, region, ruleset, {
      searchRadiusFrom: true,
    })
    console.info(
      `${engine} province block: ${compared} distances, worst ${worstM.toFixed(3)} m, ${decisions} decisions`,
    )
    expect(compared).toBeGreaterThan(2000 * 4)
    expect(decisions).toBeGreaterThan(2000 * 3)
  })
})
