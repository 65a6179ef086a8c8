import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { VECTOR_SOURCE, matchColor, themeScale } from './types'

/** Facility kinds other than bus stops (those have their own group). */
export const FACILITY_KIND_STYLES = [
  { value: 'water-plant', color: '#1565c0' },
  { value: 'substation', color: '#6a1b9a' },
  { value: 'olt', color: '#00897b' },
  { value: 'backbone-node', color: '#004d40' },
  { value: 'cell-site', color: '#26c6da' },
] as const
export const BUS_STOP_COLOR = '#3949ab'

export const facilitiesGroup: LayerGroup = {
  id: 'facilities',
  titleKey: 'layers.facilities',
  layers(ctx: LayerContext): LayerSpecification[] {
    const scale = themeScale(ctx.theme)
    return [
      {
        id: 'facilities-circle',
        type: 'circle',
        source: VECTOR_SOURCE,
        'source-layer': 'facilities',
        filter: ['!=', ['get', 'kind'], 'bus-stop'],
        minzoom: 7,
        paint: {
          'circle-color': matchColor('kind', FACILITY_KIND_STYLES, '#555555') as never,
          'circle-radius': 4.5 * scale,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ]
  },
  legend: (ctx: LayerContext): LegendEntry[] =>
    FACILITY_KIND_STYLES.map((style) => ({
      labelKey: `facility.${style.value}`,
      symbol: 'circle',
      color: style.color,
      size: 4.5 * themeScale(ctx.theme),
    })),
}

export const busStopsGroup: LayerGroup = {
  id: 'bus-stops',
  titleKey: 'layers.bus-stops',
  layers: (ctx: LayerContext): LayerSpecification[] => [
    {
      id: 'bus-stops-circle',
      type: 'circle',
      source: VECTOR_SOURCE,
      'source-layer': 'facilities',
      filter: ['==', ['get', 'kind'], 'bus-stop'],
      minzoom: 8,
      paint: {
        'circle-color': BUS_STOP_COLOR,
        'circle-radius': 3 * themeScale(ctx.theme),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
      },
    },
  ],
  legend: (ctx: LayerContext): LegendEntry[] => [
    {
      labelKey: 'facility.bus-stop',
      symbol: 'circle',
      color: BUS_STOP_COLOR,
      size: 3 * themeScale(ctx.theme),
    },
  ],
}
