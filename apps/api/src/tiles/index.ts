/**
 * Vector tiles (MVT + TileJSON) for the map, on both engines. See README.md in this folder.
 */
export {
  buildTileJson,
  currentTileEtag,
  invalidateTiles,
  renderTile,
  tileDataVersion,
  TILEJSON_MAXZOOM,
} from './tile-service'
export type { RenderedTile, TileJson, TilePath, TileRequestOptions } from './tile-service'
export { TILE_LAYERS, zoomFilter } from './tile-layers'
export type { TileFieldType, TileLayerDefinition, TileLayerName, ZoomFilter } from './tile-layers'
export { parseTileCoord, TILE_BUFFER, TILE_EXTENT } from './tile-math'
export type { TileCoord } from './tile-math'
export {
  COVERAGE_TILE_FIELDS,
  registerVillageStatusProvider,
  registeredVillageStatusProviders,
  unregisterVillageStatusProvider,
} from './village-status'
export { coverageStatusProvider } from './coverage-status'
export type { TileCoverageStatus, VillageStatusProvider, VillageTileStatus } from './village-status'
