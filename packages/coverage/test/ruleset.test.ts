import {
  DEFAULT_RELOCATION_PARAMS,
  DomainError,
  findRelocationIssues,
  findRuleSetIssues,
  parseRuleSet,
} from '@tongcun/domain'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_RULESETS } from '../src/index'
import { builtIn } from './helpers'

describe('rule sets', () => {
  it('ships valid policy-2015 and rai-2km', () => {
    expect(BUILT_IN_RULESETS.map((r) => r.id)).toEqual(['policy-2015', 'rai-2km'])
    for (const ruleset of BUILT_IN_RULESETS) expect(findRuleSetIssues(ruleset)).toEqual([])
  })

  it('names the path and the reason of every bad field', () => {
    const ruleset = builtIn('policy-2015') as unknown as Record<string, Record<string, unknown>>
    ;(ruleset.road as Record<string, unknown>).surfaces = ['asphalt', 'tarmac']
    ;(ruleset.road as Record<string, unknown>).maxDistanceM = -5
    ;(ruleset.costs as Record<string, unknown>).mountainSlopeDeg = 1
    ;(ruleset.power as Record<string, unknown>).extra = true
    const issues = findRuleSetIssues(ruleset)
    expect(issues).toContainEqual({
      path: 'road.surfaces[1]',
      message: expect.stringContaining('"tarmac" is not a road surface'),
    })
    expect(issues).toContainEqual({ path: 'road.maxDistanceM', message: 'must be ≥ 0, got -5' })
    expect(issues).toContainEqual({
      path: 'costs.mountainSlopeDeg',
      message: 'must be ≥ costs.hillySlopeDeg (6), got 1',
    })
    expect(issues.map((i) => i.path)).toContain('power.extra')
  })

  it('throws invalid-ruleset naming the source and id', () => {
    const bad = { ...builtIn('rai-2km'), version: 1.5 }
    try {
      parseRuleSet(bad, 'upload.json')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).code).toBe('invalid-ruleset')
      expect((error as DomainError).message).toContain(
        '"rai-2km" in upload.json: version: must be an integer',
      )
    }
  })

  it('accepts a relocation section that is absent, null, partial or complete', () => {
    const ruleset = builtIn('policy-2015')
    for (const relocation of [undefined, null, {}, { size: { tinyPopulation: 50 } }]) {
      expect(findRuleSetIssues({ ...ruleset, relocation })).toEqual([])
    }
    expect(findRuleSetIssues({ ...ruleset, relocation: DEFAULT_RELOCATION_PARAMS })).toEqual([])
  })

  it('validates the relocation section field by field, with paths from the rule set root', () => {
    const relocation = {
      weights: { hazard: -0.2, cost: 'high', slope: 1 },
      relocateScore: 1.5,
      hazard: { fullShare: 0, overrideKinds: ['flood', 'quake'], severityWeight: { high: 2 } },
      cost: { countStatuses: ['gaps'], resettlementCostPerPersonCny: 0 },
      land: [],
      candidatesIncludeReview: 'yes',
    }
    expect(findRuleSetIssues({ ...builtIn('policy-2015'), relocation })).toEqual([
      { path: 'relocation.weights.slope', message: expect.stringContaining('unknown field') },
      { path: 'relocation.land', message: 'must be an object, got an array' },
      { path: 'relocation.relocateScore', message: 'must be a number between 0 and 1, got 1.5' },
      { path: 'relocation.candidatesIncludeReview', message: 'must be true or false, got "yes"' },
      { path: 'relocation.weights.hazard', message: 'must be ≥ 0, got -0.2' },
      { path: 'relocation.weights.cost', message: 'must be a finite number, got "high"' },
      {
        path: 'relocation.hazard.severityWeight.high',
        message: 'must be a number between 0 and 1, got 2',
      },
      {
        path: 'relocation.hazard.fullShare',
        message: 'must be a number above 0 and at most 1, got 0',
      },
      {
        path: 'relocation.hazard.overrideKinds[1]',
        message: expect.stringContaining('"quake" is not a hazard kind'),
      },
      { path: 'relocation.cost.resettlementCostPerPersonCny', message: 'must be > 0, got 0' },
      {
        path: 'relocation.cost.countStatuses[0]',
        message: expect.stringContaining('"gaps" is not a coverage status'),
      },
    ])
    expect(findRelocationIssues(42)).toEqual([
      { path: 'relocation', message: 'must be an object, got 42' },
    ])
  })

  it('checks relocation orderings on the values after defaults, naming the field given', () => {
    expect(findRelocationIssues({ reviewScore: 0.6 })).toEqual([
      {
        path: 'relocation.reviewScore',
        message: 'must be ≤ relocation.relocateScore (0.55, the default), got 0.6',
      },
    ])
    expect(findRelocationIssues({ reviewScore: 0.5, relocateScore: 0.4 })).toEqual([
      {
        path: 'relocation.relocateScore',
        message: 'must be ≥ relocation.reviewScore (0.5), got 0.4',
      },
    ])
    expect(findRelocationIssues({ remoteness: { roadFarM: 400 } })).toEqual([
      {
        path: 'relocation.remoteness.roadFarM',
        message: 'must be > relocation.remoteness.roadNearM (500, the default), got 400',
      },
    ])
    // equal low and high thresholds would divide by zero in the ramp
    expect(findRelocationIssues({ land: { scarceMu: 1, enoughMu: 1 } })).toEqual([
      {
        path: 'relocation.land.enoughMu',
        message: 'must be > relocation.land.scarceMu (1), got 1',
      },
    ])
    expect(
      findRelocationIssues({
        weights: { hazard: 0, cost: 0, size: 0, remoteness: 0, terrain: 0, land: 0 },
      }),
    ).toEqual([
      {
        path: 'relocation.weights',
        message: 'must not all be 0 (at least one factor must count)',
      },
    ])
    // a field already reported is not compared again
    expect(findRelocationIssues({ reviewScore: 'x' }).map((i) => i.path)).toEqual([
      'relocation.reviewScore',
    ])
  })

  it('rejects a rule set with a bad relocation section as invalid-ruleset, by field path', () => {
    const bad = { ...builtIn('rai-2km'), relocation: { weights: { hazard: -1 } } }
    try {
      parseRuleSet(bad, 'upload.json')
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('invalid-ruleset')
      expect((error as DomainError).message).toContain(
        '"rai-2km" in upload.json: relocation.weights.hazard: must be ≥ 0, got -1',
      )
      expect((error as DomainError).details?.errors).toEqual([
        { path: 'relocation.weights.hazard', message: 'must be ≥ 0, got -1' },
      ])
    }
  })
})
