/**
 * Partition equality of `clusterVillages` (straight line) with PostGIS `ST_ClusterDBSCAN` on
 * `ST_Transform(geom, <same UTM EPSG>)`, on both engines, for random and sample data and several
 * eps/minpoints. Core-ness is computed independently with `ST_DWithin` on the projected geometry.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeatureCollection, Point } from 'geojson'
import { clusterVillages, createRandom, type PointInput } from '@tongcun/clustering'
import { REPO_ROOT } from '../../src/config'
import { createTestDatabase, testEngines, type Database } from '../helpers/test-db'
import {
  comparePartitions,
  postgisDbscan,
  postgisNeighbours,
  type ReferencePoint,
} from './postgis-reference'

function randomPoints(seed: number, n: number): ReferencePoint[] {
  const random = createRandom(seed)
  // clumps and scatter over ~60 km around 104.3°E 26.3°N (UTM 48N)
  const centres = Array.from(
    { length: 12 },
    () => [104 + random() * 0.6, 26 + random() * 0.6] as const,
  )
  return Array.from({ length: n }, (_, i) => {
    const centre = centres[i % centres.length] as readonly [number, number]
    const scatter = i % 4 === 0
    return {
      id: `p${String(i).padStart(5, '0')}`,
      lng: scatter ? 104 + random() * 0.6 : centre[0] + (random() - 0.5) * 0.04,
      lat: scatter ? 26 + random() * 0.6 : centre[1] + (random() - 0.5) * 0.04,
    }
  })
}

function toFeatures(points: readonly ReferencePoint[]): PointInput[] {
  return points.map((p) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
    properties: { id: p.id },
  }))
}

const sample = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'geodata/sample/villages.geojson'), 'utf8'),
) as FeatureCollection<Point, { code: string }>
const samplePoints: ReferencePoint[] = sample.features.map((f) => ({
  id: f.properties.code,
  lng: f.geometry.coordinates[0] as number,
  lat: f.geometry.coordinates[1] as number,
}))

const CASES: Array<[string, number, number, ReferencePoint[]]> = [
  ['random 600', 1000, 3, randomPoints(1, 600)],
  ['random 600', 2500, 5, randomPoints(1, 600)],
  ['random 800', 600, 2, randomPoints(2, 800)],
  ['random 800', 4000, 12, randomPoints(2, 800)],
  ['random 400', 1500, 1, randomPoints(3, 400)],
  ['sample villages', 2000, 3, samplePoints],
  ['sample villages', 3000, 4, samplePoints],
  ['sample villages', 1500, 2, samplePoints],
]

describe.each(testEngines())('DBSCAN partition equals ST_ClusterDBSCAN on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
  })
  afterAll(async () => {
    await database?.close()
  })

  it.each(CASES)('%s, eps %i m, minpoints %i', async (_name, epsM, minPoints, points) => {
    const result = clusterVillages(toFeatures(points), { epsM, minPoints })
    expect(result.params.epsg).toBe(32648)
    const reference = await postgisDbscan(database.db, points, result.params.epsg, epsM, minPoints)
    const neighbours = await postgisNeighbours(database.db, points, result.params.epsg, epsM)
    const problems = comparePartitions(
      result.assignments.map((a) => a.cluster),
      result.assignments.map((a) => a.isCore),
      reference.labels,
      neighbours,
      minPoints,
    )
    expect(problems).toEqual([])
    // the comparison itself catches a wrong partition: merge the first two clusters
    if (result.clusters.length >= 2) {
      const merged = result.assignments.map((a) => (a.cluster === 1 ? 0 : a.cluster))
      expect(
        comparePartitions(
          merged,
          result.assignments.map((a) => a.isCore),
          reference.labels,
          neighbours,
          minPoints,
        ).length,
      ).toBeGreaterThan(0)
    }
    // the cases exercise core, border and noise points
    const cores = result.assignments.filter((a) => a.isCore).length
    expect(cores).toBeGreaterThan(0)
    if (minPoints > 1)
      expect(result.assignments.some((a) => a.cluster === null) || cores < points.length).toBe(true)
  })

  it('projects the same coordinates as ST_Transform (proj4 UTM = PostGIS EPSG:326xx)', async () => {
    const points = randomPoints(4, 200)
    const { projectLngLats, utmCrsAt } = await import('@tongcun/clustering')
    const crs = utmCrsAt(104.3, 26.3)
    const ours = projectLngLats(
      points.map((p) => [p.lng, p.lat] as const),
      crs,
    )
    const reference = await postgisDbscan(database.db, points, crs.epsg, 1, 1)
    let worst = 0
    points.forEach((_, i) => {
      worst = Math.max(
        worst,
        Math.abs((ours.xs[i] as number) - (reference.xs[i] as number)),
        Math.abs((ours.ys[i] as number) - (reference.ys[i] as number)),
      )
    })
    expect(worst).toBeLessThan(1e-3) // metres
  })
})
