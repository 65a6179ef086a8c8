/**
 * Tile service: picks the engine path, applies the zoom rules, adds rule-set statuses to villages,
 * caches encoded tiles and statuses per data version, and builds TileJSON.
 *
 * Paths: `sql` = PostGIS `ST_AsMVT` (server engine only); `js` = same SQL sources, clipped in SQL,
 * encoded with vt-pbf (the embedded engine, whose PostGIS lacks `ST_AsMVT`; may be forced on the
 * server engine to compare the two).
 *
 * Caches live per open database (keyed by its Kysely instance). They are dropped by
 * `invalidateTiles(database)` — the import runner calls it after a committed import — and also when
 * a cheap data fingerprint changes (checked at most every `FINGERPRINT_TTL_MS`), which catches writes
 * from another process.
 */
import crypto from 'node:crypto'
import { DomainError } from '@tongcun/domain'
import type { Database } from '../db/client'
import {
  countTileVillages,
  selectTileDataExtent,
  selectTileDataFingerprint,
  selectTileFeatureRows,
  selectTileMvt,
  selectTileVillageCodes,
  type VillageStatusByCode,
} from '../db/queries/tiles'
import { encodeTile, toTileFeature } from './mvt-encode'
import { TILE_LAYERS, zoomFilter, type TileFieldType } from './tile-layers'
import {
  boxesIntersect,
  bufferedBoundsMercator,
  mercatorBoxToLngLat,
  type Box,
  type TileCoord,
} from './tile-math'
import {
  registeredVillageStatusProviders,
  type VillageStatusProvider,
  type VillageTileStatus,
} from './village-status'

export type TilePath = 'sql' | 'js'

/** TileJSON `maxzoom`: clients overzoom beyond it. */
export const TILEJSON_MAXZOOM = 14
/** How long a data fingerprint is trusted before it is read again. */
export const FINGERPRINT_TTL_MS = 2000
const TILE_CACHE_MAX_BYTES = 64 * 1024 * 1024
const TILE_CACHE_MAX_ENTRIES = 4000
const STATUS_CACHE_MAX_ENTRIES = 4

export interface TileRequestOptions {
  /** Adds rule-set statuses (coverage, relocation) to the `villages` layer. */
  rulesetId?: string
  /** Engine path; default `sql` on postgres, `js` on pglite. */
  path?: TilePath
  /** Status providers; default: the registered ones (`registerVillageStatusProvider`). */
  statusProviders?: readonly VillageStatusProvider[]
  /** Read and fill the tile cache (default true; benchmarks turn it off to time rendering). */
  useCache?: boolean
}

export interface RenderedTile {
  /** MVT bytes; length 0 for an empty tile. */
  bytes: Uint8Array
  /** Strong ETag (quoted) of this tile at this data version. */
  etag: string
  /** Data version the tile was made from. */
  version: string
  path: TilePath
}

interface TileMeta {
  extent: Box | null
  villageCount: number
}

interface TileState {
  epoch: number
  localVersion: number
  fingerprint: string | null
  checkedAt: number
  pendingCheck: Promise<string> | null
  version: string
  meta: Promise<TileMeta> | null
  statuses: Map<string, Promise<Map<string, VillageTileStatus>>>
  tiles: Map<string, Uint8Array>
  tileBytes: number
  inFlight: Map<string, Promise<Uint8Array>>
}

const BOOT_ID = crypto.randomBytes(4).toString('hex')
const states = new WeakMap<object, TileState>()
let globalEpoch = 0

function stateOf(database: Database): TileState {
  let state = states.get(database.db)
  if (!state) {
    state = {
      epoch: globalEpoch,
      localVersion: 0,
      fingerprint: null,
      checkedAt: 0,
      pendingCheck: null,
      version: '',
      meta: null,
      statuses: new Map(),
      tiles: new Map(),
      tileBytes: 0,
      inFlight: new Map(),
    }
    states.set(database.db, state)
  }
  return state
}

