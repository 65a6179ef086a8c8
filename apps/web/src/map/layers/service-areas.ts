import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { VECTOR_SOURCE, matchColor } from './types'

export const SERVICE_AREA_STYLES = [
  { value: 'water', color: '#64b5f6', labelKey: 'serviceArea.water' },
  { value: 'broadband', color: '#4db6ac', labelKey: 'serviceArea.broadband' },
] as const

export const serviceAreasGroup: LayerGroup = {
  id: 'service-areas',
  titleKey: 'layers.service-areas',
  layers: (_ctx: LayerContext): LayerSpecification[] => [
    {
      id: 'service-areas-fill',
      type: 'fill',
      source: VECTOR_SOURCE,
      'source-layer': 'service_areas',
      paint: {
        'fill-color': matchColor('network', SERVICE_AREA_STYLES, '#9e9e9e') as never,
        'fill-opacity': 0.18,
        'fill-outline-color': matchColor('network', SERVICE_AREA_STYLES, '#9e9e9e') as never,
      },
    },
  ],
  legend: (): LegendEntry[] =>
    SERVICE_AREA_STYLES.map((style) => ({
      labelKey: style.labelKey,
      symbol: 'fill',
      color: style.color,
    })),
}
