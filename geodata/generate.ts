/**
 * CLI: writes one GeoJSON file per layer.
 *   npm run geodata                                   # regenerates geodata/sample/ (seed 20151129)
 *   npm run geodata -- --scale province --seed 1 --out geodata/out/province
 * Options: --scale sample|province|national, --seed <int>, --out <dir>, --villages <n> (province/national).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  DEFAULT_SEED,
  LAYER_NAMES,
  SCALES,
  generateRegion,
  serializeCollection,
  type Scale,
} from './src/generate'

const here = dirname(fileURLToPath(import.meta.url))

/** Writes a large collection in chunks (same bytes as serializeCollection, without one giant string). */
function writeChunked(path: string, collection: { features: readonly object[] }): void {
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, '{"type":"FeatureCollection","features":[\n')
    const features = collection.features
    for (let i = 0; i < features.length; i += 2000) {
      const chunk = features.slice(i, i + 2000).map((f) => JSON.stringify(f))
      writeSync(fd, chunk.join(',\n') + (i + 2000 < features.length ? ',\n' : '\n'))
    }
    writeSync(fd, ']}\n')
  } finally {
    closeSync(fd)
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'sample' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string' },
      villages: { type: 'string' },
    },
  })
  const scale = values.scale as Scale
  if (!SCALES.includes(scale))
    throw new Error(`--scale must be one of ${SCALES.join(', ')}, got "${values.scale}"`)
  const seed = Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`)
  const villageCount = values.villages === undefined ? undefined : Number(values.villages)
  const outDir = resolve(
    values.out ?? (scale === 'sample' ? join(here, 'sample') : join(here, 'out', scale)),
  )
  const started = performance.now()
  const region = generateRegion({
    seed,
    scale,
    ...(villageCount === undefined ? {} : { villageCount }),
  })
  const generatedMs = performance.now() - started
  mkdirSync(outDir, { recursive: true })
  for (const layer of LAYER_NAMES) {
    const path = join(outDir, `${layer}.geojson`)
    const collection = region[layer]
    if (collection.features.length > 20000) writeChunked(path, collection)
    else writeFileSync(path, serializeCollection(collection))
    console.log(
      `${layer.padEnd(10)} ${String(collection.features.length).padStart(8)} features  ${path}`,
    )
  }
  console.log(
    `scale ${scale}, seed ${seed}: generated in ${(generatedMs / 1000).toFixed(2)} s, total ${((performance.now() - started) / 1000).toFixed(2)} s`,
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
