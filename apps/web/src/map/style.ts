import type { FeatureCollection } from 'geojson'
import type { FontFacesSpecification, StyleSpecification } from 'maplibre-gl'
import type { LayerVisibility } from './layer-catalog'
import { buildLayers } from './layer-catalog'
import { CLUSTERS_SOURCE, REGIONS_SOURCE } from './layers/clusters'
import { SOLUTION_SOURCE } from './layers/solution'
import type { LayerContext } from './layers/types'
import { VECTOR_SOURCE } from './layers/types'

/** The vector tile source as the client resolved it from `/api/tiles.json` (absolute URLs). */
export interface TileSource {
  tiles: string[]
  minzoom: number
  maxzoom: number
  bounds?: [number, number, number, number]
}

export interface Overlays {
  clusters: FeatureCollection | null
  regions: FeatureCollection | null
  solution: FeatureCollection | null
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] }

export const BACKGROUND = { normal: '#f4f1ea', projector: '#ffffff' } as const

/**
 * The whole map style as a pure function of the view state. No `glyphs`, no sprite, no external
 * URL: labels are drawn from the bundled font files listed in `fontFaces`.
 */
export function buildStyle(options: {
  tiles: TileSource | null
  visibility: LayerVisibility
  ctx: LayerContext
  overlays: Overlays
  fontFaces: FontFacesSpecification
}): StyleSpecification {
  const { tiles, visibility, ctx, overlays } = options
  const style: StyleSpecification = {
    version: 8,
    name: 'Tongcun',
    'font-faces': options.fontFaces,
    sources: {
      [CLUSTERS_SOURCE]: { type: 'geojson', data: overlays.clusters ?? EMPTY_COLLECTION },
      [REGIONS_SOURCE]: { type: 'geojson', data: overlays.regions ?? EMPTY_COLLECTION },
      [SOLUTION_SOURCE]: { type: 'geojson', data: overlays.solution ?? EMPTY_COLLECTION },
    },
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': BACKGROUND[ctx.theme] },
      },
    ],
  }
  if (tiles) {
    style.sources[VECTOR_SOURCE] = {
      type: 'vector',
      tiles: tiles.tiles,
      minzoom: tiles.minzoom,
      maxzoom: tiles.maxzoom,
      ...(tiles.bounds ? { bounds: tiles.bounds } : {}),
    }
    style.layers.push(...buildLayers(visibility, ctx))
  } else {
    // Before the TileJSON arrives only the GeoJSON overlays can draw.
    const overlayOnly = { ...visibility }
    for (const key of Object.keys(overlayOnly) as (keyof LayerVisibility)[]) {
      if (!['clusters', 'regions', 'solution'].includes(key)) overlayOnly[key] = false
    }
    style.layers.push(...buildLayers(overlayOnly, ctx))
  }
  return style
}
