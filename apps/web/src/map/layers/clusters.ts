import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { FONT_STACK, themeScale } from './types'

export const CLUSTERS_SOURCE = 'clusters'
export const REGIONS_SOURCE = 'regions'
export const CLUSTER_COLOR = '#00838f'
export const SPANNING_COLOR = '#d50000'
export const REGION_COLOR = '#5d4037'

/**
 * Overlay features carry `crosses_boundary` (boolean, set by the web client from the API's
 * answer) so one expression colours boundary-spanning outlines.
 */
const isSpanning = ['==', ['get', 'crosses_boundary'], true]

function outlineLayers(
  source: string,
  color: string,
  ctx: LayerContext,
  label: unknown,
): LayerSpecification[] {
  const scale = themeScale(ctx.theme)
  return [
    {
      id: `${source}-fill`,
      type: 'fill',
      source,
      paint: {
        'fill-color': ['case', isSpanning, SPANNING_COLOR, color] as never,
        'fill-opacity': 0.1,
      },
    },
    {
      id: `${source}-line`,
      type: 'line',
      source,
      paint: {
        'line-color': ['case', isSpanning, SPANNING_COLOR, color] as never,
        'line-width': ['case', isSpanning, 3 * scale, 2 * scale] as never,
      },
    },
    {
      id: `${source}-label`,
      type: 'symbol',
      source,
      layout: { 'text-field': label as never, 'text-font': FONT_STACK, 'text-size': 13 * scale },
      paint: { 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  ]
}

export const clustersGroup: LayerGroup = {
  id: 'clusters',
  titleKey: 'layers.clusters',
  layers: (ctx) =>
    outlineLayers(CLUSTERS_SOURCE, CLUSTER_COLOR, ctx, ['to-string', ['get', 'label']]),
  legend: (ctx): LegendEntry[] => [
    {
      labelKey: 'legend.cluster',
      symbol: 'line',
      color: CLUSTER_COLOR,
      size: 2 * themeScale(ctx.theme),
    },
    {
      labelKey: 'legend.spanning',
      symbol: 'line',
      color: SPANNING_COLOR,
      size: 3 * themeScale(ctx.theme),
    },
  ],
}

export const regionsGroup: LayerGroup = {
  id: 'regions',
  titleKey: 'layers.regions',
  layers: (ctx) =>
    outlineLayers(REGIONS_SOURCE, REGION_COLOR, ctx, ['to-string', ['get', 'label']]),
  legend: (ctx): LegendEntry[] => [
    {
      labelKey: 'legend.region',
      symbol: 'line',
      color: REGION_COLOR,
      size: 2 * themeScale(ctx.theme),
    },
    {
      labelKey: 'legend.spanning',
      symbol: 'line',
      color: SPANNING_COLOR,
      size: 3 * themeScale(ctx.theme),
    },
  ],
}
