import { parseRuleSet } from '@tongcun/domain'
import type { RuleSet } from '@tongcun/domain'
import policy2015 from '../rulesets/policy-2015.json'
import rai2km from '../rulesets/rai-2km.json'

/**
 * The rule sets shipped with Tongcun (`rulesets/*.json`), validated at load, in id order.
 * `policy-2015`: programme targets for all five networks; `rai-2km`: World Bank Rural Access Index
 * (roads only; the other networks are `not-assessed`).
 */
export const BUILT_IN_RULESETS: readonly RuleSet[] = Object.freeze(
  [
    parseRuleSet(policy2015, 'packages/coverage/rulesets/policy-2015.json'),
    parseRuleSet(rai2km, 'packages/coverage/rulesets/rai-2km.json'),
  ].sort((a, b) => (a.id < b.id ? -1 : 1)),
)

/** A built-in rule set by id, or undefined. */
export function findBuiltInRuleSet(id: string): RuleSet | undefined {
  return BUILT_IN_RULESETS.find((ruleset) => ruleset.id === id)
}
