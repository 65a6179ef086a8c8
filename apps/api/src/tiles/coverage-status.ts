/**
 * The coverage engine as a village status provider: `cov_<network>` = the network's coverage status
 * (`covered` | `gap` | `covered-when-planned`, or `not-assessed` when the rule set skips the network),
 * `fully_covered` = 1 when every assessed network is covered, else 0. Computed by `getCoverage`
 * (which caches per rule set and data fingerprint) over all villages, once per tile data version.
 */
import { COVERAGE_NETWORKS } from '@tongcun/domain'
import { getCoverage } from '../db/queries/coverage'
import {
  COVERAGE_TILE_FIELDS,
  type VillageStatusProvider,
  type VillageTileStatus,
} from './village-status'

export const coverageStatusProvider: VillageStatusProvider = {
  name: 'coverage',
  fields: COVERAGE_TILE_FIELDS,
  async load(database, { rulesetId }) {
    const run = await getCoverage(database, { rulesetId })
    const statuses = new Map<string, VillageTileStatus>()
    for (const village of run.result.villages) {
      const status: VillageTileStatus = { fully_covered: village.fullyCovered ? 1 : 0 }
      for (const network of COVERAGE_NETWORKS)
        status[`cov_${network}`] = village.coverage[network].status
      statuses.set(village.code, status)
    }
    return statuses
  },
}
