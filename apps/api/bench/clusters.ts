/**
 * `npm run bench:clusters`: DBSCAN of the ~50k-village synthetic province (eps 3 km, minpoints 3) with
 * `@tongcun/clustering` vs a plain kdbush DBSCAN written here vs PostGIS `ST_ClusterDBSCAN` on PGlite
 * (and on PostgreSQL when DATABASE_URL is set), all on the same projected coordinates; then
 * regionalization of 3,000 villages. Prints times and ratios measured in this run.
 */
import KDBush from 'kdbush'
import { sql } from 'kysely'
import type { FeatureCollection, Point } from 'geojson'
import {
  chooseMetricCrs,
  clusterVillages,
  dbscanPoints,
  projectLngLats,
  regionalizeVillages,
  type PointInput,
} from '@tongcun/clustering'
import { createTestDatabase, testEngines } from '../test/helpers/test-db'

/** [eps metres, minpoints]: the toolchain note's setting, and a sparser one that leaves many clusters. */
const SETTINGS: Array<[number, number]> = [
  [3000, 3],
  [2000, 5],
]
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

/** The textbook DBSCAN (Ester et al. 1996) over a kdbush index: the baseline. */
function plainKdbushDbscan(
  xs: Float64Array,
  ys: Float64Array,
  eps: number,
  minPoints: number,
): Int32Array {
  const n = xs.length
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(xs[i]!, ys[i]!)
  index.finish()
  const UNVISITED = -2
  const NOISE = -1
  const labels = new Int32Array(n).fill(UNVISITED)
  let cluster = 0
  for (let i = 0; i < n; i++) {
    if (labels[i] !== UNVISITED) continue
    const neighbours = index.within(xs[i]!, ys[i]!, eps)
    if (neighbours.length < minPoints) {
      labels[i] = NOISE
      continue
    }
    labels[i] = cluster
    const queue = neighbours
    for (let k = 0; k < queue.length; k++) {
      const j = queue[k]!
      if (labels[j] === NOISE) labels[j] = cluster
      if (labels[j] !== UNVISITED) continue
      labels[j] = cluster
      const more = index.within(xs[j]!, ys[j]!, eps)
      if (more.length >= minPoints) for (const m of more) queue.push(m)
    }
    cluster++
  }
  return labels
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Median of `runs` timed calls after one untimed warm-up call. */
function time<T>(runs: number, action: () => T): { ms: number; result: T } {
  let result: T | undefined = action()
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    result = action()
    times.push(performance.now() - start)
  }
  return { ms: median(times), result: result as T }
}

async function timeAsync<T>(
  runs: number,
  action: () => Promise<T>,
): Promise<{ ms: number; result: T }> {
  let result: T | undefined
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    result = await action()
    times.push(performance.now() - start)
  }
  return { ms: median(times), result: result as T }
}

interface GeodataModule {
  generateRegion(options: { seed: number; scale: 'province' }): {
    villages: FeatureCollection<Point, Record<string, unknown>>
  }
}

