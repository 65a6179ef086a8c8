import { describe, expect, it } from 'vitest'
import type { LayerSpecification } from 'maplibre-gl'
import {
  buildLayers,
  buildLegend,
  DEFAULT_VISIBILITY,
  LAYER_GROUPS,
  type LayerVisibility,
} from './layer-catalog'
import type { LayerContext, LayerGroupId } from './layers/types'
import { buildStyle, EMPTY_COLLECTION } from './style'

const createContext = (overrides: Partial<LayerContext> = {}): LayerContext => ({
  network: 'road',
  theme: 'normal',
  hasCoverage: true,
  selectedVillage: null,
  selectedAdmin: null,
  ...overrides,
})
const allVisible = (): LayerVisibility =>
  Object.fromEntries(LAYER_GROUPS.map((group) => [group.id, true])) as LayerVisibility
const onlyVisible = (...ids: LayerGroupId[]): LayerVisibility =>
  Object.fromEntries(
    LAYER_GROUPS.map((group) => [group.id, ids.includes(group.id)]),
  ) as LayerVisibility
const layerById = (layers: LayerSpecification[], id: string) => {
  const layer = layers.find((l) => l.id === id)
  if (!layer) throw new Error(`no layer ${id}`)
  return layer as LayerSpecification & { paint: Record<string, unknown>; filter?: unknown }
}

/** Every string in a JSON value (colours in paint expressions, labels...). */
function stringsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value.toLowerCase())
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, out))
  else if (value && typeof value === 'object')
    Object.values(value).forEach((item) => stringsIn(item, out))
  return out
}

/** `match` pairs of an expression as a map input → output. */
function matchPairs(expression: unknown): Map<unknown, unknown> {
  const items = expression as unknown[]
  expect(items[0]).toBe('match')
  const pairs = new Map<unknown, unknown>()
  for (let i = 2; i < items.length - 1; i += 2) pairs.set(items[i], items[i + 1])
  return pairs
}

describe('village layer', () => {
  it('colours by the chosen network status property', () => {
    const road = layerById(
      buildLayers(onlyVisible('villages'), createContext({ network: 'road' })),
      'villages-circle',
    )
    const pairs = matchPairs(road.paint['circle-color'])
    expect((road.paint['circle-color'] as unknown[])[1]).toEqual(['get', 'cov_road'])
    expect(pairs.get('covered')).toBe('#1a9850')
    expect(pairs.get('gap')).toBe('#d7191c')
    expect(pairs.get('covered-when-planned')).toBe('#f39c12')

    const water = layerById(
      buildLayers(onlyVisible('villages'), createContext({ network: 'water' })),
      'villages-circle',
    )
    expect((water.paint['circle-color'] as unknown[])[1]).toEqual(['get', 'cov_water'])
  })

  it('uses fully_covered 1/0 for full coverage', () => {
    const layer = layerById(
      buildLayers(onlyVisible('villages'), createContext({ network: 'full' })),
      'villages-circle',
    )
    const expression = layer.paint['circle-color'] as unknown[]
    expect(expression[1]).toEqual(['to-number', ['get', 'fully_covered'], -1])
    expect(matchPairs(expression).get(1)).toBe('#1a9850')
    expect(matchPairs(expression).get(0)).toBe('#d7191c')
  })

  it('is plain grey without a rule set and highlights the selected village', () => {
    const layers = buildLayers(
      onlyVisible('villages'),
      createContext({ hasCoverage: false, selectedVillage: '530102001001' }),
    )
    expect(layerById(layers, 'villages-circle').paint['circle-color']).toBe('#8c8c8c')
    expect(layerById(layers, 'villages-selected').filter).toEqual([
      '==',
      ['get', 'code'],
      '530102001001',
    ])
  })
})

describe('network line layers', () => {
  it('draws planned and under-construction features dashed in a separate layer', () => {
    for (const network of ['road', 'water', 'power', 'broadband'] as const) {
      const layers = buildLayers(onlyVisible(network), createContext())
      const planned = layerById(layers, `${network}-planned`)
      const existing = layerById(layers, `${network}-line`)
      expect(planned.paint['line-dasharray']).toBeDefined()
      expect(existing.paint['line-dasharray']).toBeUndefined()
      expect(JSON.stringify(planned.filter)).toContain('"planned"')
      expect(JSON.stringify(existing.filter)).toContain('"!"')
      expect((planned as { 'source-layer'?: string })['source-layer']).toBe('lines')
      expect(JSON.stringify(existing.filter)).toContain(`"${network}"`)
    }
  })

  it('draws gravel and dirt roads in the unsurfaced colour whatever their class', () => {
    const road = layerById(buildLayers(onlyVisible('road'), createContext()), 'road-line')
    const color = road.paint['line-color'] as unknown[]
    expect(color[0]).toBe('case')
    expect(color[1]).toEqual(['in', ['get', 'surface'], ['literal', ['gravel', 'dirt', 'unknown']]])
    expect(color[2]).toBe('#8d6e63')
    expect(matchPairs(color[3]).get('county')).toBe('#fbc02d')
  })

  it('bands power lines by voltage with a step expression', () => {
    const power = layerById(buildLayers(onlyVisible('power'), createContext()), 'power-line')
    expect(power.paint['line-color']).toEqual([
      'step',
      ['to-number', ['get', 'voltage_kv'], 0],
      '#bdbdbd',
      10,
      '#ffb300',
      35,
      '#fb8c00',
      110,
      '#8e24aa',
    ])
  })
})

