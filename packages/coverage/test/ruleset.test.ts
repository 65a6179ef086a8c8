import { DomainError, findRuleSetIssues, parseRuleSet } from '@tongcun/domain'
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
})
