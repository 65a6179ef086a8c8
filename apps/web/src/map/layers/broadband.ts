import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { matchColor, themeScale } from './types'
import { networkLineLayers, plannedLegendEntry } from './network-lines'

export const BROADBAND_CLASS_STYLES = [
  { value: 'backbone', color: '#004d40', width: 2 },
  { value: 'fibre', color: '#26a69a', width: 1.1 },
] as const

export const broadbandGroup: LayerGroup = {
  id: 'broadband',
  titleKey: 'layers.broadband',
  layers(ctx: LayerContext) {
    const scale = themeScale(ctx.theme)
    const width = ['match', ['get', 'class'], 'backbone', 2 * scale, 1.1 * scale]
    return networkLineLayers(
      'broadband',
      matchColor('class', BROADBAND_CLASS_STYLES, '#26a69a'),
      width,
    )
  },
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    return [
      ...BROADBAND_CLASS_STYLES.map((style) => ({
        labelKey: `broadband.class.${style.value}`,
        symbol: 'line' as const,
        color: style.color,
        size: style.width * scale,
      })),
      plannedLegendEntry('#26a69a', 1.1 * scale),
    ]
  },
}
