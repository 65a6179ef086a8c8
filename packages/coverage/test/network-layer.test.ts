import { createLocalProjection } from '@tongcun/spatial'
import type { FeatureStatus, PlannedRule } from '@tongcun/domain'
import { describe, expect, it } from 'vitest'
import {
  buildNetworkUniverse,
  findActiveFrom,
  isActiveAt,
  isActiveFrom,
  listPlannedStages,
  maskActiveParts,
} from '../src/network-layer'
import type { Stage } from '../src/network-layer'
import { createLine } from './helpers'

const STATUSES: FeatureStatus[] = ['existing', 'under-construction', 'planned']
const YEARS = [null, undefined, 2019, 2020, 2021, 2030]
const PLANNED_RULES: PlannedRule[] = [
  { statuses: ['under-construction', 'planned'], latestCompletionYear: null },
  { statuses: ['under-construction', 'planned'], latestCompletionYear: 2020 },
  { statuses: ['under-construction'], latestCompletionYear: 2021 },
  { statuses: [], latestCompletionYear: null },
]
const STAGES: Stage[] = ['existing', 2018, 2019, 2020, 2021, 2029, 2030, 2031, 'unknown']

describe('stage columns (findActiveFrom, maskActiveParts)', () => {
  // Every combination of status and completion year, one feature each, the odd ones multi-part
  // (both parts must get the feature's answer).
  const lines = STATUSES.flatMap((status) =>
    YEARS.map((year, i) => {
      const id = `line:${status}:${String(year)}`
      const base = [104 + i * 0.01, 28 + STATUSES.indexOf(status) * 0.01]
      const part = (shift: number) => [
        [base[0] ?? 0, (base[1] ?? 0) + shift],
        [(base[0] ?? 0) + 0.005, (base[1] ?? 0) + shift],
      ]
      const extra = year === undefined ? { status } : { status, completion_year: year }
      return createLine(
        id,
        'power',
        'distribution',
        i % 2 ? [part(0), part(0.002)] : part(0),
        extra,
      )
    }),
  )
  const universe = buildNetworkUniverse(lines, createLocalProjection(28), 1)

  it('says what isActiveAt says, for every part, rule and stage', () => {
    expect(universe.partCount).toBe(lines.length + lines.length / 2)
    let compared = 0
    for (const planned of PLANNED_RULES) {
      for (const countPlanned of [true, false]) {
        const from = findActiveFrom(universe, planned, countPlanned)
        for (const stage of STAGES) {
          for (let part = 0; part < universe.partCount; part++) {
            const feature = lines[universe.partFeature[part] ?? -1]
            if (!feature) throw new Error(`part ${part} has no feature`)
            const expected = isActiveAt(feature.properties, stage, planned, countPlanned)
            expect(
              isActiveFrom(from[part] ?? NaN, stage),
              `${feature.properties.id} at ${stage}`,
            ).toBe(expected)
            compared++
          }
        }
      }
    }
    expect(compared).toBe(PLANNED_RULES.length * 2 * STAGES.length * universe.partCount)
  })

  it('masks only the parts of the given mask that exist at the stage', () => {
    const planned = PLANNED_RULES[0] as PlannedRule
    const from = findActiveFrom(universe, planned, true)
    // Every other part qualifies.
    const qualifying = Uint8Array.from({ length: universe.partCount }, (_, part) =>
      part % 2 ? 0 : 1,
    )
    for (const stage of [
      ...listPlannedStages(
        lines.map((l) => l.properties),
        planned,
        true,
      ),
      'existing' as const,
    ]) {
      const mask = maskActiveParts(qualifying, from, stage)
      for (let part = 0; part < universe.partCount; part++) {
        const feature = lines[universe.partFeature[part] ?? -1]
        const expected =
          part % 2 === 0 &&
          feature !== undefined &&
          isActiveAt(feature.properties, stage, planned, true)
        expect(mask[part], `part ${part} at ${stage}`).toBe(expected ? 1 : 0)
      }
    }
  })
})
