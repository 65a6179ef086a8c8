/** Rule sets for tests: the built-in ones, and one that makes service areas and cell sites decide. */
import type { RuleSet } from '@tongcun/domain'
import { findBuiltInRuleSet } from '@tongcun/coverage'

export function builtIn(id: string): RuleSet {
  const ruleset = findBuiltInRuleSet(id)
  if (!ruleset) throw new Error(`no rule set ${id}`)
  return ruleset
}

/**
 * policy-2015 with water and broadband decided by service areas and cell sites (lines count only
 * within 1 m), so that covering areas and cell sites decide many villages.
 */
export function decidedByAreas(): RuleSet {
  const policy = builtIn('policy-2015')
  return {
    ...policy,
    water: policy.water ? { ...policy.water, maxDistanceM: 1 } : null,
    broadband: policy.broadband
      ? { ...policy.broadband, maxDistanceM: 1, countCellSites: true }
      : null,
  }
}
