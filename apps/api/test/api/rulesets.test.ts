/**
 * Rule sets on both engines: the whole rule set (its `relocation` section included) is validated
 * before anything is stored, and one loader (`getRuleset`) resolves an id for coverage, relocation,
 * clusters and sites alike. Also `tongcun coverage --ruleset <file>` rejecting a bad relocation section.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBuiltInRuleSet } from '@tongcun/coverage'
import { DomainError, type RuleSet } from '@tongcun/domain'
import { buildApp } from '../../src/app'
import { buildProgram } from '../../src/cli/index'
import { buildSitingProblem } from '../../src/db/queries/sites'
import { chooseRulesetSource, getRuleset } from '../../src/db/queries/rulesets'
import * as mini from '../fixtures/mini-region'
import { writeMiniRegionDir } from '../helpers/fixtures'
import {
  createTestDatabase,
  seedSampleRegion,
  testEngines,
  type Database,
} from '../helpers/test-db'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies from inject() are read loosely
type Json = Record<string, any>

function builtIn(id: string): RuleSet {
  const ruleset = findBuiltInRuleSet(id)
  if (!ruleset) throw new Error(`no built-in rule set ${id}`)
  return structuredClone(ruleset)
}

/** Sum of `costToClose` of the networks with status `gap`, per village, from a coverage response. */
function gapCostByVillage(coverage: Json): Map<string, number> {
  return new Map(
    coverage.features.map((feature: Json) => {
      let sum = 0
      for (const result of Object.values(feature.properties.coverage) as Json[]) {
        if (result.status === 'gap' && typeof result.costToClose === 'number')
          sum += result.costToClose
      }
      return [feature.properties.code, sum]
    }),
  )
}