function clearCaches(state: TileState): void {
  state.meta = null
  state.statuses.clear()
  state.tiles.clear()
  state.tileBytes = 0
  state.inFlight.clear()
}

/**
 * Drops cached tiles, statuses and extents — of `database`, or of every open database when omitted.
 * Call after any write the tiles show (imports, seeding, relocation decisions).
 */
export function invalidateTiles(database?: Database): void {
  if (!database) {
    // A WeakMap cannot be iterated: each state notices the new epoch on its next request.
    globalEpoch += 1
    return
  }
  const state = stateOf(database)
  state.localVersion += 1
  state.checkedAt = 0
  clearCaches(state)
}

/** The current data version of `database` (re-reads the fingerprint when stale). */
export async function tileDataVersion(database: Database): Promise<string> {
  const state = stateOf(database)
  if (state.epoch !== globalEpoch) {
    state.epoch = globalEpoch
    state.localVersion += 1
    state.checkedAt = 0
    clearCaches(state)
  }
  if (state.fingerprint !== null && Date.now() - state.checkedAt < FINGERPRINT_TTL_MS)
    return state.version
  state.pendingCheck ??= selectTileDataFingerprint(database.db).finally(() => {
    state.pendingCheck = null
  })
  const fingerprint = await state.pendingCheck
  state.checkedAt = Date.now()
  if (fingerprint !== state.fingerprint) {
    if (state.fingerprint !== null) clearCaches(state)
    state.fingerprint = fingerprint
  }
  const hash = crypto.createHash('sha1').update(fingerprint).digest('hex').slice(0, 10)
  state.version = `${BOOT_ID}.${state.localVersion}.${hash}`
  return state.version
}

async function metaOf(database: Database, state: TileState): Promise<TileMeta> {
  state.meta ??= Promise.all([
    selectTileDataExtent(database.db),
    countTileVillages(database.db),
  ]).then(([extent, villageCount]) => ({ extent, villageCount }))
  try {
    return await state.meta
  } catch (error) {
    state.meta = null
    throw error
  }
}

function defaultPath(database: Database): TilePath {
  return database.engine === 'postgres' ? 'sql' : 'js'
}

function resolvePath(database: Database, path: TilePath | undefined): TilePath {
  const chosen = path ?? defaultPath(database)
  if (chosen === 'sql' && database.engine !== 'postgres') {
    throw new DomainError(
      'invalid-input',
      `tile path "sql" needs the server engine (ST_AsMVT); this database is ${database.engine}`,
      { field: 'path', value: chosen },
    )
  }
  return chosen
}

/** Statuses of every village for a rule set, merged over providers; cached per data version. */
async function villageStatuses(
  database: Database,
  state: TileState,
  rulesetId: string,
  providers: readonly VillageStatusProvider[],
): Promise<Map<string, VillageTileStatus>> {
  const key = `${providers.map((provider) => provider.name).join(',')}|${rulesetId}`
  let pending = state.statuses.get(key)
  if (!pending) {
    pending = Promise.all(providers.map((provider) => provider.load(database, { rulesetId }))).then(
      (maps) => {
        const merged = new Map<string, VillageTileStatus>()
        for (const map of maps) {
          for (const [code, status] of map) merged.set(code, { ...merged.get(code), ...status })
        }
        return merged
      },
    )
    if (state.statuses.size >= STATUS_CACHE_MAX_ENTRIES) {
      const oldest = state.statuses.keys().next().value
      if (oldest !== undefined) state.statuses.delete(oldest)
    }
    state.statuses.set(key, pending)
    pending.catch(() => state.statuses.delete(key))
  }
  return pending
}

