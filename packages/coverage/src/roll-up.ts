import { COVERAGE_NETWORKS, adminCodeAt } from '@tongcun/domain'
import type {
  AdminLevel,
  AdminUnitProperties,
  CoverageNetwork,
  CoverageResult,
  RankedGap,
  RollUpNetwork,
  RollUpUnit,
  VillageCoverage,
} from '@tongcun/domain'
import { percent } from './assess-coverage'

function unitCodeOf(village: VillageCoverage, level: AdminLevel): string {
  if (level === 'village') return village.code
  if (level === 'township') return village.township_code
  if (level === 'county') return village.county_code
  return adminCodeAt(village.code, level)
}

/**
 * Rolls village results up to the units of one admin level (villages grouped by their township /
 * county code, or by code prefix for city and province).
 * @param adminUnits units for names (any levels; unknown codes are named by their code)
 * @param options.maxGaps keep at most this many ranked gaps per unit (default: all)
 * @returns one entry per unit that has villages, sorted by code; populations and poor people are
 *   sums where known (null counts as 0), percentages have one decimal
 */
export function rollUpCoverage(
  result: CoverageResult,
  adminUnits: readonly AdminUnitProperties[],
  level: AdminLevel,
  options: { maxGaps?: number } = {},
): RollUpUnit[] {
  const names = new Map(adminUnits.map((unit) => [unit.code, unit.name]))
  const groups = new Map<string, VillageCoverage[]>()
  for (const village of result.villages) {
    const code = unitCodeOf(village, level)
    const list = groups.get(code)
    if (list) list.push(village)
    else groups.set(code, [village])
  }
  return [...groups.keys()].sort().map((code) => {
    const villages = groups.get(code) ?? []
    const networks = Object.fromEntries(
      COVERAGE_NETWORKS.map((network) => [
        network,
        {
          covered: 0,
          gap: 0,
          coveredWhenPlanned: 0,
          notAssessed: 0,
          coveredPct: null,
          gapPopulation: 0,
          gapPoorPeople: 0,
          costToClose: 0,
        },
      ]),
    ) as Record<CoverageNetwork, RollUpNetwork>
    const gaps: RankedGap[] = []
    let population = 0
    let poorPeople = 0
    let fullyCovered = 0
    let costToClose = 0
    for (const village of villages) {
      population += village.population ?? 0
      poorPeople += village.poor_people ?? 0
      if (village.fullyCovered) fullyCovered++
      for (const network of COVERAGE_NETWORKS) {
        const item = village.coverage[network]
        const summary = networks[network]
        if (item.status === 'covered') summary.covered++
        else if (item.status === 'covered-when-planned') summary.coveredWhenPlanned++
        else if (item.status === 'not-assessed') summary.notAssessed++
        else {
          summary.gap++
          summary.gapPopulation += village.population ?? 0
          summary.gapPoorPeople += village.poor_people ?? 0
          summary.costToClose += item.costToClose ?? 0
          costToClose += item.costToClose ?? 0
        }
        if (item.status === 'gap' || item.status === 'covered-when-planned') {
          gaps.push({
            code: village.code,
            name: village.name,
            network,
            status: item.status,
            distanceM: item.distanceM,
            costToClose: item.costToClose,
            population: village.population,
            poor_people: village.poor_people,
            reason: item.reason,
            reasonZh: item.reasonZh,
          })
        }
      }
    }
    for (const network of COVERAGE_NETWORKS) {
      const summary = networks[network]
      summary.coveredPct = percent(summary.covered, villages.length - summary.notAssessed)
    }
    const order = (network: CoverageNetwork) => COVERAGE_NETWORKS.indexOf(network)
    gaps.sort(
      (a, b) =>
        (a.status === 'gap' ? 0 : 1) - (b.status === 'gap' ? 0 : 1) ||
        (b.poor_people ?? 0) - (a.poor_people ?? 0) ||
        (b.population ?? 0) - (a.population ?? 0) ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
        order(a.network) - order(b.network),
    )
    return {
      code,
      name: names.get(code) ?? code,
      level,
      villages: villages.length,
      population,
      poorPeople,
      fullyCovered,
      fullyCoveredPct: percent(fullyCovered, villages.length),
      attained: villages.length > 0 && fullyCovered === villages.length,
      costToClose,
      networks,
      gaps: options.maxGaps !== undefined ? gaps.slice(0, options.maxGaps) : gaps,
    }
  })
}
