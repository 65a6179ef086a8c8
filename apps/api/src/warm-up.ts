/**
 * Background warm-up after the server listens: computes what the web app's first page load asks for
 * (coverage of the default rule set, village statuses for tiles, the tiles of the whole-region view,
 * the top admin units' detail and roll-up input), so that the first map paint after a fresh start
 * does not pay for cold PGlite queries, first-run JIT and the coverage/relocation computations.
 *
 * It only fills the caches the routes use (`getCoverage`, the tile service): a request that arrives
 * meanwhile awaits the same in-flight promise instead of computing again. Steps yield to the event
 * loop between each other, so `/api/health` is answered in between (the embedded database and the
 * analysis run on the main thread: one step may hold a request for its own duration). Sets with more
 * than `maxVillages` villages are skipped by default (a coverage run of the 50k province takes tens of
 * seconds of main-thread time). Failures are logged and otherwise ignored: requests recompute.
 */
import type { Database } from './db/client'
import { getAdminUnitDetail, listTopAdminUnits } from './db/queries/admin'
import { DEFAULT_RULESET_ID, getCoverage, listAdminUnitNames } from './db/queries/coverage'
import { countTileVillages, selectTileDataExtent } from './db/queries/tiles'
import { renderTile, TILEJSON_MAXZOOM } from './tiles/index'
import { VILLAGE_SMALL_SET_MAX } from './tiles/tile-layers'
import {
  lngLatToMercator,
  MERCATOR_HALF_WORLD_M,
  type Box,
  type TileCoord,
} from './tiles/tile-math'

/** At most this many tiles of the whole-data view are rendered ahead. */
const MAX_WARM_TILES = 16

export interface WarmUpOptions {
  rulesetId?: string
  /** Skip the warm-up when the database has more villages (default: the tiles' small-set limit). */
  maxVillages?: number
  log?: (line: string) => void
  /** Stops between steps once aborted (the server is closing). */
  signal?: AbortSignal
}

export interface WarmUpReport {
  status: 'done' | 'skipped' | 'aborted'
  villages: number
  tiles: number
  ms: number
}

class Aborted extends Error {}

/**
 * Tiles covering `extent` at the highest zoom (≤ the TileJSON max) where at most `maxTiles` do —
 * the tiles a map fitted to the data requests first.
 */
export function tilesCovering(extent: Box, maxTiles = MAX_WARM_TILES): TileCoord[] {
  const [west, south] = lngLatToMercator(extent[0], extent[1])
  const [east, north] = lngLatToMercator(extent[2], extent[3])
  let best: TileCoord[] = []
  for (let z = 0; z <= TILEJSON_MAXZOOM; z++) {
    const n = 2 ** z
    const size = (2 * MERCATOR_HALF_WORLD_M) / n
    const clamp = (value: number) => Math.min(n - 1, Math.max(0, value))
    const x0 = clamp(Math.floor((west + MERCATOR_HALF_WORLD_M) / size))
    const x1 = clamp(Math.floor((east + MERCATOR_HALF_WORLD_M) / size))
    const y0 = clamp(Math.floor((MERCATOR_HALF_WORLD_M - north) / size))
    const y1 = clamp(Math.floor((MERCATOR_HALF_WORLD_M - south) / size))
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > maxTiles) break
    best = []
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) best.push({ z, x, y })
  }
  return best
}

/** Runs the warm-up (see the module comment). Never throws. */
export async function warmUpCaches(
  database: Database,
  options: WarmUpOptions = {},
): Promise<WarmUpReport> {
  const started = performance.now()
  const rulesetId = options.rulesetId ?? DEFAULT_RULESET_ID
  const maxVillages = options.maxVillages ?? VILLAGE_SMALL_SET_MAX
  const log = options.log ?? (() => {})
  let villages = 0
  let tiles = 0
  const report = (status: WarmUpReport['status']): WarmUpReport => ({
    status,
    villages,
    tiles,
    ms: Math.round(performance.now() - started),
  })
  // Lets requests (health) in between steps; stops when the server closes.
  const yieldToEventLoop = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (options.signal?.aborted) throw new Aborted()
  }
  try {
    await yieldToEventLoop()
    villages = await countTileVillages(database.db)
    if (villages === 0 || villages > maxVillages) {
      if (villages > 0) log(`Warm-up skipped: ${villages} villages (more than ${maxVillages}).`)
      return report('skipped')
    }
    await yieldToEventLoop()
    // Coverage of every village: the coverage and relocation tile statuses share this run.
    await getCoverage(database, { rulesetId })
    await yieldToEventLoop()
    const extent = await selectTileDataExtent(database.db)
    for (const tile of extent ? tilesCovering(extent) : []) {
      await yieldToEventLoop()
      await renderTile(database, tile, { rulesetId })
      tiles += 1
    }
    // The drill-down's first requests: top units (detail + roll-up of their coverage).
    const top = await listTopAdminUnits(database.db)
    await yieldToEventLoop()
    await listAdminUnitNames(database.db)
    for (const unit of top.slice(0, 3)) {
      await yieldToEventLoop()
      await getAdminUnitDetail(database.db, unit.properties.code)
      await yieldToEventLoop()
      await getCoverage(database, { rulesetId, adminCode: unit.properties.code })
    }
    return report('done')
  } catch (error) {
    if (error instanceof Aborted || options.signal?.aborted) return report('aborted')
    log(`Warm-up stopped: ${error instanceof Error ? error.message : String(error)}`)
    return report('skipped')
  }
}