describe('style', () => {
  const tiles = {
    tiles: ['http://127.0.0.1:8600/api/tiles/{z}/{x}/{y}.pbf?ruleset=policy-2015'],
    minzoom: 0,
    maxzoom: 14,
  }
  const fontFaces = {
    'Noto Sans SC Regular': [
      { url: 'http://127.0.0.1:8600/assets/x.woff2', 'unicode-range': ['U+4E00-9FFF'] },
    ],
  }
  const style = buildStyle({
    tiles,
    visibility: allVisible(),
    ctx: createContext(),
    overlays: { clusters: null, regions: null, solution: null },
    fontFaces,
  })

  it('has no glyphs or sprite URL and carries the bundled font faces', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(style['font-faces']).toEqual(fontFaces)
    for (const layer of style.layers) {
      const font = (layer as { layout?: Record<string, unknown> }).layout?.['text-font']
      if (font) expect(font).toEqual(['Noto Sans SC Regular'])
    }
  })

  it('references only declared sources and the tile source-layers the API serves', () => {
    const served = new Set([
      'admin',
      'admin_labels',
      'villages',
      'lines',
      'facilities',
      'service_areas',
      'sites',
      'hazards',
    ])
    const ids = new Set<string>()
    for (const layer of style.layers) {
      expect(ids.has(layer.id), `duplicate layer id ${layer.id}`).toBe(false)
      ids.add(layer.id)
      if (layer.type === 'background') continue
      const source = (layer as { source: string }).source
      expect(style.sources[source], `source of ${layer.id}`).toBeDefined()
      const sourceLayer = (layer as { 'source-layer'?: string })['source-layer']
      if (source === 'tongcun') expect(served.has(sourceLayer ?? '')).toBe(true)
    }
    expect(style.sources.clusters).toEqual({ type: 'geojson', data: EMPTY_COLLECTION })
  })

  it('has no URL outside our origin', () => {
    for (const text of stringsIn(style)) {
      if (/^https?:/.test(text)) expect(text.startsWith('http://127.0.0.1:8600/')).toBe(true)
    }
  })

  it('draws only the GeoJSON overlays before the tile source is known', () => {
    const early = buildStyle({
      tiles: null,
      visibility: allVisible(),
      ctx: createContext(),
      overlays: { clusters: null, regions: null, solution: null },
      fontFaces,
    })
    expect(early.sources.tongcun).toBeUndefined()
    expect(
      early.layers.every(
        (l) =>
          l.type === 'background' ||
          ['clusters', 'regions', 'solution'].includes((l as { source: string }).source),
      ),
    ).toBe(true)
  })

  it('uses a high-contrast, larger theme for the projector', () => {
    const normal = layerById(
      buildLayers(onlyVisible('admin'), createContext()),
      'admin-line-county',
    )
    const projector = layerById(
      buildLayers(onlyVisible('admin'), createContext({ theme: 'projector' })),
      'admin-line-county',
    )
    expect(projector.paint['line-width'] as number).toBeGreaterThan(
      normal.paint['line-width'] as number,
    )
    expect(projector.paint['line-color']).toBe('#000000')
  })
})

describe('legend', () => {
  it('has one section per visible group and none for hidden groups', () => {
    const sections = buildLegend(DEFAULT_VISIBILITY, createContext())
    const visible = LAYER_GROUPS.filter((g) => DEFAULT_VISIBILITY[g.id]).map((g) => g.id)
    expect(sections.map((s) => s.groupId).sort()).toEqual([...visible].sort())
    expect(buildLegend(onlyVisible(), createContext())).toEqual([])
  })

  it('shows only colours the visible layers actually draw', () => {
    for (const theme of ['normal', 'projector'] as const) {
      for (const network of ['full', 'road', 'bus'] as const) {
        const ctx = createContext({ theme, network })
        for (const group of LAYER_GROUPS) {
          const drawn = stringsIn(group.layers(ctx))
          for (const entry of group.legend(ctx)) {
            expect(
              drawn.has(entry.color.toLowerCase()) || entry.color === 'rgba(0,0,0,0)',
              `${group.id} ${entry.labelKey} ${entry.color}`,
            ).toBe(true)
            if (entry.strokeColor)
              expect(
                drawn.has(entry.strokeColor.toLowerCase()),
                `${group.id} stroke ${entry.strokeColor}`,
              ).toBe(true)
          }
        }
      }
    }
  })

  it('lists every status colour the village layer draws for a network', () => {
    const ctx = createContext({ network: 'power' })
    const layer = layerById(buildLayers(onlyVisible('villages'), ctx), 'villages-circle')
    const expression = layer.paint['circle-color'] as unknown[]
    const drawn = new Set([...matchPairs(expression).values(), expression[expression.length - 1]])
    const section = buildLegend(onlyVisible('villages'), ctx)[0]!
    expect(new Set(section.entries.map((e) => e.color))).toEqual(drawn)
  })

  it('changes with the network: full coverage shows fully / not fully covered', () => {
    const full = buildLegend(onlyVisible('villages'), createContext({ network: 'full' }))[0]!
    expect(full.entries.map((e) => e.labelKey)).toEqual([
      'legend.fullyCovered',
      'legend.notFullyCovered',
      'legend.noData',
    ])
  })
})
