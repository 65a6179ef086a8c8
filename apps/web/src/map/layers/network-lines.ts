import type { LayerSpecification } from 'maplibre-gl'
import type { Network } from '@tongcun/domain'
import type { LegendEntry } from './types'
import { VECTOR_SOURCE } from './types'

export const PLANNED_DASH = [2, 1.5]

/**
 * Two line layers for one network from the `lines` source-layer: existing features solid, planned
 * and under-construction features dashed (MapLibre dash arrays are not data-driven, hence two).
 */
export function networkLineLayers(
  network: Network,
  color: unknown,
  width: unknown,
  minzoom = 0,
): LayerSpecification[] {
  const ofNetwork = ['==', ['get', 'network'], network]
  const isPlanned = ['in', ['get', 'status'], ['literal', ['planned', 'under-construction']]]
  return [
    {
      id: `${network}-line`,
      type: 'line',
      source: VECTOR_SOURCE,
      'source-layer': 'lines',
      minzoom,
      filter: ['all', ofNetwork, ['!', isPlanned]] as never,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': color as never, 'line-width': width as never },
    },
    {
      id: `${network}-planned`,
      type: 'line',
      source: VECTOR_SOURCE,
      'source-layer': 'lines',
      minzoom,
      filter: ['all', ofNetwork, isPlanned] as never,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': color as never,
        'line-width': width as never,
        'line-dasharray': PLANNED_DASH,
      },
    },
  ]
}

export function plannedLegendEntry(color: string, size: number): LegendEntry {
  return { labelKey: 'legend.planned', symbol: 'line', color, size, dashed: true }
}
