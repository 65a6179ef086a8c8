/**
 * Vector-tile SQL. One source query per tile layer selects the features of a tile (GiST bbox test on
 * the EPSG:4326 column against the buffered tile, zoom rules as parameters); two wrappers turn the
 * sources into a tile:
 *
 * - `selectTileMvt` (server engine): `ST_AsMVTGeom` + `ST_AsMVT` per layer, concatenated.
 * - `selectTileFeatureRows` (embedded engine, where `ST_AsMVT` is missing): the same sources, the
 *   geometry transformed to tile units and clipped to the buffered tile in SQL; the caller encodes.
 *
 * Both wrappers pre-simplify lines and polygons with the same tolerance, so they start from the
 * same geometry.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../schema'
import { parseBox } from '../postgis'
import {
  bufferedBoundsMercator,
  mercatorBoxToLngLat,
  TILE_BUFFER,
  TILE_EXTENT,
  tileBoundsMercator,
  type Box,
  type TileCoord,
} from '../../tiles/tile-math'
import {
  TILE_LAYERS,
  type TileLayerDefinition,
  type TileLayerName,
  type ZoomFilter,
} from '../../tiles/tile-layers'

/** Line/polygon simplification tolerance, in tile units (1/4096 of a tile side). */
export const SIMPLIFY_TILE_UNITS = 0.5

export interface TileSqlParams {
  tile: TileCoord
  filter: ZoomFilter
}

/** Village attributes added per code on the SQL path (serialised into one jsonb parameter). */
export type VillageStatusByCode = Record<string, Record<string, string | number | null>>

/** One feature as selected for the JS encoder: its attributes plus GeoJSON in tile units (y down). */
export interface TileFeatureRow {
  properties: Record<string, unknown>
  tile_geometry: string | null
}

const currentAdmin = sql`(valid_to IS NULL OR valid_to > CURRENT_DATE)`

/** `[w, s, e, n]` degrees of the buffered tile, as an EPSG:4326 envelope (GiST-indexable `&&`). */
function bufferedEnvelope4326(tile: TileCoord): RawBuilder<unknown> {
  const [w, s, e, n] = mercatorBoxToLngLat(bufferedBoundsMercator(tile))
  return sql`ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326)`
}

function layerSource(layer: TileLayerName, filter: ZoomFilter, env: RawBuilder<unknown>) {
  switch (layer) {
    case 'admin':
      return sql`SELECT code, name, name_en, level, geom FROM admin_unit
        WHERE geom && ${env} AND ${currentAdmin} AND level = ANY(${filter.adminLevels}::text[])
        ORDER BY code`
    case 'admin_labels':
      return sql`SELECT * FROM (
          SELECT code, name, name_en, level, ST_PointOnSurface(geom) AS geom FROM admin_unit
          WHERE geom && ${env} AND ${currentAdmin} AND level = ANY(${filter.adminLabelLevels}::text[])
        ) labels WHERE geom && ${env} ORDER BY code`
    case 'villages':
      return sql`SELECT code, name, name_en, population, poor_people, households, geom FROM village
        WHERE geom && ${env} ORDER BY code`
    case 'lines':
      return sql`SELECT id, network, class, surface, voltage_kv, status, geom FROM network_line
        WHERE geom && ${env} AND (class = ANY(${filter.lineClasses}::text[])
          OR (${filter.includeOtherLineClasses}::boolean AND NOT class = ANY(${filter.listedLineClasses}::text[])))
        ORDER BY id`
    case 'facilities':
      return sql`SELECT id, network, kind, name, radius_m, status, geom FROM facility
        WHERE geom && ${env} AND (kind = ANY(${filter.facilityKinds}::text[])
          OR (${filter.includeOtherFacilityKinds}::boolean AND NOT kind = ANY(${filter.listedFacilityKinds}::text[])))
        ORDER BY id`
    case 'service_areas':
      return sql`SELECT id, network, kind, name, status, geom FROM service_area
        WHERE geom && ${env} ORDER BY id`
    case 'sites':
      return sql`SELECT id, name, type, status, capacity_households, capacity_people, geom
        FROM resettlement_site WHERE geom && ${env} ORDER BY id`
    case 'hazards':
      return sql`SELECT id, kind, severity, name, geom FROM hazard_zone WHERE geom && ${env} ORDER BY id`
  }
}