function tileEtag(
  version: string,
  path: TilePath,
  rulesetId: string | undefined,
  tile: TileCoord,
): string {
  const key = `${version}|${path}|${rulesetId ?? ''}|${tile.z}/${tile.x}/${tile.y}`
  return `"${crypto.createHash('sha1').update(key).digest('hex').slice(0, 20)}"`
}

/**
 * The ETag `renderTile` would give this tile now, without rendering it (for `If-None-Match`).
 */
export async function currentTileEtag(
  database: Database,
  tile: TileCoord,
  options: TileRequestOptions = {},
): Promise<string> {
  const version = await tileDataVersion(database)
  return tileEtag(version, resolvePath(database, options.path), options.rulesetId, tile)
}

/**
 * Renders (or returns from cache) tile z/x/y as MVT bytes (empty bytes for an empty tile).
 * @throws DomainError `invalid-input` for the `sql` path on PGlite; provider errors (unknown rule set)
 */
export async function renderTile(
  database: Database,
  tile: TileCoord,
  options: TileRequestOptions = {},
): Promise<RenderedTile> {
  const path = resolvePath(database, options.path)
  const state = stateOf(database)
  const version = await tileDataVersion(database)
  const etag = tileEtag(version, path, options.rulesetId, tile)
  const useCache = options.useCache ?? true
  const cached = useCache ? state.tiles.get(etag) : undefined
  if (cached) {
    state.tiles.delete(etag)
    state.tiles.set(etag, cached)
    return { bytes: cached, etag, version, path }
  }
  if (!useCache)
    return { bytes: await buildTile(database, state, tile, path, options), etag, version, path }
  let pending = state.inFlight.get(etag)
  if (!pending) {
    pending = buildTile(database, state, tile, path, options).finally(() =>
      state.inFlight.delete(etag),
    )
    state.inFlight.set(etag, pending)
  }
  const bytes = await pending
  if (state.version === version) remember(state, etag, bytes)
  return { bytes, etag, version, path }
}

function remember(state: TileState, key: string, bytes: Uint8Array): void {
  if (state.tiles.has(key)) return
  state.tiles.set(key, bytes)
  state.tileBytes += bytes.byteLength
  while (state.tileBytes > TILE_CACHE_MAX_BYTES || state.tiles.size > TILE_CACHE_MAX_ENTRIES) {
    const oldest = state.tiles.keys().next()
    if (oldest.done) break
    state.tileBytes -= state.tiles.get(oldest.value)?.byteLength ?? 0
    state.tiles.delete(oldest.value)
  }
}

async function buildTile(
  database: Database,
  state: TileState,
  tile: TileCoord,
  path: TilePath,
  options: TileRequestOptions,
): Promise<Uint8Array> {
  const meta = await metaOf(database, state)
  const tileBox = mercatorBoxToLngLat(bufferedBoundsMercator(tile))
  if (!meta.extent || !boxesIntersect(tileBox, meta.extent)) return new Uint8Array(0)
  const filter = zoomFilter(tile.z, meta.villageCount)
  const providers = options.statusProviders ?? registeredVillageStatusProviders()
  const statuses =
    options.rulesetId !== undefined && providers.length > 0 && filter.layers.includes('villages')
      ? await villageStatuses(database, state, options.rulesetId, providers)
      : null

  if (path === 'sql') {
    let byCode: VillageStatusByCode | undefined
    if (statuses) {
      byCode = {}
      for (const code of await selectTileVillageCodes(database.db, tile)) {
        const status = statuses.get(code)
        if (status) byCode[code] = status
      }
    }
    return selectTileMvt(database.db, { tile, filter }, byCode)
  }

  const rows = await selectTileFeatureRows(database.db, { tile, filter })
  const layers = TILE_LAYERS.filter((layer) => rows.has(layer.name)).map((layer) => {
    const attributes = Object.keys(layer.fields)
    const features = []
    for (const row of rows.get(layer.name) ?? []) {
      const extra =
        statuses && layer.name === 'villages'
          ? statuses.get(String(row.properties.code))
          : undefined
      const feature = toTileFeature(row, layer.geometry, attributes, extra)
      if (feature) features.push(feature)
    }
    return { name: layer.name, features }
  })
  return encodeTile(layers)
}

