/**
 * `npm run bench:coverage` — the coverage engine on the synthetic 50k-village province against the
 * obvious PostGIS query on the same engine, in one run:
 *
 * 1. generate the province (`@tongcun/geodata` `generateRegion`); time the engine in memory:
 *    `computeCoverage` in one thread (every status, distance, nearest id, along-network distance,
 *    gap length and cost, and the summary; what the API and CLI run by default) and
 *    `computeCoverageInParallel` on every core (the same table with the networks spread over worker
 *    threads, as with `TONGCUN_COVERAGE_THREADS`; packing the input for the workers included), with the four built networks (road, water, power, broadband) and with bus
 *    as well, then describing every village with its bilingual reasons (`describeAll`, what
 *    `assessCoverage` adds); median of 5 runs after one warm-up (which also starts the workers);
 * 2. load it into PGlite (and into PostgreSQL when DATABASE_URL is set) through `insertFeatures`,
 *    select it back with `loadRegionData` and run `computeCoverage` on what was selected;
 * 3. time the obvious query per network — villages with no qualifying feature within R, written as
 *    `NOT EXISTS (… ST_DWithin(v.geom::geography, l.geom::geography, R))` — on a random subset of
 *    villages (the full 50k takes minutes per network on PGlite) and extrapolate linearly;
 * 4. print the ratio.
 *
 * `--national`: the ~700k-village national set: generation (not counted), then for the four built
 * networks and for all five: analysis in one thread and on every thread, and the GeoJSON of every
 * village with its reasons streamed to a file — end to end (the threaded analysis + the file) from
 * the data in memory to the file on disk; beside the one-thread analysis and the GeoJSON, the full
 * (mark-compact) collections V8 made meanwhile and their pauses. `--from-database` (with
 * DATABASE_URL): the set is first imported into PostgreSQL (and the generated set let go) and
 * selected back with `loadRegionData` (beside the API's per-row selects of the same layers, the
 * baseline of its ratio), then again with `forCoverage`, as the CLI selects; the analysis runs on
 * what that select returned (the select time is then part of end to end). `--subset <n>`: villages for the obvious query
 * (default: calibrated on 20 villages so that one network takes about 10 s). `--memory-only`: step 1 alone. Times are wall clock on this machine, with CPU time beside them: the machine may
 * be shared, so compare the ratios.
 */
import { sql } from 'kysely'
import { IMPORT_LAYERS } from '@tongcun/domain'
import type { ImportLayer, RegionData, RuleSet } from '@tongcun/domain'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks'
import type { PerformanceEntry } from 'node:perf_hooks'
import { computeCoverage, findBuiltInRuleSet, stringifyCoverageGeoJson } from '@tongcun/coverage'
import { restartWithHugePages } from '../bin/huge-pages.js'
import { writeChunksToFile } from '../src/cli/commands/coverage'
import {
  closeCoverageWorkers,
  computeCoverageInParallel,
  coverageThreadCount,
} from '../src/coverage/parallel-coverage'
import type { Feature } from 'geojson'
import type { Database } from '../src/db/client'
import { LAYER_NAMES, listLayerFeatures } from '../src/db/queries/layers'
import { loadRegionData } from '../src/db/queries/region'
import { listVillages } from '../src/db/queries/villages'
import { insertFeatures } from '../src/db/queries/write'
import { createTestDatabase, testEngines } from '../test/helpers/test-db'

type Layers = Record<ImportLayer, { features: Feature[] }>
interface GeodataModule {
  generateRegion(options: { seed: number; scale: 'province' | 'national' }): Layers
}

const argv = process.argv.slice(2)
const national = argv.includes('--national')
/** With --national: also load the set into PostgreSQL (DATABASE_URL) and select it back first. */
const fromDatabase = argv.includes('--from-database')
/** Only the in-memory engine timings (no database load and no obvious-query ratio). */
const memoryOnly = argv.includes('--memory-only')
const subsetArg = argv.indexOf('--subset')
/** Villages for the obvious query; default: calibrated so one network takes about 10 s. */
const SUBSET = subsetArg >= 0 ? Number(argv[subsetArg + 1]) : null

async function timed<T>(
  action: () => Promise<T> | T,
): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const value = await action()
  const used = process.cpuUsage(cpu)
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 }
}

const countFeatures = (region: RegionData) =>
  Object.values(region).reduce((sum, features: unknown[]) => sum + features.length, 0)

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

