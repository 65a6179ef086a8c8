/**
 * Turf-style fixtures: each `test/in/<case>.geojson` (options in its `options` member) is clustered and
 * compared with `test/out/<case>.geojson` (labelled points, blue, plus cluster outlines, red; coordinates
 * rounded to 6 decimals). `REGEN=1` rewrites the outputs: look at them before committing.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FeatureCollection, Point } from 'geojson'
import { clusterVillages, toClusterCollection, type ClusterVillagesOptions } from '../src/index'

const dir = path.dirname(new URL(import.meta.url).pathname)
const cases = fs
  .readdirSync(path.join(dir, 'in'))
  .filter((f) => f.endsWith('.geojson'))
  .sort()

function round(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v,
    ),
  )
}

describe('clustering fixtures', () => {
  it.each(cases)('%s', (name) => {
    const input = JSON.parse(
      fs.readFileSync(path.join(dir, 'in', name), 'utf8'),
    ) as FeatureCollection<Point, Record<string, unknown>> & { options: ClusterVillagesOptions }
    const collection = toClusterCollection(
      input.features,
      clusterVillages(input.features, input.options),
    )
    const output = round({
      type: 'FeatureCollection',
      properties: collection.properties,
      features: [
        ...collection.features.map((f) => ({
          ...f,
          properties: { ...f.properties, 'marker-color': '#0000ff' },
        })),
        ...collection.outlines.features.map((f) => ({
          ...f,
          properties: { ...f.properties, stroke: '#ff0000', fill: '#ff0000', 'fill-opacity': 0.1 },
        })),
      ],
    })
    const outFile = path.join(dir, 'out', name)
    if (process.env.REGEN) fs.writeFileSync(outFile, `${JSON.stringify(output, null, 1)}\n`)
    expect(output).toEqual(JSON.parse(fs.readFileSync(outFile, 'utf8')))
  })
})