describe.each(testEngines())('rule sets on %s', (engine) => {
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

  const storedRows = () =>
    database.db
      .selectFrom('ruleset')
      .select(['id', 'version', 'name', 'body'])
      .orderBy('id')
      .orderBy('version')
      .execute()

  it('POST /rulesets rejects a bad relocation section with 422 by field path and stores nothing', async () => {
    const valid = {
      ...builtIn('rai-2km'),
      id: 'county-relocation',
      version: 1,
      relocation: { relocateScore: 0.6 },
    }
    const created = await app.inject({ method: 'POST', url: '/api/rulesets', payload: valid })
    expect(created.statusCode).toBe(201)
    const before = await storedRows()
    expect(before.map((row) => [row.id, row.version])).toContainEqual(['county-relocation', 1])

    const bad = await app.inject({
      method: 'POST',
      url: '/api/rulesets',
      payload: {
        ...valid,
        version: 2,
        relocation: { weights: { hazard: -1 }, hazard: { fullShare: 'most' }, reviewScore: 0.7 },
      },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    const problem = bad.json() as Json
    expect(problem).toMatchObject({
      type: '/problems/invalid-ruleset',
      status: 422,
      code: 'invalid-ruleset',
    })
    expect(problem.detail).toContain('relocation.weights.hazard: must be ≥ 0, got -1')
    expect(problem.errors).toEqual([
      { path: 'relocation.weights.hazard', message: 'must be ≥ 0, got -1' },
      { path: 'relocation.hazard.fullShare', message: 'must be a finite number, got "most"' },
      {
        path: 'relocation.reviewScore',
        message: 'must be ≤ relocation.relocateScore (0.55, the default), got 0.7',
      },
    ])
    expect(await storedRows()).toEqual(before)
    expect(((await app.inject('/api/rulesets/county-relocation')).json() as Json).version).toBe(1)
    // a relocation section that is not an object at all
    const notObject = await app.inject({
      method: 'POST',
      url: '/api/rulesets',
      payload: { ...valid, version: 2, relocation: 'strict' },
    })
    expect(notObject.statusCode).toBe(422)
    expect((notObject.json() as Json).errors).toEqual([
      { path: 'relocation', message: 'must be an object, got "strict"' },
    ])
    expect(await storedRows()).toEqual(before)
  })

  it('coverage, relocation, clusters and sites all use the version a POST adds', async () => {
    const admin = mini.COUNTY
    const coverageV1 = (await app.inject(`/api/coverage?ruleset=policy-2015&admin=${admin}`)).json()
    const relocationV1 = (
      await app.inject(`/api/relocation/candidates?ruleset=policy-2015&admin=${admin}`)
    ).json() as Json
    expect(coverageV1.properties.ruleset.version).toBe(1)
    expect(relocationV1.properties.rulesetVersion).toBe(1)

    // v2: dearer bus gaps and a 1 m road standard (coverage), and every village a candidate (relocation)
    const v2 = builtIn('policy-2015')
    v2.version = 2
    v2.road = { ...v2.road!, maxDistanceM: 1 }
    v2.costs = { ...v2.costs, busPerVillage: 7_654_321 }
    v2.relocation = { relocateScore: 0, reviewScore: 0 }
    const posted = await app.inject({ method: 'POST', url: '/api/rulesets', payload: v2 })
    expect(posted.statusCode).toBe(201)

    const coverage = (await app.inject(`/api/coverage?ruleset=policy-2015&admin=${admin}`)).json()
    expect(coverage.properties.ruleset).toMatchObject({ id: 'policy-2015', version: 2 })
    const relocation = (
      await app.inject(`/api/relocation/candidates?ruleset=policy-2015&admin=${admin}`)
    ).json() as Json
    expect(relocation.properties.rulesetVersion).toBe(2)
    expect(relocation.properties.params).toMatchObject({ relocateScore: 0, reviewScore: 0 })
    const villages = relocation.features.map((f: Json) => f.properties.code).sort()
    expect(villages.length).toBeGreaterThan(1)
    expect(relocation.features.every((f: Json) => f.properties.relocation.isCandidate)).toBe(true)

    // The in-situ cost of each village is the sum of its gap costs under the coverage of v2
    // (recomputed here from the coverage response), and that differs from v1's for some village.
    const gapCostV2 = gapCostByVillage(coverage)
    const gapCostV1 = gapCostByVillage(coverageV1)
    let differsFromV1 = 0
    for (const feature of relocation.features as Json[]) {
      const { code } = feature.properties
      const inSitu = feature.properties.relocation.inSituCostCny
      expect(inSitu, code).toBeCloseTo(gapCostV2.get(code)!, 6)
      if (Math.abs(inSitu - gapCostV1.get(code)!) > 1) differsFromV1++
    }
    expect(differsFromV1).toBeGreaterThan(0)

    // clusters of candidates and site-demand candidates: every village, as v2's relocation section says
    const clusters = (
      await app.inject(`/api/clusters?ruleset=policy-2015&admin=${admin}&eps_m=3000&min_points=1`)
    ).json() as Json
    expect(clusters.features.map((f: Json) => f.properties.code).sort()).toEqual(villages)
    const { problem } = await buildSitingProblem(database.db, {
      admin,
      ruleset: 'policy-2015',
      demand: 'candidates',
      model: 'p-median',
      p: 1,
      costType: 'straight',
    })
    expect(problem.demand.map((d) => d.id).sort()).toEqual(villages)
  })

  it('resolves a stored version equal to the built-in one to the stored one, latest or asked for', async () => {
    // A release shipping a built-in version a planner had already stored (bypassing POST's check).
    const stored = { ...builtIn('rai-2km'), name: 'Stored RAI', relocation: { relocateScore: 0.9 } }
    await database.db
      .insertInto('ruleset')
      .values({ id: 'rai-2km', version: 1, name: stored.name, body: JSON.stringify(stored) })
      .execute()
    expect((await getRuleset(database.db, 'rai-2km')).name).toBe('Stored RAI')
    expect((await getRuleset(database.db, 'rai-2km', 1)).name).toBe('Stored RAI')
    const relocation = (
      await app.inject(`/api/relocation/candidates?ruleset=rai-2km&admin=${mini.COUNTY}`)
    ).json() as Json
    expect(relocation.properties).toMatchObject({ ruleset: 'rai-2km', rulesetVersion: 1 })
    expect(relocation.properties.params.relocateScore).toBe(0.9)
    await expect(getRuleset(database.db, 'rai-2km', 2)).rejects.toMatchObject({
      code: 'ruleset-not-found',
    })
  })
})

describe('chooseRulesetSource', () => {
  it('takes the highest version, the stored one on a tie', () => {
    expect(chooseRulesetSource(null, null)).toBeNull()
    expect(chooseRulesetSource(null, 1)).toBe('built-in')
    expect(chooseRulesetSource(3, null)).toBe('stored')
    expect(chooseRulesetSource(2, 1)).toBe('stored')
    expect(chooseRulesetSource(1, 1)).toBe('stored')
    // a release shipping built-in v3 supersedes a stored v2, for coverage and relocation alike
    expect(chooseRulesetSource(2, 3)).toBe('built-in')
  })
})

// The CLI checks a rule-set file before it opens any database.
describe('tongcun coverage --ruleset <file>', () => {
  it('rejects a file whose relocation section is bad, by field path, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-ruleset-'))
    const file = path.join(dir, 'bad.json')
    const out = path.join(dir, 'out.geojson')
    const dataDir = path.join(dir, 'data')
    fs.writeFileSync(
      file,
      JSON.stringify({ ...builtIn('rai-2km'), relocation: { land: { scarceMu: -0.5 } } }),
    )
    const run = (await buildProgram()).parseAsync([
      'node',
      'tongcun',
      '--data-dir',
      dataDir,
      'coverage',
      '--ruleset',
      file,
      '--format',
      'geojson',
      '--out',
      out,
    ])
    const error = await run.then(
      () => null,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).code).toBe('invalid-ruleset')
    expect((error as DomainError).message).toContain(
      `in ${file}: relocation.land.scarceMu: must be ≥ 0, got -0.5`,
    )
    expect((error as DomainError).details?.errors).toEqual([
      { path: 'relocation.land.scarceMu', message: 'must be ≥ 0, got -0.5' },
    ])
    expect(fs.existsSync(out)).toBe(false)
    expect(fs.existsSync(dataDir)).toBe(false)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
