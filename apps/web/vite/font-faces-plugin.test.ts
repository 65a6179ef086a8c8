import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFontsourceCss } from './font-faces-plugin'

const require = createRequire(import.meta.url)
const cssPath = require.resolve('@fontsource/noto-sans-sc/400.css')

function covers(ranges: string[], codePoint: number): boolean {
  return ranges.some((range) => {
    const [low, high] = range.replace(/^U\+/i, '').split('-')
    const from = parseInt(low!, 16)
    const to = high ? parseInt(high, 16) : from
    return codePoint >= from && codePoint <= to
  })
}

describe('map font faces', () => {
  const faces = parseFontsourceCss(readFileSync(cssPath, 'utf8'))

  it('lists every bundled woff2 subset with its unicode range', () => {
    expect(faces.length).toBeGreaterThan(90)
    for (const face of faces) {
      expect(existsSync(join(dirname(cssPath), 'files', face.file)), face.file).toBe(true)
      expect(face.unicodeRange.length).toBeGreaterThan(0)
    }
  })

  it('covers the Chinese and Latin characters our labels use', () => {
    for (const char of '通村县乡镇公路供水宽带Tongcun0123456789') {
      const codePoint = char.codePointAt(0)!
      expect(
        faces.some((face) => covers(face.unicodeRange, codePoint)),
        char,
      ).toBe(true)
    }
  })
})
