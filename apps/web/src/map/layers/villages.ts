import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry, ViewNetwork } from './types'
import { FONT_STACK, VECTOR_SOURCE, matchColor, themeScale } from './types'

/** Colours of coverage statuses (same table drives the paint and the legend). */
export const STATUS_CLASSES = [
  { value: 'covered', color: '#1a9850', labelKey: 'status.covered' },
  { value: 'covered-when-planned', color: '#f39c12', labelKey: 'status.covered-when-planned' },
  { value: 'gap', color: '#d7191c', labelKey: 'status.gap' },
] as const
export const NO_DATA_COLOR = '#8c8c8c'

/** Tile property holding the status of a network (`fully_covered` 1/0 for full coverage). */
export function statusProperty(network: ViewNetwork): string {
  return network === 'full' ? 'fully_covered' : `cov_${network}`
}

/** Circle colour for the chosen network: status → colour, unknown → grey. */
export function villageColorExpression(network: ViewNetwork): unknown[] {
  if (network === 'full') {
    return [
      'match',
      ['to-number', ['get', 'fully_covered'], -1],
      1,
      STATUS_CLASSES[0].color,
      0,
      STATUS_CLASSES[2].color,
      NO_DATA_COLOR,
    ]
  }
  return matchColor(statusProperty(network), STATUS_CLASSES, NO_DATA_COLOR)
}

export const villagesGroup: LayerGroup = {
  id: 'villages',
  titleKey: 'layers.villages',
  layers(ctx: LayerContext): LayerSpecification[] {
    const scale = themeScale(ctx.theme)
    const radius = ['interpolate', ['linear'], ['zoom'], 5, 2 * scale, 9, 4 * scale, 13, 7 * scale]
    const layers: LayerSpecification[] = [
      {
        id: 'villages-circle',
        type: 'circle',
        source: VECTOR_SOURCE,
        'source-layer': 'villages',
        paint: {
          'circle-color': (ctx.hasCoverage
            ? villageColorExpression(ctx.network)
            : NO_DATA_COLOR) as never,
          'circle-radius': radius as never,
          'circle-stroke-color': ctx.theme === 'projector' ? '#000000' : '#ffffff',
          'circle-stroke-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            6,
            0.5,
            11,
            1.5 * scale,
          ] as never,
        },
      },
      {
        id: 'villages-selected',
        type: 'circle',
        source: VECTOR_SOURCE,
        'source-layer': 'villages',
        filter: ['==', ['get', 'code'], ctx.selectedVillage ?? ''],
        paint: {
          'circle-color': 'rgba(0,0,0,0)',
          'circle-radius': [
            'interpolate',
            ['linear'],
            ['zoom'],
            5,
            6 * scale,
            13,
            13 * scale,
          ] as never,
          'circle-stroke-color': '#00e5ff',
          'circle-stroke-width': 3 * scale,
        },
      },
      {
        id: 'villages-label',
        type: 'symbol',
        source: VECTOR_SOURCE,
        'source-layer': 'villages',
        minzoom: 11,
        layout: {
          'text-field': [
            'step',
            ['zoom'],
            ['get', 'name'],
            13,
            ['concat', ['get', 'name'], '\n', ['get', 'code']],
          ] as never,
          'text-font': FONT_STACK,
          'text-size': 12 * scale,
          'text-offset': [0, 1.1],
          'text-anchor': 'top',
          'text-optional': true,
        },
        paint: {
          'text-color': '#222222',
          'text-halo-color': '#ffffff',
          'text-halo-width': 1.5,
        },
      },
    ]
    return layers
  },
  legend(ctx: LayerContext): LegendEntry[] {
    const size = 6 * themeScale(ctx.theme)
    if (!ctx.hasCoverage)
      return [{ labelKey: 'legend.village', symbol: 'circle', color: NO_DATA_COLOR, size }]
    if (ctx.network === 'full') {
      return [
        { labelKey: 'legend.fullyCovered', symbol: 'circle', color: STATUS_CLASSES[0].color, size },
        {
          labelKey: 'legend.notFullyCovered',
          symbol: 'circle',
          color: STATUS_CLASSES[2].color,
          size,
        },
        { labelKey: 'legend.noData', symbol: 'circle', color: NO_DATA_COLOR, size },
      ]
    }
    return [
      ...STATUS_CLASSES.map((item) => ({
        labelKey: item.labelKey,
        symbol: 'circle' as const,
        color: item.color,
        size,
      })),
      { labelKey: 'legend.noData', symbol: 'circle', color: NO_DATA_COLOR, size },
    ]
  },
}
