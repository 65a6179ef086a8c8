/**
 * Vite plugin: exposes the bundled Noto Sans SC subsets (from @fontsource/noto-sans-sc) as the
 * virtual module `virtual:map-font-faces`, whose default export is a MapLibre `font-faces` value
 * `{ 'Noto Sans SC Regular': [{ url, 'unicode-range' }] }`.
 *
 * Each subset is imported with `?url`, so Vite serves it from our origin in dev and emits it as a
 * hashed asset in the build (the same files the UI's @font-face CSS uses: one download per subset).
 * Nothing is fetched from outside: the map style has no `glyphs` URL.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'

const VIRTUAL_ID = 'virtual:map-font-faces'
const RESOLVED_ID = '\0' + VIRTUAL_ID
export const MAP_FONT_NAME = 'Noto Sans SC Regular'

interface SubsetFace {
  file: string
  unicodeRange: string[]
}

/** Parses a fontsource CSS file into its woff2 subset files and their unicode ranges. */
export function parseFontsourceCss(css: string): SubsetFace[] {
  const faces: SubsetFace[] = []
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1]
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1]
    if (!file) continue
    faces.push({
      file,
      unicodeRange: range
        ? range.split(',').map((r) => r.trim().toUpperCase().replace(/^U\+/, 'U+'))
        : [],
    })
  }
  return faces
}

export function mapFontFacesPlugin(weight = 400): Plugin {
  return {
    name: 'tongcun-map-font-faces',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined
      const require = createRequire(import.meta.url)
      const cssPath = require.resolve(`@fontsource/noto-sans-sc/${weight}.css`)
      const faces = parseFontsourceCss(readFileSync(cssPath, 'utf8'))
      const imports = faces.map(
        (face, i) => `import f${i} from '@fontsource/noto-sans-sc/files/${face.file}?url'`,
      )
      const entries = faces.map(
        (face, i) => `{ url: abs(f${i}), 'unicode-range': ${JSON.stringify(face.unicodeRange)} }`,
      )
      // Absolute URLs: MapLibre downloads font files outside the page's base URL resolution.
      const abs = `const abs = (u) => (globalThis.location ? new URL(u, globalThis.location.href).href : u)`
      return `${imports.join('\n')}\n${abs}\nexport default { ${JSON.stringify(MAP_FONT_NAME)}: [${entries.join(',\n')}] }\n`
    },
  }
}
