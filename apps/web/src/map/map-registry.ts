import type { Map as MapLibreMap } from 'maplibre-gl'

let current: MapLibreMap | null = null

/** The one live map, for the exporters and slide capture (set by MapView). */
export function setCurrentMap(map: MapLibreMap | null) {
  current = map
}
export function getCurrentMap(): MapLibreMap | null {
  return current
}