function toRegion(layers: Layers): RegionData {
  const lines: Feature[] = []
  const areas: Feature[] = []
  for (const layer of ['road', 'water', 'power', 'broadband'] as const) {
    for (const feature of layers[layer].features) {
      if (feature.geometry?.type === 'LineString' || feature.geometry?.type === 'MultiLineString')
        lines.push(feature)
      else areas.push(feature)
    }
  }
  return {
    villages: layers.villages.features,
    lines,
    facilities: layers.facilities.features,
    serviceAreas: areas,
    sites: [],
    hazards: [],
  } as unknown as RegionData
}

/** Park–Miller PRNG for a reproducible subset. */
function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  let state = seed
  const picked = [...items]
  for (let i = picked.length - 1; i > 0; i--) {
    state = (state * 16807) % 2147483647
    const j = state % (i + 1)
    ;[picked[i], picked[j]] = [picked[j] as T, picked[i] as T]
  }
  return picked.slice(0, count)
}

async function load(database: Database, layers: Layers): Promise<void> {
  // In import order; coverage reads neither sites nor hazards.
  const order = IMPORT_LAYERS.filter((layer) => layer !== 'sites' && layer !== 'hazards')
  for (const layer of order) {
    const features = layers[layer].features
    for (let i = 0; i < features.length; i += 2000) {
      await database.db
        .transaction()
        .execute((trx) => insertFeatures(trx, layer, features.slice(i, i + 2000)))
    }
  }
  await sql`ANALYZE`.execute(database.db)
}

/**
 * The layers coverage reads, through the API's per-row selects (GeoJSON text per feature): how
 * `loadRegionData` read them before its bulk select, the baseline of its ratio. Returns the count.
 */
async function selectPerRow(database: Database): Promise<number> {
  let features = (await listVillages(database.db)).length
  for (const layer of LAYER_NAMES.filter((name) => !['sites', 'hazards', 'admin'].includes(name)))
    features += (await listLayerFeatures(database.db, layer)).length
  return features
}

