import { describe, expect, it } from 'vitest'
import { booleanPointInPolygon, convex, featureCollection, point } from '@turf/turf'
import { createRandom } from './prng'
import { convexHullOf, outlineOfPoints } from './outline'

describe('outlineOfPoints', () => {
  it('is the convex hull: same vertex set as turf convex, every point inside or on it', () => {
    const random = createRandom(2)
    const lngLats = Array.from(
      { length: 300 },
      () => [104 + random() * 0.3, 26 + random() * 0.2] as const,
    )
    const ours = outlineOfPoints(lngLats)
    const turfHull = convex(featureCollection(lngLats.map(([a, b]) => point([a, b]))))
    const key = (c: number[]) => `${c[0]},${c[1]}`
    expect(new Set((ours.coordinates[0] as number[][]).map(key))).toEqual(
      new Set((turfHull?.geometry.coordinates[0] as number[][]).map(key)),
    )
    for (const p of lngLats)
      expect(booleanPointInPolygon([p[0], p[1]], ours as never, { ignoreBoundary: false })).toBe(
        true,
      )
  })

  it('buffers one point, two points and collinear points', () => {
    expect(outlineOfPoints([[104, 26]]).type).toBe('Polygon')
    expect(
      outlineOfPoints([
        [104, 26],
        [104.01, 26],
      ]).type,
    ).toBe('Polygon')
    expect(
      convexHullOf([
        [104, 26],
        [104.01, 26],
        [104.02, 26],
      ]),
    ).toHaveLength(2)
    expect(
      outlineOfPoints([
        [104, 26],
        [104.01, 26],
        [104.02, 26],
      ]).type,
    ).toBe('Polygon')
  })
})
