/**
 * `npm run bench:nearest` — the grid `SegmentIndex` against the flatbush one it replaced
 * (`bench/flatbush-segment-index.ts`, the baseline and oracle), in one run, no network:
 *
 * 1. generate the synthetic province (`@tongcun/geodata` `generateRegion`, seed 20151129): its road
 *    and water lines are the indexed features (one source per feature, as lines), its 50k villages
 *    the query points; the projection is about the villages' mean latitude, as in the coverage engine;
 * 2. time, for both indexes: the build; 50k `nearest` with no mask; 50k `nearest` with a part mask
 *    keeping ~60 % of the parts (seeded Mulberry32), both as `withParts(mask)` + queries (a flatbush
 *    rebuild for the baseline, a view for the grid) and as `nearest(…, mask)`; `candidatesWithin`
 *    500 m for 20k villages (seeded sample). Each time is the median of 5 runs after one warm-up,
 *    each run after a full garbage collection; the two indexes alternate within a run so that load
 *    changes hit both;
 * 3. check that both give the same feature and exactly the same distance for every query (and the
 *    same candidate lists); print the count and the largest difference of any mismatch, exit 1.
 *
 * Times are wall clock on a machine that may be shared (the load average is printed): compare ratios.
 */
import type { Feature, Position } from 'geojson'
import { loadavg } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Mulberry32, SegmentIndex, createLocalProjection } from '../src/index'
import { FlatbushSegmentIndex } from './flatbush-segment-index'

interface GeodataModule {
  generateRegion(options: {
    seed: number
    scale: 'province'
  }): Record<'road' | 'water' | 'villages', { features: Feature[] }>
}

const SEED = 20151129
const REPETITIONS = 5
const MASK_KEEP = 0.6
const CANDIDATE_POINTS = 20_000
const CANDIDATE_RADIUS_M = 500

/** Answers of one query set: feature index (-1 for none) and distance per query point. */
interface Answers {
  feature: Int32Array
  distanceM: Float64Array
}

type Nearest = (lng: number, lat: number) => { featureIndex: number; distanceM: number } | null

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

function lineParts(feature: Feature): Position[][] {
  const geometry = feature.geometry
  if (geometry?.type === 'LineString') return [geometry.coordinates]
  if (geometry?.type === 'MultiLineString') return geometry.coordinates
  return []
}

function createAnswers(count: number): Answers {
  return { feature: new Int32Array(count), distanceM: new Float64Array(count) }
}

function queryAll(points: Float64Array, find: Nearest, out: Answers): void {
  for (let i = 0; i < out.feature.length; i++) {
    const hit = find(points[2 * i] ?? 0, points[2 * i + 1] ?? 0)
    out.feature[i] = hit ? hit.featureIndex : -1
    out.distanceM[i] = hit ? hit.distanceM : NaN
  }
}

/** Mismatches between two answer sets: differing features, differing distances, largest |Δ|. */
function compareAnswers(
  baseline: Answers,
  grid: Answers,
): { features: number; distances: number; maxDifferenceM: number } {
  let features = 0
  let distances = 0
  let maxDifferenceM = 0
  for (let i = 0; i < baseline.feature.length; i++) {
    if (baseline.feature[i] !== grid.feature[i]) features++
    const a = baseline.distanceM[i] ?? NaN
    const b = grid.distanceM[i] ?? NaN
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      distances++
      maxDifferenceM = Math.max(maxDifferenceM, Number.isNaN(a - b) ? Infinity : Math.abs(a - b))
    }
  }
  return { features, distances, maxDifferenceM }
}

interface Row {
  label: string
  baselineMs: number
  gridMs: number
}

// A full collection before each timed action, so that neither pays for the other's garbage (the
// flatbush build and the grid build each leave tens of MB). `--expose-gc` set at run time, so that
// `tsx packages/spatial/bench/nearest.ts` needs no node flag.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/**
 * Median wall times of `baseline` and `grid` over {@link REPETITIONS} runs after one warm-up each,
 * each run after a full garbage collection.
 */