/** The obvious query per network on `codes`: count of villages without a qualifying feature within R. */
async function obviousQueries(
  database: Database,
  ruleset: RuleSet,
  codes: string[],
): Promise<Record<string, number>> {
  const times: Record<string, number> = {}
  const road = ruleset.road
  const run = async (name: string, query: ReturnType<typeof sql<{ n: number }>>) => {
    const started = performance.now()
    await query.execute(database.db)
    times[name] = performance.now() - started
  }
  if (road) {
    await run(
      'road',
      sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM village v WHERE v.code = ANY(${codes}::text[]) AND NOT EXISTS (
        SELECT 1 FROM network_line l WHERE l.network = 'road' AND l.status = 'existing'
          AND l.class = ANY(${road.classes}::text[]) AND l.surface = ANY(${road.surfaces}::text[])
          AND ST_DWithin(v.geom::geography, l.geom::geography, ${road.maxDistanceM}))`,
    )
  }
  if (ruleset.bus) {
    await run(
      'bus',
      sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM village v WHERE v.code = ANY(${codes}::text[]) AND NOT EXISTS (
        SELECT 1 FROM facility f WHERE f.kind = 'bus-stop' AND f.status = 'existing'
          AND ST_DWithin(v.geom::geography, f.geom::geography, ${ruleset.bus.maxNetworkDistanceM}))`,
    )
  }
  for (const network of ['water', 'power', 'broadband'] as const) {
    const rule = ruleset[network]
    if (!rule) continue
    await run(
      network,
      sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM village v WHERE v.code = ANY(${codes}::text[]) AND NOT EXISTS (
        SELECT 1 FROM network_line l WHERE l.network = ${network} AND l.status = 'existing'
          AND l.class = ANY(${rule.classes}::text[])
          AND (${rule.minVoltageKv}::float8 IS NULL OR l.voltage_kv >= ${rule.minVoltageKv}::float8)
          AND ST_DWithin(v.geom::geography, l.geom::geography, ${rule.maxDistanceM}))`,
    )
  }
  return times
}

/** Full (mark-compact) collections seen so far, and their pauses in ms. */
const fullCollections = { count: 0, ms: 0 }
const gcObserver = new PerformanceObserver((list) => countFullCollections(list.getEntries()))
gcObserver.observe({ entryTypes: ['gc'] })
function countFullCollections(entries: readonly PerformanceEntry[]): void {
  for (const entry of entries) {
    if (
      (entry.detail as { kind?: number } | null)?.kind !== perfConstants.NODE_PERFORMANCE_GC_MAJOR
    )
      continue
    fullCollections.count++
    fullCollections.ms += entry.duration
  }
}
/**
 * {@link fullCollections} up to now: Node queues the entries of a collection for later, so this
 * waits a little and takes what is pending.
 */
async function readFullCollections(): Promise<{ count: number; ms: number }> {
  await new Promise((resolve) => setTimeout(resolve, 50))
  countFullCollections(gcObserver.takeRecords())
  return { ...fullCollections }
}
/** Full collections since `before` (from {@link readFullCollections}). */
async function fullCollectionsSince(before: { count: number; ms: number }): Promise<string> {
  const now = await readFullCollections()
  return `${now.count - before.count} full collections (${seconds(now.ms - before.ms)})`
}

/** A full collection, when Node runs with `--expose-gc` (as `npm run bench:coverage` does). */
function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/**
 * `bin/tongcun.js coverage --ruleset <rules as a file> --format geojson` on `database` (its schema
 * through the URL's `options`), in a fresh process as a user runs it (without this process's
 * NODE_OPTIONS): wall time from spawn to exit, and the size of the file written.
 */
async function runCliCoverage(
  database: Database,
  rules: RuleSet,
): Promise<{ ms: number; bytes: number }> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(
    database.db,
  )
  const url = new URL(process.env.DATABASE_URL ?? '')
  url.searchParams.set('options', `-c search_path=${rows[0]?.schema ?? 'public'},public`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-bench-cli-'))
  try {
    const rulesFile = path.join(dir, 'rules.json')
    const out = path.join(dir, 'coverage.geojson')
    fs.writeFileSync(rulesFile, JSON.stringify(rules))
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.href }
    delete env.NODE_OPTIONS
    const bin = new URL('../bin/tongcun.js', import.meta.url).pathname
    const started = performance.now()
    const child = spawnSync(
      bin,
      ['coverage', '--ruleset', rulesFile, '--format', 'geojson', '--out', out],
      { env, encoding: 'utf8' },
    )
    const ms = performance.now() - started
    if (child.status !== 0)
      throw new Error(`tongcun coverage exited with ${child.status}: ${child.stderr}`)
    return { ms, bytes: fs.statSync(out).size }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A fixed CPU-bound loop, printed so that absolute times can be compared across machines (the same
 * code measured 0.61–0.72 s for the 50k analysis on one 2-core machine and 1.1–1.3 s on another).
 */
function machineReference(): number {
  const started = performance.now()
  let sum = 0
  for (let i = 0; i < 1e8; i++) sum += Math.sqrt(i)
  if (sum <= 0) throw new Error('unreachable')
  return performance.now() - started
}

async function main(): Promise<void> {
  // As the CLI runs (bin/huge-pages.js), so that the bench measures what a user gets.
  await restartWithHugePages()
  console.log(
    `machine reference: 1e8 square roots summed in ${machineReference().toFixed(0)} ms (compare machines by this)`,
  )
  console.log(`GLIBC_TUNABLES: ${process.env.GLIBC_TUNABLES ?? '(not set)'}`)
  const ruleset = findBuiltInRuleSet('policy-2015')
  if (!ruleset) throw new Error('policy-2015 is missing')
  // A non-literal specifier keeps geodata out of this project's type program (it is its own project).
  const geodataModule = '@tongcun/geodata'
  const geodata = (await import(geodataModule)) as GeodataModule
  const scale = national ? 'national' : 'province'
  // Threads as configured, else every core (at most 4): the bench measures what threads bring.
  const threads =
    process.env.TONGCUN_COVERAGE_THREADS !== undefined
      ? coverageThreadCount()
      : Math.min(4, os.availableParallelism())
  const generate = async () => {
    const generated = await timed(() => geodata.generateRegion({ seed: 20151129, scale }))
    const layers = generated.value
    const region = toRegion(layers)
    console.log(
      `${scale}: ${region.villages.length} villages, ${region.lines.length} lines, ${region.facilities.length} facilities, ` +
        `${region.serviceAreas.length} service areas; generated in ${seconds(generated.ms)}`,
    )
    return { layers, region }
  }

  if (national) {
    // The workload of the 50k target (road, water, power, broadband), then policy-2015 whole (+ bus).
    const workloads: [string, RuleSet][] = [
      ['4 networks (road, water, power, broadband)', { ...ruleset, bus: null }],
      ['5 networks (the above + bus along the road network)', ruleset],
    ]
    let input: RegionData
    let selectMs = 0
    if (fromDatabase) {
      if (!process.env.DATABASE_URL)
        throw new Error('--from-database needs DATABASE_URL (PostgreSQL)')
      const database = await createTestDatabase('postgres')
      try {
        // Generated and imported in a function of its own, so that nothing holds the generated
        // set afterwards: the selects and the analysis run on a heap like the CLI's (with the
        // generated 2.4M features alive beside them they took up to a third longer).
        const loaded = await timed(async () => load(database, (await generate()).layers))
        console.log(
          `postgres: generation and data load (insertFeatures) ${seconds(loaded.ms)} (one-off import)`,
        )
        collectGarbage()
        // Baseline: the same layers through the API's per-row selects (GeoJSON text per feature),
        // which is how loadRegionData read them before its bulk select.
        collectGarbage()
        const plain = await timed(() => selectPerRow(database))
        // Its 2.4M features are garbage now: collected first, so that both selects start from the
        // same heap (else the second pays for collecting the first's).
        collectGarbage()
        // Only the count is kept, so that the lean select below does not run beside 2.4M live features.
        const selected = await timed(async () =>
          countFeatures(await loadRegionData(database.db, {})),
        )
        console.log(
          `postgres: loadRegionData (bulk select of the whole national set, ${selected.value} features) ${seconds(selected.ms)} wall, ${seconds(selected.cpuMs)} CPU; ` +
            `per-row selects of the same ${plain.value} features ${seconds(plain.ms)} wall, ${seconds(plain.cpuMs)} CPU → ` +
            `RATIO ${(plain.ms / selected.ms).toFixed(2)}x`,
        )
        // What the CLI selects for coverage: only the attributes the analysis reads.
        collectGarbage()
        const lean = await timed(() => loadRegionData(database.db, { forCoverage: true }))
        console.log(
          `postgres: loadRegionData forCoverage (what the CLI selects) ${seconds(lean.ms)} wall, ${seconds(lean.cpuMs)} CPU → ` +
            `${(selected.ms / lean.ms).toFixed(2)}x the whole select`,
        )
        input = lean.value
        selectMs = lean.ms
        // End to end as a user runs it: one command, a fresh process, on this database.
        for (const [label, rules] of workloads) {
          const run = await runCliCoverage(database, rules)
          console.log(
            `${label}: END TO END as one command (tongcun coverage --format geojson, a fresh process, from PostgreSQL): ` +
              `${seconds(run.ms)} (target < 30 s); ${(run.bytes / 1e6).toFixed(0)} MB`,
          )
        }
      } finally {
        await database.close()
      }
    } else {
      input = (await generate()).region
    }
    for (const [label, rules] of workloads) {
      // As the CLI and the API run it with TONGCUN_COVERAGE_THREADS (packing included); only the
      // times are kept, so that the table is gone before the default run and its GeoJSON.
      const threaded = await timed(
        async () => (await computeCoverageInParallel(input, rules, { threads })).size,
      )
      collectGarbage()
      // As they run it by default: one thread.
      const before = await readFullCollections()
      const analysis = await timed(() => computeCoverage(input, rules))
      const collected = await fullCollectionsSince(before)
      console.log(
        `${label}: analysis in one thread (the default) ${seconds(analysis.ms)} wall, ${seconds(analysis.cpuMs)} CPU, ` +
          `${collected}; ` +
          `on ${threads} threads ${seconds(threaded.ms)} wall → RATIO one thread / ${threads} threads ` +
          `${(analysis.ms / threaded.ms).toFixed(2)}x`,
      )
      // Every village described (reasons) as it is written: never one string, never all at once.
      const file = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-bench-')),
        'national.geojson',
      )
      const beforeOutput = await readFullCollections()
      const output = await timed(() =>
        writeChunksToFile(file, stringifyCoverageGeoJson(analysis.value)),
      )
      const outputCollected = await fullCollectionsSince(beforeOutput)
      const bytes = fs.statSync(file).size
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
      console.log(
        `${label}: GeoJSON with reasons, streamed to a file: ${(bytes / 1e6).toFixed(0)} MB in ${seconds(output.ms)}, ` +
          outputCollected,
      )
      console.log(
        `${label}: ${fromDatabase ? 'the steps in this process (PostGIS select + analysis + GeoJSON file)' : 'END TO END (analysis + GeoJSON file, data in memory)'}: ` +
          `${seconds(selectMs + analysis.ms + output.ms)} (target < 30 s); fully covered ${analysis.value.summary.fullyCoveredPct}%`,
      )
    }
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1e6).toFixed(1)} GB`)
    return
  }

  const { layers, region } = await generate()
  // Engine in memory (what loadRegionData returns, minus the I/O): median of 5 after a warm-up.
  const noBus: RuleSet = { ...ruleset, bus: null }
  const median = async (action: () => unknown) => {
    await timed(action)
    const runs: { ms: number; cpuMs: number }[] = []
    for (let i = 0; i < 5; i++) runs.push(await timed(action))
    runs.sort((a, b) => a.ms - b.ms)
    return runs[2] as { ms: number; cpuMs: number }
  }
  const four = await median(() => computeCoverage(region, noBus))
  console.log(
    `ANALYSIS, 4 networks (road, water, power, broadband; connectivity, planned, costs), one thread ` +
      `(the default): ${seconds(four.ms)} wall, ${seconds(four.cpuMs)} CPU (median of 5; target < 1 s)`,
  )
  const fourParallel = await median(() => computeCoverageInParallel(region, noBus, { threads }))
  console.log(
    `analysis, 4 networks, on ${threads} threads (computeCoverageInParallel, as the API and CLI run it with ` +
      `TONGCUN_COVERAGE_THREADS=${threads}; packing for the workers included): ${seconds(fourParallel.ms)} wall ` +
      `(median of 5) → RATIO one thread / ${threads} threads ${(four.ms / fourParallel.ms).toFixed(2)}x`,
  )
  const five = await median(() => computeCoverage(region, ruleset))
  const fiveParallel = await median(() => computeCoverageInParallel(region, ruleset, { threads }))
  console.log(
    `analysis, 5 networks (the above + bus along the road network): one thread ${seconds(five.ms)} wall, ` +
      `${threads} threads ${seconds(fiveParallel.ms)} wall → RATIO ${(five.ms / fiveParallel.ms).toFixed(2)}x`,
  )
  const table = computeCoverage(region, ruleset)
  const described = await median(() => table.describeAll())
  console.log(
    `describing all ${region.villages.length} villages with bilingual reasons (5 networks): ${seconds(described.ms)} wall`,
  )

  if (memoryOnly) return
  for (const engine of testEngines()) {
    const database = await createTestDatabase(engine)
    try {
      const loaded = await timed(() => load(database, layers))
      console.log(
        `\n${engine}: data load (insertFeatures, ${region.villages.length} villages + networks) ${seconds(loaded.ms)}`,
      )
      collectGarbage()
      const plain = await timed(() => selectPerRow(database))
      collectGarbage()
      const selected = await timed(() => loadRegionData(database.db, {}))
      console.log(
        `${engine}: loadRegionData (bulk select of the whole province) ${seconds(selected.ms)} wall, ${seconds(selected.cpuMs)} CPU; ` +
          `per-row selects of the same ${plain.value} features ${seconds(plain.ms)} wall → RATIO ${(plain.ms / selected.ms).toFixed(2)}x`,
      )
      const engineRun = await timed(() => computeCoverage(selected.value, ruleset))
      console.log(
        `${engine}: computeCoverage (5 networks, one thread) on the selected data ${seconds(engineRun.ms)} wall, ${seconds(engineRun.cpuMs)} CPU`,
      )
      const allCodes = selected.value.villages.map((v) => v.properties.code)
      let subset = SUBSET
      if (subset === null) {
        // Calibrate on 20 villages (road), then size the subset for ~10 s per network.
        const probe = await obviousQueries(
          database,
          { ...ruleset, bus: null, water: null, power: null, broadband: null },
          sample(allCodes, 20, 3),
        )
        const perVillageMs = (probe.road ?? 1) / 20
        subset = Math.max(20, Math.min(2000, Math.round(10_000 / perVillageMs)))
        console.log(
          `${engine}: calibration: road obvious query ${perVillageMs.toFixed(1)} ms per village → subset ${subset}`,
        )
      }
      const codes = sample(allCodes, Math.min(subset, allCodes.length), 7)
      const scaleUp = selected.value.villages.length / codes.length
      const times = await obviousQueries(database, ruleset, codes)
      let obviousTotal = 0
      for (const [network, ms] of Object.entries(times)) {
        obviousTotal += ms * scaleUp
        console.log(
          `${engine}: obvious ST_DWithin(::geography) NOT EXISTS query, ${network}: ${seconds(ms)} on ${codes.length} random villages` +
            ` → ${seconds(ms * scaleUp)} extrapolated to ${selected.value.villages.length}`,
        )
      }
      console.log(
        `${engine}: obvious queries, all networks, extrapolated from a ${codes.length}-village random subset: ${seconds(obviousTotal)}`,
      )
      console.log(
        `${engine}: RATIO obvious query / engine analysis = ${(obviousTotal / engineRun.ms).toFixed(0)}x ` +
          `(engine ${seconds(engineRun.ms)}; target ≥ 100x on PGlite); with every reason described ` +
          `${(obviousTotal / (engineRun.ms + described.ms)).toFixed(0)}x`,
      )
    } finally {
      await database.close()
    }
  }
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => {
    gcObserver.disconnect()
    return closeCoverageWorkers()
  })
