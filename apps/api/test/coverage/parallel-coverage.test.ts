/**
 * Coverage on worker threads: the same bytes as `computeCoverage` in one thread, for any number of
 * threads, and the one-thread answer when a worker cannot help.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RegionData } from '@tongcun/domain'
import {
  computeCoverage,
  createCoverageRun,
  packCoverageInput,
  stringifyCoverageGeoJson,
} from '@tongcun/coverage'
import type { CoverageTable } from '@tongcun/coverage'
import type { Feature, FeatureCollection } from 'geojson'
import { afterAll, describe, expect, it } from 'vitest'
import {
  assessInWorker,
  closeCoverageWorkers,
  computeCoverageInParallel,
  countWorkerReplies,
} from '../../src/coverage/parallel-coverage'

import { builtIn, decidedByAreas } from '../helpers/rulesets'

const SAMPLE = path.join(new URL('../../../../geodata/sample/', import.meta.url).pathname)

function loadSample(): RegionData {
  const read = (layer: string) =>
    (
      JSON.parse(
        fs.readFileSync(path.join(SAMPLE, `${layer}.geojson`), 'utf8'),
      ) as FeatureCollection
    ).features
  const lines: Feature[] = []
  const areas: Feature[] = []
  for (const layer of ['road', 'water', 'power', 'broadband']) {
    for (const feature of read(layer)) {
      const type = feature.geometry?.type
      if (type === 'LineString' || type === 'MultiLineString') lines.push(feature)
      else areas.push(feature)
    }
  }
  return {
    villages: read('villages'),
    lines,
    facilities: read('facilities'),
    serviceAreas: areas,
    sites: [],
    hazards: [],
  } as unknown as RegionData
}

const text = (table: CoverageTable) => [...stringifyCoverageGeoJson(table)].join('')

afterAll(async () => {
  await closeCoverageWorkers()
})

describe('computeCoverageInParallel', () => {
  const policy = builtIn('policy-2015')
  // Water and broadband decided by service areas and cell sites: indexes the workers must map back.
  const byAreas = decidedByAreas()

  it.each([
    ['policy-2015', policy],
    ['rai-2km', builtIn('rai-2km')],
    ['policy-2015 by areas and cell sites', byAreas],
  ])('writes the bytes of one thread with 2, 3 and 5 threads (%s)', async (_, ruleset) => {
    const region = loadSample()
    const expected = text(computeCoverage(region, ruleset))
    const before = countWorkerReplies()
    for (const threads of [2, 3, 5]) {
      const table = await computeCoverageInParallel(region, ruleset, { threads, minVillages: 0 })
      expect(text(table)).toBe(expected)
    }
    // rai-2km assesses one network: nothing to share, no worker asked.
    if (ruleset.id === 'rai-2km') expect(countWorkerReplies()).toBe(before)
    else expect(countWorkerReplies()).toBeGreaterThan(before)
  })

  it('assesses in this thread what it cannot pack, with the same result', async () => {
    const region = loadSample()
    // Every worker is sent the villages: a code the packing refuses keeps all networks here.
    const [first, ...rest] = region.villages
    if (!first) throw new Error('the sample has villages')
    region.villages = [
      { ...first, properties: { ...first.properties, code: `${first.properties.code}\u0000` } },
      ...rest,
    ]
    const before = countWorkerReplies()
    const table = await computeCoverageInParallel(region, policy, { threads: 2, minVillages: 0 })
    expect(text(table)).toBe(text(computeCoverage(region, policy)))
    expect(countWorkerReplies()).toBe(before)
  })

  it('keeps small regions in this thread by default', async () => {
    const before = countWorkerReplies()
    const region = loadSample()
    const table = await computeCoverageInParallel(region, policy, { threads: 2 })
    expect(text(table)).toBe(text(computeCoverage(region, policy)))
    expect(countWorkerReplies()).toBe(before)
  })

  it("reports a worker's error and keeps the worker for the next request", async () => {
    const region = loadSample()
    const rai = builtIn('rai-2km')
    await expect(
      assessInWorker(
        0,
        packCoverageInput(createCoverageRun(region, rai).layers, rai, ['water']),
        rai,
        ['water'],
      ),
    ).rejects.toThrow('does not assess water')
    const [road] = await assessInWorker(
      0,
      packCoverageInput(createCoverageRun(region, rai).layers, rai, ['road']),
      rai,
      ['road'],
    )
    const expected = computeCoverage(region, rai)
    expect(road?.status.length).toBe(expected.size)
    for (let i = 0; i < expected.size; i++)
      expect(['covered', 'gap', 'covered-when-planned'][road?.status[i] ?? -1]).toBe(
        expected.status(i, 'road'),
      )
  })
})
