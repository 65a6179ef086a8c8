import {
  Map as MapLibreMap,
  setWorkerUrl,
  VectorTileSource,
  type MapGeoJSONFeature,
  type StyleSpecification,
} from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useMemo, useRef } from 'react'
import { useAppState } from '../state/app-state'
import { MAP_FONT_FACES } from './map-fonts'
import { useLayerContext } from './use-layer-context'
import { buildStyle, type TileSource } from './style'
import { setCurrentMap } from './map-registry'
import { VECTOR_SOURCE } from './layers/types'

// Without this the built app never loads tiles ("Worker failed to load"): see shared/notes.
setWorkerUrl(workerUrl)

declare global {
  interface Window {
    __tongcunMap?: MapLibreMap
    /** ms from navigation start to the first `idle` with villages drawn (for the e2e measurement). */
    __tongcunFirstPaintMs?: number
    /** ms from navigation start to the first `idle` (large sets show villages only from zoom 8). */
    __tongcunFirstIdleMs?: number
  }
}

/**
 * Applies a new style by diff. New tile URLs of the vector source (rule set, `rev` after a decision)
 * go through `setTiles` first: the source reloads its tiles in place, and the diff then finds the
 * source unchanged instead of removing and re-adding it with every layer drawn from it.
 */
export function applyStyle(map: MapLibreMap, style: StyleSpecification): void {
  const source = map.getSource(VECTOR_SOURCE)
  const next = style.sources[VECTOR_SOURCE]
  if (
    source instanceof VectorTileSource &&
    next?.type === 'vector' &&
    next.tiles &&
    JSON.stringify(source.tiles) !== JSON.stringify(next.tiles)
  ) {
    source.setTiles(next.tiles)
  }
  map.setStyle(style, { diff: true })
}

/** Owns the one MapLibre map. The style is a pure function of the app state, applied by diff. */
export function MapView({ tiles }: { tiles: TileSource | null }) {
  const { state, dispatch } = useAppState()
  const ctx = useLayerContext()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibreMap | null>(null)
  const style = useMemo(
    () =>
      buildStyle({
        tiles,
        visibility: state.visibility,
        ctx,
        overlays: state.overlays,
        fontFaces: MAP_FONT_FACES,
      }),
    [tiles, state.visibility, ctx, state.overlays],
  )
  const appliedStyle = useRef(style)

  useEffect(() => {
    // Created once the tile source is known, so the style (and its worker) load only once.
    if (!container.current || !tiles) return
    const bounds = tiles.bounds
    const map = new MapLibreMap({
      container: container.current,
      style,
      ...(bounds
        ? {
            bounds: [bounds[0], bounds[1], bounds[2], bounds[3]],
            fitBoundsOptions: { padding: 30 },
          }
        : { center: [104, 35], zoom: 3.5 }),
      attributionControl: false,
      maxPitch: 0,
      // Labels appear at once: no 300 ms symbol fade holding back `idle` after every move.
      fadeDuration: 0,
      // Lets the projector export read the canvas of this map too (cheap at our sizes).
      canvasContextAttributes: { preserveDrawingBuffer: true },
    })
    mapRef.current = map
    appliedStyle.current = style
    window.__tongcunMap = map
    setCurrentMap(map)
    const onIdle = () => {
      if (window.__tongcunFirstIdleMs === undefined) {
        window.__tongcunFirstIdleMs = performance.now()
        dispatch({ type: 'map-ready' })
      }
      if (window.__tongcunFirstPaintMs !== undefined || !map.getLayer('villages-circle')) return
      if (map.queryRenderedFeatures({ layers: ['villages-circle'] }).length > 0) {
        window.__tongcunFirstPaintMs = performance.now()
        console.info(`[tongcun] first map paint with villages: ${Math.round(performance.now())} ms`)
      }
    }
    map.on('idle', onIdle)
    map.once('load', () => performance.mark('tongcun:map-load'))
    performance.mark('tongcun:map-created')
    map.on('click', (event) => {
      const pad = 6
      const box: [[number, number], [number, number]] = [
        [event.point.x - pad, event.point.y - pad],
        [event.point.x + pad, event.point.y + pad],
      ]
      const layers = ['villages-circle'].filter((id) => map.getLayer(id))
      const hits: MapGeoJSONFeature[] = layers.length
        ? map.queryRenderedFeatures(box, { layers })
        : []
      const code = hits[0]?.properties?.code
      if (typeof code === 'string') dispatch({ type: 'select-village', code })
    })
    map.on('mousemove', (event) => {
      const over = map.getLayer('villages-circle')
        ? map.queryRenderedFeatures(event.point, { layers: ['villages-circle'] }).length > 0
        : false
      map.getCanvas().style.cursor = over ? 'pointer' : ''
    })
    return () => {
      map.remove()
      mapRef.current = null
      setCurrentMap(null)
      if (window.__tongcunMap === map) delete window.__tongcunMap
    }
    // The map is created once the tile source is known; later style changes go through setStyle.
  }, [tiles === null])

  // Style updates: skip the one the map was created with; before the first style has loaded,
  // wait for it (a diff against an unloaded style rebuilds everything from scratch).
  useEffect(() => {
    const map = mapRef.current
    if (!map || appliedStyle.current === style) return
    appliedStyle.current = style
    if (map.isStyleLoaded()) applyStyle(map, style)
    else map.once('style.load', () => applyStyle(map, appliedStyle.current))
  }, [style])

  useEffect(() => {
    const map = mapRef.current
    const camera = state.camera
    if (!map || !camera) return
    if (camera.kind === 'fit') {
      map.fitBounds([camera.bbox[0], camera.bbox[1], camera.bbox[2], camera.bbox[3]], {
        padding: 40,
        duration: state.projector ? 0 : 600,
        maxZoom: 14,
      })
    } else if (camera.kind === 'focus') {
      map.flyTo({
        center: camera.lngLat,
        zoom: Math.max(map.getZoom(), camera.zoom),
        duration: 600,
      })
    } else {
      map.jumpTo({
        center: camera.center,
        zoom: camera.zoom,
        bearing: camera.bearing,
        pitch: camera.pitch,
      })
    }
  }, [state.camera])

  useEffect(() => {
    // Projector mode changes the container size (chrome hidden): let the canvas follow.
    const map = mapRef.current
    if (!map) return
    const id = window.setTimeout(() => map.resize(), 50)
    return () => window.clearTimeout(id)
  }, [state.projector])

  return <div ref={container} className="map" data-testid="map" />
}
