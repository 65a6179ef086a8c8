import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { matchColor, themeScale } from './types'
import { networkLineLayers, plannedLegendEntry } from './network-lines'

export const WATER_CLASS_STYLES = [
  { value: 'main', color: '#0d47a1', width: 2.2 },
  { value: 'branch', color: '#42a5f5', width: 1.2 },
] as const

export const waterGroup: LayerGroup = {
  id: 'water',
  titleKey: 'layers.water',
  layers(ctx: LayerContext) {
    const scale = themeScale(ctx.theme)
    const width = ['match', ['get', 'class'], 'main', 2.2 * scale, 1.2 * scale]
    return networkLineLayers('water', matchColor('class', WATER_CLASS_STYLES, '#42a5f5'), width)
  },
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    return [
      ...WATER_CLASS_STYLES.map((style) => ({
        labelKey: `water.class.${style.value}`,
        symbol: 'line' as const,
        color: style.color,
        size: style.width * scale,
      })),
      plannedLegendEntry('#42a5f5', 1.2 * scale),
    ]
  },
}