function timeBoth(label: string, baseline: () => void, grid: () => void): Row {
  baseline()
  grid()
  const baselineTimes: number[] = []
  const gridTimes: number[] = []
  for (let run = 0; run < REPETITIONS; run++) {
    // Alternate which goes first, so that a change of machine load hits both.
    const order = run % 2 === 0 ? [baseline, grid] : [grid, baseline]
    for (const action of order) {
      collectGarbage()
      const started = performance.now()
      action()
      const ms = performance.now() - started
      ;(action === baseline ? baselineTimes : gridTimes).push(ms)
    }
  }
  return { label, baselineMs: median(baselineTimes), gridMs: median(gridTimes) }
}

const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')

async function main(): Promise<void> {
  console.log(`load average at start: ${loadAverage()}`)
  // A non-literal specifier keeps geodata out of this project's type program (geodata depends on
  // @tongcun/spatial, so spatial cannot reference it).
  const geodataModule = '@tongcun/geodata'
  const geodata = (await import(geodataModule)) as GeodataModule
  const generatedAt = performance.now()
  const layers = geodata.generateRegion({ seed: SEED, scale: 'province' })
  const generatedMs = performance.now() - generatedAt

  const sources: { parts: Position[][] }[] = []
  const lineCounts: string[] = []
  for (const layer of ['road', 'water'] as const) {
    let count = 0
    for (const feature of layers[layer].features) {
      const parts = lineParts(feature)
      if (parts.length === 0) continue
      sources.push({ parts })
      count++
    }
    lineCounts.push(`${layer} ${format(count)}`)
  }
  const partCount = sources.reduce((sum, source) => sum + source.parts.length, 0)
  const villages = layers.villages.features.flatMap((feature) =>
    feature.geometry?.type === 'Point' ? [feature.geometry.coordinates] : [],
  )
  const points = new Float64Array(villages.length * 2)
  let latSum = 0
  villages.forEach(([lng, lat], i) => {
    points[2 * i] = lng ?? 0
    points[2 * i + 1] = lat ?? 0
    latSum += lat ?? 0
  })
  const projection = createLocalProjection(villages.length > 0 ? latSum / villages.length : 0)

  const random = new Mulberry32(SEED)
  const mask = new Uint8Array(partCount)
  let kept = 0
  for (let part = 0; part < partCount; part++) {
    if (random.next() < MASK_KEEP) {
      mask[part] = 1
      kept++
    }
  }
  // Candidate points: a seeded sample of the villages (partial Fisher–Yates).
  const order = Array.from({ length: villages.length }, (_, i) => i)
  const candidateCount = Math.min(CANDIDATE_POINTS, villages.length)
  for (let i = 0; i < candidateCount; i++) {
    const j = i + Math.floor(random.next() * (order.length - i))
    ;[order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0]
  }
  const candidatePoints = new Float64Array(candidateCount * 2)
  for (let i = 0; i < candidateCount; i++) {
    const village = order[i] ?? 0
    candidatePoints[2 * i] = points[2 * village] ?? 0
    candidatePoints[2 * i + 1] = points[2 * village + 1] ?? 0
  }

  const baseline = FlatbushSegmentIndex.build(sources, projection)
  const grid = SegmentIndex.build(sources, projection)
  console.log(
    `workload: province seed ${SEED} (generated in ${(generatedMs / 1000).toFixed(1)} s): ` +
      `${format(sources.length)} lines (${lineCounts.join(', ')}), ${format(partCount)} parts, ` +
      `${format(grid.size)} segments; ${format(villages.length)} villages`,
  )
  console.log(
    `mask: ${format(kept)} of ${format(partCount)} parts kept (${format((100 * kept) / partCount, 1)} %, ` +
      `Mulberry32 seed ${SEED}); candidatesWithin: ${format(candidateCount)} sampled villages, ${CANDIDATE_RADIUS_M} m`,
  )
  console.log(`node ${process.version}; median of ${REPETITIONS} runs after 1 warm-up, wall clock`)

  const count = villages.length
  const rows: Row[] = []
  const checks: { label: string; baseline: Answers; grid: Answers }[] = []
  let sink = 0

  rows.push(
    timeBoth(
      'build',
      () => {
        sink += FlatbushSegmentIndex.build(sources, projection).size
      },
      () => {
        sink += SegmentIndex.build(sources, projection).size
      },
    ),
  )

  const nearestCases: {
    label: string
    baseline: () => Nearest
    grid: () => Nearest
  }[] = [
    {
      label: `nearest ×${format(count)}, no mask`,
      baseline: () => (lng, lat) => baseline.nearest(lng, lat),
      grid: () => (lng, lat) => grid.nearest(lng, lat),
    },
    {
      label: `nearest ×${format(count)}, mask: withParts(mask) + queries`,
      baseline: () => {
        const restricted = baseline.withParts(mask)
        return (lng, lat) => restricted.nearest(lng, lat)
      },
      grid: () => {
        const restricted = grid.withParts(mask)
        return (lng, lat) => restricted.nearest(lng, lat)
      },
    },
    {
      label: `nearest ×${format(count)}, mask: nearest(…, mask)`,
      baseline: () => (lng, lat) => baseline.nearest(lng, lat, mask),
      grid: () => (lng, lat) => grid.nearest(lng, lat, mask),
    },
  ]
  for (const { label, baseline: makeBaseline, grid: makeGrid } of nearestCases) {
    const baselineAnswers = createAnswers(count)
    const gridAnswers = createAnswers(count)
    // The index (or sub-index) is made inside the timed action: a withParts rebuild is part of it.
    rows.push(
      timeBoth(
        label,
        () => queryAll(points, makeBaseline(), baselineAnswers),
        () => queryAll(points, makeGrid(), gridAnswers),
      ),
    )
    checks.push({ label, baseline: baselineAnswers, grid: gridAnswers })
  }

  let baselineCandidates: number[][] = []
  let gridCandidates: number[][] = []
  const candidatesOf = (index: { candidatesWithin: SegmentIndex['candidatesWithin'] }) => {
    const lists: number[][] = []
    for (let i = 0; i < candidateCount; i++) {
      const list = index.candidatesWithin(
        candidatePoints[2 * i] ?? 0,
        candidatePoints[2 * i + 1] ?? 0,
        CANDIDATE_RADIUS_M,
      )
      lists.push(list)
      sink += list.length
    }
    return lists
  }
  rows.push(
    timeBoth(
      `candidatesWithin ${CANDIDATE_RADIUS_M} m ×${format(candidateCount)}`,
      () => {
        baselineCandidates = candidatesOf(baseline)
      },
      () => {
        gridCandidates = candidatesOf(grid)
      },
    ),
  )

  const labelWidth = Math.max(...rows.map((row) => row.label.length)) + 2
  console.log(
    `${''.padEnd(labelWidth)}${'flatbush ms'.padStart(12)}${'grid ms'.padStart(10)}${'flatbush/grid'.padStart(15)}`,
  )
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(labelWidth)}${format(row.baselineMs, 1).padStart(12)}` +
        `${format(row.gridMs, 1).padStart(10)}${(row.baselineMs / row.gridMs).toFixed(2).padStart(15)}`,
    )
  }

  let failed = false
  for (const { label, baseline: expected, grid: actual } of checks) {
    const result = compareAnswers(expected, actual)
    const ok = result.features === 0 && result.distances === 0
    if (!ok) failed = true
    console.log(
      ok
        ? `check ${label}: ${format(count)} of ${format(count)} identical (feature and distance, exact)`
        : `check ${label}: MISMATCH, ${format(result.features)} features and ${format(result.distances)} ` +
            `distances differ, largest distance difference ${result.maxDifferenceM} m`,
    )
  }
  let listMismatches = 0
  for (let i = 0; i < candidateCount; i++) {
    const a = baselineCandidates[i] ?? []
    const b = gridCandidates[i] ?? []
    if (a.length !== b.length || a.some((segment, k) => segment !== b[k])) listMismatches++
  }
  if (listMismatches > 0) failed = true
  console.log(
    listMismatches === 0
      ? `check candidatesWithin: ${format(candidateCount)} of ${format(candidateCount)} lists identical`
      : `check candidatesWithin: MISMATCH, ${format(listMismatches)} of ${format(candidateCount)} lists differ`,
  )
  console.log(`load average at end: ${loadAverage()} (checksum ${sink})`)
  if (failed) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
