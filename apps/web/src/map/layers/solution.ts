import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { themeScale } from './types'

export const SOLUTION_SOURCE = 'solution'
export const ALLOCATION_COLOR = '#455a64'
export const SITE_CAPACITY_COLOR = '#ffffff'
export const SITE_FILL_COLOR = '#2e7d32'
export const UNCOVERED_COLOR = '#d50000'

/**
 * The site-choice result as one GeoJSON source with a `role` property:
 * `allocation` (village → site line), `site` (chosen site; `capacity` and `used` in the same unit),
 * `uncovered` (village left without a site).
 */
function radiusFor(property: string, scale: number): unknown[] {
  // Circle area proportional to the amount: radius ∝ sqrt.
  return ['*', scale, ['max', 4, ['*', 0.25, ['sqrt', ['to-number', ['get', property], 0]]]]]
}

export const solutionGroup: LayerGroup = {
  id: 'solution',
  titleKey: 'layers.solution',
  layers(ctx: LayerContext): LayerSpecification[] {
    const scale = themeScale(ctx.theme)
    return [
      {
        id: 'solution-allocation',
        type: 'line',
        source: SOLUTION_SOURCE,
        filter: ['==', ['get', 'role'], 'allocation'],
        paint: { 'line-color': ALLOCATION_COLOR, 'line-width': 1.2 * scale, 'line-opacity': 0.8 },
      },
      {
        id: 'solution-capacity',
        type: 'circle',
        source: SOLUTION_SOURCE,
        filter: ['==', ['get', 'role'], 'site'],
        paint: {
          'circle-color': SITE_CAPACITY_COLOR,
          'circle-radius': radiusFor('capacity', scale) as never,
          'circle-stroke-color': SITE_FILL_COLOR,
          'circle-stroke-width': 2 * scale,
        },
      },
      {
        id: 'solution-used',
        type: 'circle',
        source: SOLUTION_SOURCE,
        filter: ['==', ['get', 'role'], 'site'],
        paint: {
          'circle-color': SITE_FILL_COLOR,
          'circle-radius': radiusFor('used', scale) as never,
        },
      },
      {
        id: 'solution-uncovered',
        type: 'circle',
        source: SOLUTION_SOURCE,
        filter: ['==', ['get', 'role'], 'uncovered'],
        paint: {
          'circle-color': 'rgba(0,0,0,0)',
          'circle-radius': 8 * scale,
          'circle-stroke-color': UNCOVERED_COLOR,
          'circle-stroke-width': 2.5 * scale,
        },
      },
    ]
  },
  legend: (ctx: LayerContext): LegendEntry[] => {
    const scale = themeScale(ctx.theme)
    return [
      { labelKey: 'legend.siteUsed', symbol: 'circle', color: SITE_FILL_COLOR, size: 7 * scale },
      {
        labelKey: 'legend.siteCapacity',
        symbol: 'circle',
        color: SITE_CAPACITY_COLOR,
        strokeColor: SITE_FILL_COLOR,
        size: 9 * scale,
      },
      { labelKey: 'legend.allocation', symbol: 'line', color: ALLOCATION_COLOR, size: 1.2 * scale },
      {
        labelKey: 'legend.uncovered',
        symbol: 'circle',
        color: 'rgba(0,0,0,0)',
        strokeColor: UNCOVERED_COLOR,
        size: 8 * scale,
      },
    ]
  },
}
