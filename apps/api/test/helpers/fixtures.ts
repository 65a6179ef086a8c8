/** Writes the mini region as `<layer>.geojson` files (for seeding through the file path). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { miniRegionLayers } from '../fixtures/mini-region'

export function writeMiniRegionDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-mini-'))
  for (const [layer, features] of Object.entries(miniRegionLayers)) {
    fs.writeFileSync(
      path.join(dir, `${layer}.geojson`),
      JSON.stringify({ type: 'FeatureCollection', features }),
    )
  }
  return dir
}
