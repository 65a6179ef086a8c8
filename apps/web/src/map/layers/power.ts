import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { themeScale } from './types'
import { networkLineLayers, plannedLegendEntry } from './network-lines'

/** Voltage bands (lower bound in kV, inclusive), lowest first; `step` picks the band. */
export const VOLTAGE_BANDS = [
  { minKv: 0, color: '#bdbdbd', width: 0.8 },
  { minKv: 10, color: '#ffb300', width: 1.3 },
  { minKv: 35, color: '#fb8c00', width: 1.8 },
  { minKv: 110, color: '#8e24aa', width: 2.4 },
] as const

export function voltageStep(field: 'color' | 'width', scale = 1): unknown[] {
  const kv = ['to-number', ['get', 'voltage_kv'], 0]
  const pick = (band: (typeof VOLTAGE_BANDS)[number]) =>
    field === 'color' ? band.color : band.width * scale
  const expression: unknown[] = ['step', kv, pick(VOLTAGE_BANDS[0])]
  for (const band of VOLTAGE_BANDS.slice(1)) expression.push(band.minKv, pick(band))
  return expression
}

export const powerGroup: LayerGroup = {
  id: 'power',
  titleKey: 'layers.power',
  layers: (ctx: LayerContext) =>
    networkLineLayers('power', voltageStep('color'), voltageStep('width', themeScale(ctx.theme))),
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    return [
      ...[...VOLTAGE_BANDS].reverse().map((band, i, all) => ({
        labelKey: i === all.length - 1 ? 'power.below' : 'power.atLeast',
        labelParams: { kv: i === all.length - 1 ? VOLTAGE_BANDS[1].minKv : band.minKv },
        symbol: 'line' as const,
        color: band.color,
        size: band.width * scale,
      })),
      plannedLegendEntry('#fb8c00', 1.3 * scale),
    ]
  },
}
