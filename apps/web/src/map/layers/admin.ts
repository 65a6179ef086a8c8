import type { LayerSpecification } from 'maplibre-gl'
import type { LayerContext, LayerGroup, LegendEntry } from './types'
import { FONT_STACK, VECTOR_SOURCE, themeScale } from './types'

/** Boundary lines by level, widest first; labels appear in a zoom window per level. */
export const ADMIN_LEVEL_STYLES = [
  { level: 'province', width: 2.5, dash: null, labelZoom: [0, 7], textSize: 16 },
  { level: 'city', width: 2, dash: null, labelZoom: [5, 9], textSize: 15 },
  { level: 'county', width: 1.6, dash: null, labelZoom: [7, 11], textSize: 14 },
  { level: 'township', width: 1, dash: [3, 2], labelZoom: [9, 13], textSize: 13 },
] as const
export const ADMIN_LINE_COLOR = '#5b4a7a'
export const ADMIN_SELECTED_COLOR = '#00b8d4'

export const adminGroup: LayerGroup = {
  id: 'admin',
  titleKey: 'layers.admin',
  layers(ctx: LayerContext): LayerSpecification[] {
    const scale = themeScale(ctx.theme)
    const color = ctx.theme === 'projector' ? '#000000' : ADMIN_LINE_COLOR
    const layers: LayerSpecification[] = [
      {
        id: 'admin-fill',
        type: 'fill',
        source: VECTOR_SOURCE,
        'source-layer': 'admin',
        paint: { 'fill-color': '#000000', 'fill-opacity': 0 },
      },
      {
        id: 'admin-selected-fill',
        type: 'fill',
        source: VECTOR_SOURCE,
        'source-layer': 'admin',
        filter: ['==', ['get', 'code'], ctx.selectedAdmin ?? ''],
        paint: { 'fill-color': ADMIN_SELECTED_COLOR, 'fill-opacity': 0.08 },
      },
    ]
    for (const style of ADMIN_LEVEL_STYLES) {
      layers.push({
        id: `admin-line-${style.level}`,
        type: 'line',
        source: VECTOR_SOURCE,
        'source-layer': 'admin',
        filter: ['==', ['get', 'level'], style.level],
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': color,
          'line-width': style.width * scale,
          ...(style.dash ? { 'line-dasharray': [...style.dash] } : {}),
        },
      })
    }
    layers.push({
      id: 'admin-selected-line',
      type: 'line',
      source: VECTOR_SOURCE,
      'source-layer': 'admin',
      filter: ['==', ['get', 'code'], ctx.selectedAdmin ?? ''],
      paint: { 'line-color': ADMIN_SELECTED_COLOR, 'line-width': 3.5 * scale },
    })
    for (const style of ADMIN_LEVEL_STYLES) {
      layers.push({
        id: `admin-label-${style.level}`,
        type: 'symbol',
        source: VECTOR_SOURCE,
        // One label point per unit (ST_PointOnSurface), so a unit split over tiles is named once.
        'source-layer': 'admin_labels',
        filter: ['==', ['get', 'level'], style.level],
        minzoom: style.labelZoom[0],
        maxzoom: style.labelZoom[1],
        layout: {
          // Name always; the 12-digit code only once the unit fills the screen.
          'text-field': [
            'step',
            ['zoom'],
            ['get', 'name'],
            style.labelZoom[1] - 1.5,
            ['concat', ['get', 'name'], '\n', ['get', 'code']],
          ] as never,
          'text-font': FONT_STACK,
          'text-size': style.textSize * scale,
          'text-max-width': 8,
          'symbol-placement': 'point',
        },
        paint: {
          'text-color': color,
          'text-halo-color': '#ffffff',
          'text-halo-width': 2,
        },
      })
    }
    return layers
  },
  legend(ctx: LayerContext): LegendEntry[] {
    const scale = themeScale(ctx.theme)
    const color = ctx.theme === 'projector' ? '#000000' : ADMIN_LINE_COLOR
    return [
      ...ADMIN_LEVEL_STYLES.map((style) => ({
        labelKey: `admin.level.${style.level}`,
        symbol: 'line' as const,
        color,
        size: style.width * scale,
        dashed: style.dash !== null,
      })),
      {
        labelKey: 'legend.selectedUnit',
        symbol: 'line',
        color: ADMIN_SELECTED_COLOR,
        size: 3.5 * scale,
      },
    ]
  },
}
