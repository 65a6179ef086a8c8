import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Feature, FeatureCollection, LineString, MultiLineString, Position } from 'geojson'
import { LAYER_NAMES, type GeneratedRegion, type LayerName } from '../src/generate'

export const SAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'sample')

export function readSampleText(layer: LayerName): string {
  return readFileSync(join(SAMPLE_DIR, `${layer}.geojson`), 'utf8')
}

/** The committed sample as parsed GeoJSON (what importers and other engineers see). */
export function readSample(): GeneratedRegion {
  const entries = LAYER_NAMES.map((layer) => [
    layer,
    JSON.parse(readSampleText(layer)) as FeatureCollection,
  ])
  return Object.fromEntries(entries) as GeneratedRegion
}

export type AnyLine = Feature<
  LineString | MultiLineString,
  { id: string } & Record<string, unknown>
>

export function isLine(f: Feature): f is AnyLine {
  return f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString'
}

export function partsOf(f: AnyLine): Position[][] {
  return f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates
}

export const positionKey = (p: Position): string => `${p[0]},${p[1]}`

/**
 * Connected components of lines joined by exactly shared vertices (union-find over vertex keys).
 * Returns a function giving each line's component id, and each vertex's.
 */
export function lineComponents(lines: AnyLine[]): {
  ofLine: (id: string) => string
  ofPoint: (p: Position) => string | null
} {
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let root = k
    while (parent.get(root) !== root) root = parent.get(root) as string
    let node = k
    while (node !== root) {
      const next = parent.get(node) as string
      parent.set(node, root)
      node = next
    }
    return root
  }
  for (const f of lines) {
    const lineKey = `line:${f.properties.id}`
    if (!parent.has(lineKey)) parent.set(lineKey, lineKey)
    for (const part of partsOf(f)) {
      for (const p of part) {
        const k = positionKey(p)
        if (!parent.has(k)) parent.set(k, k)
        parent.set(find(k), find(lineKey))
      }
    }
  }
  return {
    ofLine: (id) => find(`line:${id}`),
    ofPoint: (p) => (parent.has(positionKey(p)) ? find(positionKey(p)) : null),
  }
}
