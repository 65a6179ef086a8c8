import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { matchColor, themeScale } from './types'
import { networkLineLayers, plannedLegendEntry } from './network-lines'

/** Road classes, highest first: colour and width (px at zoom 10). */
export const ROAD_CLASS_STYLES = [
  { value: 'expressway', color: '#c2185b', width: 3 },
  { value: 'national', color: '#e64a19', width: 2.6 },
  { value: 'provincial', color: '#f57c00', width: 2.2 },
  { value: 'county', color: '#fbc02d', width: 1.8 },
  { value: 'township', color: '#7cb342', width: 1.4 },
  { value: 'village', color: '#546e7a', width: 1.1 },
  { value: 'other', color: '#90a4ae', width: 0.8 },
] as const
/** Gravel/dirt/unknown surfaces are drawn brown whatever the class: they do not count as surfaced. */
export const UNSURFACED = ['gravel', 'dirt', 'unknown'] as const
export const UNSURFACED_COLOR = '#8d6e63'

export function roadColorExpression(): unknown[] {
  return [
    'case',
    ['in', ['get', 'surface'], ['literal', [...UNSURFACED]]],
    UNSURFACED_COLOR,
    matchColor('class', ROAD_CLASS_STYLES, '#90a4ae'),
  ]
}

export function roadWidthExpression(scale: number): unknown[] {
  const byClass: unknown[] = ['match', ['get', 'class']]
  for (const style of ROAD_CLASS_STYLES) byClass.push(style.value, style.width * scale)
  byClass.push(0.8 * scale)
  return [
    'interpolate',
    ['linear'],
    ['zoom'],
    6,
    ['*', 0.5, byClass],
    10,
    byClass,
    14,
    ['*', 2.5, byClass],
  ]
}

export const roadGroup: LayerGroup = {
  id: 'road',
  titleKey: 'layers.road',
  layers: (ctx: LayerContext) =>
    networkLineLayers('road', roadColorExpression(), roadWidthExpression(themeScale(ctx.theme))),
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    return [
      ...ROAD_CLASS_STYLES.map((style) => ({
        labelKey: `road.class.${style.value}`,
        symbol: 'line' as const,
        color: style.color,
        size: style.width * scale,
      })),
      { labelKey: 'legend.unsurfaced', symbol: 'line', color: UNSURFACED_COLOR, size: 1.4 * scale },
      plannedLegendEntry('#546e7a', 1.4 * scale),
    ]
  },
}