export interface TileJson {
  tilejson: '3.0.0'
  name: string
  description: string
  version: string
  attribution: string
  scheme: 'xyz'
  tiles: string[]
  minzoom: number
  maxzoom: number
  bounds: Box
  center: [number, number, number]
  vector_layers: {
    id: string
    description: string
    minzoom: number
    maxzoom: number
    fields: Record<string, TileFieldType>
  }[]
}

const WORLD_BOUNDS: Box = [-180, -85.0511, 180, 85.0511]

/**
 * TileJSON 3.0.0 for the tiles. `origin` is the request's scheme + host (`http://host:port`); the
 * tiles URL carries `v=<data version>` (so clients refetch after an import) and `ruleset` when given.
 */
export async function buildTileJson(
  database: Database,
  options: {
    origin: string
    rulesetId?: string
    statusProviders?: readonly VillageStatusProvider[]
  },
): Promise<TileJson> {
  const state = stateOf(database)
  const version = await tileDataVersion(database)
  const meta = await metaOf(database, state)
  const query = new URLSearchParams({ v: version })
  if (options.rulesetId !== undefined) query.set('ruleset', options.rulesetId)
  const bounds = meta.extent ?? WORLD_BOUNDS
  const providers = options.statusProviders ?? registeredVillageStatusProviders()
  if (options.rulesetId !== undefined && providers.length > 0) {
    // Start computing statuses now: the map asks for tiles right after TileJSON. A failure (unknown
    // rule set) is not cached and is reported by the tile requests themselves.
    villageStatuses(database, state, options.rulesetId, providers).catch(() => {})
  }
  const villageLowZoomHidden =
    zoomFilter(0, meta.villageCount).layers.includes('villages') === false
  return {
    tilejson: '3.0.0',
    name: 'Tongcun',
    description:
      'Tongcun planning layers: admin units, villages, networks, facilities, sites, hazards',
    version: '1.0.0',
    attribution: 'Tongcun',
    scheme: 'xyz',
    // `{z}` etc. must stay literal: build the query by hand after the template.
    tiles: [`${options.origin}/api/tiles/{z}/{x}/{y}.pbf?${query.toString()}`],
    minzoom: 0,
    maxzoom: TILEJSON_MAXZOOM,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, fitZoom(bounds)],
    vector_layers: TILE_LAYERS.map((layer) => {
      let fields = { ...layer.fields }
      let minzoom = layer.minzoom
      if (layer.name === 'villages') {
        if (villageLowZoomHidden) minzoom = zoomFilterMinVillageZoom(meta.villageCount)
        if (options.rulesetId !== undefined) {
          for (const provider of providers) fields = { ...fields, ...provider.fields }
        }
      }
      return {
        id: layer.name,
        description: layer.description,
        minzoom,
        maxzoom: TILEJSON_MAXZOOM,
        fields,
      }
    }),
  }
}

function zoomFilterMinVillageZoom(villageCount: number): number {
  for (let z = 0; z <= TILEJSON_MAXZOOM; z++) {
    if (zoomFilter(z, villageCount).layers.includes('villages')) return z
  }
  return TILEJSON_MAXZOOM
}

/** Zoom at which `bounds` fits a ~1000 px viewport. */
function fitZoom(bounds: Box): number {
  const lngSpan = Math.max(bounds[2] - bounds[0], 1e-6)
  const latSpan = Math.max(bounds[3] - bounds[1], 1e-6)
  const span = Math.max(lngSpan, latSpan * 1.3)
  const zoom = Math.floor(Math.log2((360 * 1000) / (256 * span)))
  return Math.max(0, Math.min(TILEJSON_MAXZOOM, zoom))
}
