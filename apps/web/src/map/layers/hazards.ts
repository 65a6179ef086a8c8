import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { VECTOR_SOURCE, matchColor } from './types'

export const HAZARD_KIND_STYLES = [
  { value: 'geological', color: '#b71c1c' },
  { value: 'flood', color: '#1e88e5' },
  { value: 'ecological-red-line', color: '#2e7d32' },
] as const
/** Fill opacity by severity. */
export const SEVERITY_OPACITY = { low: 0.15, medium: 0.28, high: 0.42 } as const

export const hazardsGroup: LayerGroup = {
  id: 'hazards',
  titleKey: 'layers.hazards',
  layers: (_ctx: LayerContext): LayerSpecification[] => [
    {
      id: 'hazards-fill',
      type: 'fill',
      source: VECTOR_SOURCE,
      'source-layer': 'hazards',
      paint: {
        'fill-color': matchColor('kind', HAZARD_KIND_STYLES, '#757575') as never,
        'fill-opacity': [
          'match',
          ['get', 'severity'],
          'high',
          SEVERITY_OPACITY.high,
          'medium',
          SEVERITY_OPACITY.medium,
          SEVERITY_OPACITY.low,
        ] as never,
      },
    },
    {
      id: 'hazards-line',
      type: 'line',
      source: VECTOR_SOURCE,
      'source-layer': 'hazards',
      paint: {
        'line-color': matchColor('kind', HAZARD_KIND_STYLES, '#757575') as never,
        'line-width': 1,
        'line-dasharray': [1, 1],
      },
    },
  ],
  legend: (): LegendEntry[] =>
    HAZARD_KIND_STYLES.map((style) => ({
      labelKey: `hazard.${style.value}`,
      symbol: 'fill',
      color: style.color,
    })),
}