/** The geometry both wrappers start from: EPSG:3857, lines/polygons simplified by zoom. */
function preparedGeometry(definition: TileLayerDefinition, tile: TileCoord): RawBuilder<unknown> {
  const projected = sql`ST_Transform(s.geom, 3857)`
  if (definition.geometry === 'point') return projected
  const [xmin, , xmax] = tileBoundsMercator(tile)
  const toleranceM = ((xmax - xmin) / TILE_EXTENT) * SIMPLIFY_TILE_UNITS
  return sql`ST_Simplify(${projected}, ${toleranceM}::float8)`
}

function attributeColumns(definition: TileLayerDefinition): RawBuilder<unknown>[] {
  return Object.keys(definition.fields).map((field) => sql.ref(`s.${field}`))
}

function layersOf(filter: ZoomFilter): TileLayerDefinition[] {
  return TILE_LAYERS.filter((layer) => filter.layers.includes(layer.name))
}

/**
 * The whole tile as MVT bytes, built by PostGIS (`ST_AsMVT`, extent 4096, buffer 64); empty bytes
 * when no layer has a feature. Server engine only (PGlite's PostGIS lacks protobuf-c).
 * `villageStatus` adds its attributes to the `villages` layer (jsonb columns expand to attributes).
 */
export async function selectTileMvt(
  db: Kysely<DB>,
  { tile, filter }: TileSqlParams,
  villageStatus?: VillageStatusByCode,
): Promise<Uint8Array> {
  const env = bufferedEnvelope4326(tile)
  const tileEnvelope = sql`ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int)`
  // One query per layer, concatenated here: a single query over all layers crosses the planner's
  // JIT threshold and spent ~0.3 s compiling (measured on the province, z9).
  const chunks: Uint8Array[] = []
  for (const definition of layersOf(filter)) {
    const columns = attributeColumns(definition)
    if (definition.name === 'villages' && villageStatus) {
      columns.push(sql`(${JSON.stringify(villageStatus)}::jsonb -> s.code) AS status`)
    }
    const result = await sql<{ tile: Uint8Array | null }>`
      SELECT ST_AsMVT(q, ${definition.name}::text, ${TILE_EXTENT}::int, 'geom') AS tile
      FROM (
        SELECT ${sql.join(columns)}, ST_AsMVTGeom(${preparedGeometry(definition, tile)}, ${tileEnvelope},
          ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) AS geom
        FROM (${layerSource(definition.name, filter, env)}) s
      ) q WHERE q.geom IS NOT NULL`.execute(db)
    const bytes = result.rows[0]?.tile
    if (bytes && bytes.byteLength > 0) chunks.push(new Uint8Array(bytes))
  }
  // An MVT is a sequence of layer messages: concatenating layer tiles gives the whole tile.
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * Features of every layer shown at this zoom, geometry as GeoJSON text in tile units (x right, y
 * down, origin at the tile's top-left), clipped to the tile plus its buffer. Points are not clipped
 * here (the encoder drops those outside the buffer after rounding, as `ST_AsMVTGeom` does).
 * One query for all layers (`UNION ALL`): on PGlite each extra query costs a few milliseconds.
 */
export async function selectTileFeatureRows(
  db: Kysely<DB>,
  { tile, filter }: TileSqlParams,
): Promise<Map<TileLayerName, TileFeatureRow[]>> {
  const env = bufferedEnvelope4326(tile)
  const [xmin, , xmax, ymax] = tileBoundsMercator(tile)
  const scale = TILE_EXTENT / (xmax - xmin)
  const definitions = layersOf(filter)
  const out = new Map<TileLayerName, TileFeatureRow[]>(
    definitions.map((definition) => [definition.name, []]),
  )
  if (definitions.length === 0) return out
  const parts = definitions.map((definition) => {
    const toTileUnits = sql`ST_TransScale(${preparedGeometry(definition, tile)},
      ${-xmin}::float8, ${-ymax}::float8, ${scale}::float8, ${-scale}::float8)`
    // Snap before clipping, as ST_AsMVTGeom does, so clip points land where the server's do.
    const clipped =
      definition.geometry === 'point'
        ? toTileUnits
        : sql`ST_ClipByBox2D(ST_Simplify(ST_SnapToGrid(${toTileUnits}, 1), 0), ST_MakeEnvelope(
            ${-TILE_BUFFER}::float8, ${-TILE_BUFFER}::float8,
            ${TILE_EXTENT + TILE_BUFFER}::float8, ${TILE_EXTENT + TILE_BUFFER}::float8))`
    const properties = Object.keys(definition.fields).flatMap((field) => [
      sql`${field}::text`,
      sql.ref(`s.${field}`),
    ])
    return sql`(SELECT ${definition.name}::text AS layer, json_build_object(${sql.join(properties)})::text AS props,
        ST_AsGeoJSON(${clipped}, 2) AS tile_geometry
      FROM (${layerSource(definition.name, filter, env)}) s)`
  })
  const result = await sql<{ layer: TileLayerName; props: string; tile_geometry: string | null }>`
    ${sql.join(parts, sql` UNION ALL `)}`.execute(db)
  for (const row of result.rows) {
    out.get(row.layer)?.push({
      properties: JSON.parse(row.props) as Record<string, unknown>,
      tile_geometry: row.tile_geometry,
    })
  }
  return out
}

/** Codes of the villages the `villages` layer of this tile may hold (its bbox pre-filter). */
export async function selectTileVillageCodes(db: Kysely<DB>, tile: TileCoord): Promise<string[]> {
  const result = await sql<{ code: string }>`SELECT code FROM village
    WHERE geom && ${bufferedEnvelope4326(tile)} ORDER BY code`.execute(db)
  return result.rows.map((row) => row.code)
}

/** Extent `[w, s, e, n]` (degrees) of everything the tiles draw; null for an empty database. */
export async function selectTileDataExtent(db: Kysely<DB>): Promise<Box | null> {
  const result = await sql<{ extent: string | null }>`SELECT ST_Extent(geom)::text AS extent FROM (
      SELECT ST_Extent(geom)::geometry AS geom FROM village
      UNION ALL SELECT ST_Extent(geom)::geometry FROM admin_unit WHERE ${currentAdmin}
      UNION ALL SELECT ST_Extent(geom)::geometry FROM network_line
      UNION ALL SELECT ST_Extent(geom)::geometry FROM facility
      UNION ALL SELECT ST_Extent(geom)::geometry FROM service_area
      UNION ALL SELECT ST_Extent(geom)::geometry FROM resettlement_site
      UNION ALL SELECT ST_Extent(geom)::geometry FROM hazard_zone
    ) extents WHERE geom IS NOT NULL`.execute(db)
  return parseBox(result.rows[0]?.extent)
}

/** Number of villages (decides whether villages are drawn at low zooms). */
export async function countTileVillages(db: Kysely<DB>): Promise<number> {
  const result = await sql<{ count: number }>`SELECT count(*)::int AS count FROM village`.execute(
    db,
  )
  return result.rows[0]?.count ?? 0
}

/**
 * A cheap fingerprint of the writes that change what tiles show: the import log (every import and
 * the seed write one row) and the rule sets. When it changes, cached tiles and statuses are stale.
 * Catches imports made by another process (a CLI import against the same server database). Only
 * small tables are read: counting the 50k-village province took 0.2–0.6 s on PGlite. Writes outside
 * the importer (relocation decisions, direct SQL) must call `invalidateTiles`.
 */
export async function selectTileDataFingerprint(db: Kysely<DB>): Promise<string> {
  const result = await sql<{ fingerprint: string }>`SELECT concat_ws('/',
      (SELECT count(*) || ':' || coalesce(max(id), 0) FROM import_log),
      (SELECT count(*) || ':' || coalesce(max(created_at)::text, '') FROM ruleset)
    ) AS fingerprint`.execute(db)
  return result.rows[0]?.fingerprint ?? ''
}
