import type { CoverageNetwork } from '@tongcun/domain'
import type { LayerSpecification } from 'maplibre-gl'

/** The village colouring: one network's coverage status, or full coverage (all networks). */
export type ViewNetwork = CoverageNetwork | 'full'
export const VIEW_NETWORKS: readonly ViewNetwork[] = [
  'full',
  'road',
  'bus',
  'water',
  'power',
  'broadband',
]

/** Visual theme: desk (normal) or projector (high contrast, thick lines, large type). */
export type MapTheme = 'normal' | 'projector'

/** Everything a layer builder may depend on. Builders are pure functions of this. */
export interface LayerContext {
  network: ViewNetwork
  theme: MapTheme
  /** True when the tiles carry coverage props (`?ruleset=` was given). */
  hasCoverage: boolean
  selectedVillage: string | null
  selectedAdmin: string | null
}

export const VECTOR_SOURCE = 'tongcun'
export const FONT_STACK = ['Noto Sans SC Regular']

/** One row of the legend. `labelKey` is an i18n key; `labelParams` fill its placeholders. */
export interface LegendEntry {
  labelKey: string
  labelParams?: Record<string, string | number>
  symbol: 'fill' | 'line' | 'circle'
  color: string
  strokeColor?: string
  dashed?: boolean
  /** Line width or circle radius in CSS px. */
  size?: number
}

/** A toggleable group of map layers with the legend derived from the same definitions. */
export interface LayerGroup {
  id: LayerGroupId
  titleKey: string
  layers(ctx: LayerContext): LayerSpecification[]
  legend(ctx: LayerContext): LegendEntry[]
}

export type LayerGroupId =
  | 'admin'
  | 'hazards'
  | 'service-areas'
  | 'road'
  | 'water'
  | 'power'
  | 'broadband'
  | 'villages'
  | 'candidates'
  | 'bus-stops'
  | 'facilities'
  | 'sites'
  | 'clusters'
  | 'regions'
  | 'solution'

/** Size multiplier for lines, circles and text in the theme. */
export function themeScale(theme: MapTheme): number {
  return theme === 'projector' ? 1.8 : 1
}

/** A `match` expression built from a class table, with a fallback colour. */
export function matchColor(
  property: string,
  classes: ReadonlyArray<{ value: string | number; color: string }>,
  fallback: string,
): unknown[] {
  const expression: unknown[] = ['match', ['get', property]]
  for (const item of classes) expression.push(item.value, item.color)
  expression.push(fallback)
  return expression
}
