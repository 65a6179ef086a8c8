import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAYER_GROUPS } from '../map/layer-catalog'
import { VIEW_NETWORKS } from '../map/layers/types'
import { en } from './en'
import { zhCN } from './zh-cn'

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value as object, path)) out.set(k, v)
  }
  return out
}

const zhKeys = flatten(zhCN)
const enKeys = flatten(en)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.test.tsx')
      ? [path]
      : []
  })
}

describe('translations', () => {
  it('zh-CN and English have exactly the same keys', () => {
    expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort())
  })

  it('have no empty strings and the same placeholders', () => {
    for (const [key, zh] of zhKeys) {
      const english = enKeys.get(key) ?? ''
      expect(zh.trim(), key).not.toBe('')
      expect(english.trim(), key).not.toBe('')
      const placeholders = (text: string) =>
        [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
      expect(placeholders(english), key).toEqual(placeholders(zh))
    }
  })

  it('contain every literal key used in the source', () => {
    const root = join(import.meta.dirname, '..')
    const used = new Set<string>()
    for (const file of sourceFiles(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g))
        used.add(match[1]!)
    }
    expect(used.size).toBeGreaterThan(50)
    for (const key of used) {
      expect(zhKeys.has(key), `zh-CN lacks ${key}`).toBe(true)
      expect(enKeys.has(key), `en lacks ${key}`).toBe(true)
    }
  })

  it('contain every layer title, legend label and network name', () => {
    const keys = new Set<string>()
    for (const group of LAYER_GROUPS) {
      keys.add(group.titleKey)
      for (const network of VIEW_NETWORKS) {
        for (const theme of ['normal', 'projector'] as const) {
          for (const hasCoverage of [true, false]) {
            const ctx = { network, theme, hasCoverage, selectedAdmin: null, selectedVillage: null }
            for (const entry of group.legend(ctx)) keys.add(entry.labelKey)
          }
        }
      }
    }
    for (const network of VIEW_NETWORKS) keys.add(`network.${network}`)
    for (const key of keys) {
      expect(zhKeys.has(key), `zh-CN lacks ${key}`).toBe(true)
      expect(enKeys.has(key), `en lacks ${key}`).toBe(true)
    }
  })
})
