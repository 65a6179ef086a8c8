/**
 * Tile generation times on the synthetic 50k-village province (geodata `generateRegion({ scale:
 * 'province' })`), per engine path, at z6 / z9 / z12 (and z14), tile cache off.
 *
 *   npx tsx apps/api/test/tiles/tile-bench.ts                       # PGlite (JS path)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx tsx apps/api/test/tiles/tile-bench.ts                     # server: SQL and JS paths
 *
 * Data are generated and loaded once (PGlite: data dir `.cache/tiles-bench-pglite`; server: schema
 * `tiles_bench`) and reused; `--reset` reloads. Times are medians over the tiles of each zoom; the
 * ratio column divides by a baseline measured in the same run: the bare GiST bbox selection of the
 * tile's villages (`SELECT code FROM village WHERE geom && <tile>`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { REPO_ROOT } from '../../src/config'
import { openDatabase, type Database } from '../../src/db/client'
import { selectTileVillageCodes } from '../../src/db/queries/tiles'
import { insertFeatures } from '../../src/db/queries/write'
import { coverageStatusProvider } from '../../src/tiles/coverage-status'
import { invalidateTiles, renderTile, type TilePath } from '../../src/tiles/tile-service'
import { IMPORT_LAYERS } from '@tongcun/domain'
import type { ImportLayer } from '@tongcun/domain'
import type { Feature } from 'geojson'

const reset = process.argv.includes('--reset')
const databaseUrl = process.env.DATABASE_URL

async function open(): Promise<Database> {
  if (databaseUrl)
    return openDatabase({ databaseUrl, schema: 'tiles_bench', onProgress: console.log })
  const dataDir = path.join(REPO_ROOT, '.cache/tiles-bench-pglite')
  if (reset) fs.rmSync(dataDir, { recursive: true, force: true })
  return openDatabase({ dataDir, onProgress: console.log })
}

async function ensureProvince(database: Database): Promise<void> {
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM village`.execute(
    database.db,
  )
  if (!reset && (count.rows[0]?.n ?? 0) >= 50_000) return
  console.log('generating the province (50k villages)…')
  // geodata is not a project reference of apps/api (tsc -b): load it at run time, typed here.
  const geodata = '@tongcun/geodata'
  const { generateRegion } = (await import(geodata)) as {
    generateRegion(options: {
      seed: number
      scale: 'province'
    }): Record<ImportLayer, { features: Feature[] }>
  }
  const region = generateRegion({ seed: 20151129, scale: 'province' })
  await sql`TRUNCATE village, admin_unit, network_line, facility, service_area, resettlement_site,
    hazard_zone, relocation_decision CASCADE`.execute(database.db)
  for (const layer of IMPORT_LAYERS) {
    const features = region[layer].features
    const started = performance.now()
    for (let i = 0; i < features.length; i += 2000) {
      await database.db
        .transaction()
        .execute((trx) => insertFeatures(trx, layer, features.slice(i, i + 2000)))
    }
    console.log(
      `  loaded ${layer}: ${features.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
  }
  await sql`ANALYZE`.execute(database.db)
}

function tileAt(lng: number, lat: number, z: number) {
  const sinLat = Math.sin((lat * Math.PI) / 180)
  const x = Math.floor(((lng + 180) / 360) * 2 ** z)
  const y = Math.floor((0.5 - Math.log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI)) * 2 ** z)
  return { z, x, y }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

async function main(): Promise<void> {
  const database = await open()
  try {
    await ensureProvince(database)
    invalidateTiles(database)
    // Tiles at the village seats of a spread of villages (first ones in code order of each city).
    const seats = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM village ORDER BY code LIMIT 5000`.execute(
      database.db,
    )
    const picks = seats.rows.filter((_, index) => index % 1000 === 0)
    const paths: TilePath[] = database.engine === 'postgres' ? ['sql', 'js'] : ['js']
    await renderTile(database, tileAt(picks[0]!.lng, picks[0]!.lat, 12), { path: paths[0]! }) // warm meta
    console.log(
      `engine ${database.engine}; ${picks.length} tiles per zoom; medians, tile cache off`,
    )
    console.log('zoom | path | median ms | max ms | median KB | baseline ms | ratio')
    for (const z of [6, 9, 12, 14]) {
      const tiles = picks.map((seat) => tileAt(seat.lng, seat.lat, z))
      const baseline: number[] = []
      for (const tile of tiles) {
        const started = performance.now()
        await selectTileVillageCodes(database.db, tile)
        baseline.push(performance.now() - started)
      }
      for (const path of paths) {
        const times: number[] = []
        const sizes: number[] = []
        for (const tile of tiles) {
          const started = performance.now()
          const rendered = await renderTile(database, tile, { path, useCache: false })
          times.push(performance.now() - started)
          sizes.push(rendered.bytes.byteLength / 1024)
        }
        const base = median(baseline)
        console.log(
          `z${z} | ${path} | ${median(times).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ` +
            `${median(sizes).toFixed(0)} | ${base.toFixed(1)} | ${(median(times) / base).toFixed(1)}`,
        )
      }
    }
    // Coverage statuses (?ruleset=policy-2015): the first tile computes coverage for every village.
    const statusProviders = [coverageStatusProvider]
    const ruleTiles = picks.map((seat) => tileAt(seat.lng, seat.lat, 12))
    let started = performance.now()
    await renderTile(database, ruleTiles[0]!, {
      path: paths[0]!,
      rulesetId: 'policy-2015',
      statusProviders,
      useCache: false,
    })
    const firstMs = performance.now() - started
    for (const path of paths) {
      const times: number[] = []
      for (const tile of ruleTiles) {
        started = performance.now()
        await renderTile(database, tile, {
          path,
          rulesetId: 'policy-2015',
          statusProviders,
          useCache: false,
        })
        times.push(performance.now() - started)
      }
      console.log(
        `z12 ?ruleset=policy-2015 | ${path} | ${median(times).toFixed(0)} | ${Math.max(...times).toFixed(0)}`,
      )
    }
    console.log(
      `first ?ruleset tile (coverage of all villages computed): ${(firstMs / 1000).toFixed(1)} s`,
    )
  } finally {
    await database.close()
  }
}

await main()
