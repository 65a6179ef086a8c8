import type { Map as MapLibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** The app's map, exposed for these tests (apps/web/src/map/map-view.tsx). */
    __tongcunMap?: MapLibreMap
    /** ms from navigation start to the first idle with villages drawn. */
    __tongcunFirstPaintMs?: number
    /** ms from navigation start to the first idle of the map. */
    __tongcunFirstIdleMs?: number
  }
}
export {}