async function main(): Promise<void> {
  // a non-literal specifier keeps geodata out of this project's type program (it is its own project)
  const geodataModule = '@tongcun/geodata'
  const geodata = (await import(geodataModule)) as GeodataModule
  let start = performance.now()
  const villages = geodata.generateRegion({ seed: 1, scale: 'province' }).villages
    .features as PointInput[]
  console.log(
    `generated ${villages.length} villages in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  )
  const lngLats = villages.map(
    (v) => [v.geometry.coordinates[0]!, v.geometry.coordinates[1]!] as const,
  )
  const crs = chooseMetricCrs(lngLats)
  const { xs, ys } = projectLngLats(lngLats, crs)
  console.log(`metric CRS EPSG:${crs.epsg}`)

  const databases = []
  for (const engine of testEngines()) {
    start = performance.now()
    const database = await createTestDatabase(engine)
    await sql`CREATE TABLE bench_cluster_point (i int PRIMARY KEY, g geometry(Point, ${sql.raw(String(crs.epsg))}))`.execute(
      database.db,
    )
    const batch = 10_000
    for (let offset = 0; offset < villages.length; offset += batch) {
      const ids: number[] = []
      const lngs: number[] = []
      const lats: number[] = []
      for (let i = offset; i < Math.min(villages.length, offset + batch); i++) {
        ids.push(i)
        lngs.push(lngLats[i]![0])
        lats.push(lngLats[i]![1])
      }
      await sql`INSERT INTO bench_cluster_point (i, g)
        SELECT t.i, ST_Transform(ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326), ${crs.epsg}::int)
        FROM unnest(${ids}::int[], ${lngs}::float8[], ${lats}::float8[]) AS t(i, lng, lat)`.execute(
        database.db,
      )
    }
    console.log(
      `${engine}: database ready and ${villages.length} points loaded in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    )
    databases.push({ engine, database })
  }
  try {
    for (const [epsM, minPoints] of SETTINGS) {
      console.log(
        `\n--- eps ${epsM} m, minpoints ${minPoints}; median of ${RUNS} runs (PostGIS: 3) ---`,
      )
      const baseline = time(RUNS, () => plainKdbushDbscan(xs, ys, epsM, minPoints))
      const ours = time(RUNS, () => dbscanPoints(xs, ys, { epsM, minPoints }))
      const full = time(RUNS, () => clusterVillages(villages, { epsM, minPoints }))
      const baselineNoise = baseline.result.filter((l) => l === -1).length
      const baselineClusters = new Set(baseline.result.filter((l) => l >= 0)).size
      const ourNoise = ours.result.labels.filter((l) => l === -1).length
      console.log(
        `plain kdbush DBSCAN:         ${baseline.ms.toFixed(1)} ms (${baselineClusters} clusters, ${baselineNoise} noise)`,
      )
      console.log(
        `@tongcun/clustering dbscan:  ${ours.ms.toFixed(1)} ms (${ours.result.clusterCount} clusters, ${ourNoise} noise); ratio to plain kdbush ${(ours.ms / baseline.ms).toFixed(2)}x (target <= 1.5x)`,
      )
      console.log(
        `clusterVillages end to end (projection, DBSCAN, summaries, hulls): ${full.ms.toFixed(1)} ms`,
      )
      for (const { engine, database } of databases) {
        const postgis = await timeAsync(
          3,
          async () =>
            (
              await sql<{
                i: number
                cid: number | null
              }>`SELECT i, ST_ClusterDBSCAN(g, ${epsM}::float8, ${minPoints}::int) OVER () AS cid FROM bench_cluster_point`.execute(
                database.db,
              )
            ).rows,
        )
        const noise = postgis.result.filter((r) => r.cid === null)
        const clusters = new Set(postgis.result.filter((r) => r.cid !== null).map((r) => r.cid))
          .size
        const noiseAgrees =
          noise.length === ourNoise && noise.every((r) => ours.result.labels[r.i] === -1)
        console.log(
          `ST_ClusterDBSCAN on ${engine}: ${postgis.ms.toFixed(1)} ms (${clusters} clusters, ${noise.length} noise; same noise set: ${noiseAgrees}, same cluster count: ${clusters === ours.result.clusterCount}); ours ${(postgis.ms / ours.ms).toFixed(1)}x faster, clusterVillages end to end ${(postgis.ms / full.ms).toFixed(1)}x`,
        )
      }
    }
  } finally {
    for (const { database } of databases) await database.close()
  }

  // regionalization of 3,000 villages: the first 3,000 by code (whole neighbouring counties)
  const sorted = villages
    .slice()
    .sort((a, b) =>
      String(a.properties?.['code' as never]).localeCompare(
        String(b.properties?.['code' as never]),
      ),
    )
  const subset = sorted.slice(0, 3000)
  const attributes = ['income_per_person_cny', 'elevation_m', 'slope_deg']
  const skater = time(1, () => regionalizeVillages(subset, { attributes, k: 12 }))
  console.log('')
  console.log(
    `regions, 3,000 villages, k = 12 (SKATER + local search): ${(skater.ms / 1000).toFixed(2)} s, objective ${skater.result.objective.toFixed(1)} (target < 10 s)`,
  )
  const maxp = time(1, () =>
    regionalizeVillages(subset, {
      attributes,
      floor: { field: 'poor_households', min: 500 },
      seed: 1,
    }),
  )
  console.log(
    `regions, 3,000 villages, floor poor_households >= 500 (max-p, 16 growth runs + local search): ${(maxp.ms / 1000).toFixed(2)} s, ${maxp.result.areas.length} areas, objective ${maxp.result.objective.toFixed(1)}, floor met: ${maxp.result.floorMet}`,
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
