import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { FONT_STACK, VECTOR_SOURCE, matchColor, themeScale } from './types'

export const SITE_STATUS_STYLES = [
  { value: 'existing', color: '#2e7d32' },
  { value: 'under-construction', color: '#f9a825' },
  { value: 'planned', color: '#1565c0' },
  { value: 'candidate', color: '#ffffff' },
] as const
/** Circle radius (px) at a capacity in people: area grows with capacity. */
export const SITE_CAPACITY_STOPS = [
  { people: 0, radius: 5 },
  { people: 1000, radius: 9 },
  { people: 5000, radius: 16 },
  { people: 20000, radius: 28 },
] as const

export function siteRadiusExpression(scale: number): unknown[] {
  const expression: unknown[] = [
    'interpolate',
    ['linear'],
    ['to-number', ['get', 'capacity_people'], 0],
  ]
  for (const stop of SITE_CAPACITY_STOPS) expression.push(stop.people, stop.radius * scale)
  return expression
}

export const sitesGroup: LayerGroup = {
  id: 'sites',
  titleKey: 'layers.sites',
  layers(ctx: LayerContext): LayerSpecification[] {
    const scale = themeScale(ctx.theme)
    return [
      {
        id: 'sites-circle',
        type: 'circle',
        source: VECTOR_SOURCE,
        'source-layer': 'sites',
        paint: {
          'circle-color': matchColor('status', SITE_STATUS_STYLES, '#ffffff') as never,
          'circle-opacity': 0.75,
          'circle-radius': siteRadiusExpression(scale) as never,
          'circle-stroke-color': '#4e342e',
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'sites-label',
        type: 'symbol',
        source: VECTOR_SOURCE,
        'source-layer': 'sites',
        minzoom: 9,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT_STACK,
          'text-size': 12 * scale,
          'text-offset': [0, 1.6],
          'text-anchor': 'top',
          'text-optional': true,
        },
        paint: { 'text-color': '#4e342e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ]
  },
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    return [
      ...SITE_STATUS_STYLES.map((style) => ({
        labelKey: `site.status.${style.value}`,
        symbol: 'circle' as const,
        color: style.color,
        strokeColor: '#4e342e',
        size: 7 * scale,
      })),
      ...SITE_CAPACITY_STOPS.slice(1).map((stop) => ({
        labelKey: 'legend.capacityPeople',
        labelParams: { people: stop.people },
        symbol: 'circle' as const,
        color: '#ffffff',
        strokeColor: '#4e342e',
        size: stop.radius * scale,
      })),
    ]
  },
}
