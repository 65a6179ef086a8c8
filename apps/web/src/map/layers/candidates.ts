import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { VECTOR_SOURCE, matchColor, themeScale } from './types'

/** Relocation recommendation rings drawn around village points (tile property `relocation`). */
export const RELOCATION_STYLES = [
  { value: 'relocate', color: '#6a1b9a' },
  { value: 'review', color: '#ef6c00' },
] as const
/** A planner-confirmed relocation (tile property `decision`), drawn as a second, outer ring. */
export const CONFIRMED_COLOR = '#1a237e'

export const candidatesGroup: LayerGroup = {
  id: 'candidates',
  titleKey: 'layers.candidates',
  layers: (ctx: LayerContext): LayerSpecification[] => [
    {
      id: 'candidates-ring',
      type: 'circle',
      source: VECTOR_SOURCE,
      'source-layer': 'villages',
      filter: [
        'in',
        ['get', 'relocation'],
        ['literal', RELOCATION_STYLES.map((s) => s.value)],
      ] as never,
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 5, 13, 12] as never,
        'circle-stroke-color': matchColor('relocation', RELOCATION_STYLES, '#000000') as never,
        'circle-stroke-width': 2.5 * themeScale(ctx.theme),
      },
    },
    {
      id: 'candidates-confirmed',
      type: 'circle',
      source: VECTOR_SOURCE,
      'source-layer': 'villages',
      filter: ['==', ['get', 'decision'], 'confirmed'],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 8, 13, 16] as never,
        'circle-stroke-color': CONFIRMED_COLOR,
        'circle-stroke-width': 2 * themeScale(ctx.theme),
      },
    },
  ],
  legend: (ctx: LayerContext): LegendEntry[] => [
    ...RELOCATION_STYLES.map((style) => ({
      labelKey: `relocation.${style.value}`,
      symbol: 'circle' as const,
      color: 'rgba(0,0,0,0)',
      strokeColor: style.color,
      size: 7 * themeScale(ctx.theme),
    })),
    {
      labelKey: 'relocation.decision.confirmed',
      symbol: 'circle',
      color: 'rgba(0,0,0,0)',
      strokeColor: CONFIRMED_COLOR,
      size: 9 * themeScale(ctx.theme),
    },
  ],
}
