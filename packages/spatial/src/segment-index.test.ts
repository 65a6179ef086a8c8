import type { Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { geodesicDestination, geodesicDistanceM, toUnitVector, fromUnitVector } from './geodesic'
import { createLocalProjection } from './projection'
import { SegmentIndex } from './segment-index'

function createRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

/**
 * Independent reference: golden-section search along the great-circle arc (slerp) with
 * GeographicLib distances, minimum over all segments of all features.
 */
function bruteForceDistanceM(point: Position, lines: Position[][][]): number {
  let best = Infinity
  for (const line of lines) {
    for (const part of line) {
      for (let i = 0; i < Math.max(1, part.length - 1); i++) {
        const a = part[i] as Position
        const b = (part[i + 1] ?? a) as Position
        const va = toUnitVector(a[0] ?? 0, a[1] ?? 0)
        const vb = toUnitVector(b[0] ?? 0, b[1] ?? 0)
        const at = (t: number): Position => {
          const v = [0, 1, 2].map((k) => (va[k] ?? 0) * (1 - t) + (vb[k] ?? 0) * t)
          return fromUnitVector(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0)
        }
        const f = (t: number) => geodesicDistanceM(point, at(t))
        let lo = 0
        let hi = 1
        const phi = (Math.sqrt(5) - 1) / 2
        for (let k = 0; k < 40; k++) {
          const m1 = hi - phi * (hi - lo)
          const m2 = lo + phi * (hi - lo)
          if (f(m1) <= f(m2)) hi = m2
          else lo = m1
        }
        best = Math.min(best, f((lo + hi) / 2), f(0), f(1))
      }
    }
  }
  return best
}

function randomLine(random: () => number, centre: Position, spreadM: number): Position[][] {
  const parts: Position[][] = []
  const partCount = random() < 0.2 ? 2 : 1
  for (let p = 0; p < partCount; p++) {
    let position = geodesicDestination(centre, random() * 360, random() * spreadM)
    const part: Position[] = [position]
    const vertices = 2 + Math.floor(random() * 6)
    for (let v = 1; v < vertices; v++) {
      position = geodesicDestination(position, random() * 360, 50 + random() * 3000)
      part.push(position)
    }
    parts.push(part)
  }
  return parts
}

describe('SegmentIndex.nearest', () => {
  it('agrees with a brute-force geodesic search within 1 m on random lines', () => {
    const random = createRandom(42)
    const centre: Position = [104.5, 28.3]
    const lines = Array.from({ length: 30 }, () => randomLine(random, centre, 40_000))
    const index = SegmentIndex.build(
      lines.map((parts) => ({ parts })),
      createLocalProjection(28.3),
    )
    for (let i = 0; i < 80; i++) {
      const point = geodesicDestination(centre, random() * 360, random() * 45_000)
      const hit = index.nearest(point[0], point[1])
      expect(hit).not.toBeNull()
      const expected = bruteForceDistanceM(point, lines)
      expect(Math.abs((hit?.distanceM ?? 0) - expected)).toBeLessThan(1)
      // The reported feature really is at that distance.
      const own = bruteForceDistanceM(point, [lines[hit?.featureIndex ?? 0] ?? []])
      expect(Math.abs(own - (hit?.distanceM ?? 0))).toBeLessThan(1)
    }
  }, 60_000)

  it('withParts(mask) finds what nearest(…, mask) finds, and both agree with brute force', () => {
    const random = createRandom(7)
    const centre: Position = [104.5, 28.3]
    const lines = Array.from({ length: 30 }, () => randomLine(random, centre, 40_000))
    const index = SegmentIndex.build(
      lines.map((parts) => ({ parts })),
      createLocalProjection(28.3),
    )
    // Keep every third feature (all of its parts); part numbers run over features in order.
    const kept = lines.map((_, feature) => feature % 3 === 0)
    const mask = new Uint8Array(lines.reduce((count, parts) => count + parts.length, 0))
    let part = 0
    lines.forEach((parts, feature) => {
      for (let i = 0; i < parts.length; i++) mask[part++] = kept[feature] ? 1 : 0
    })
    const restricted = index.withParts(mask)
    const keptLines = lines.map((parts, feature) => (kept[feature] ? parts : []))
    for (let i = 0; i < 60; i++) {
      // Up to 150 km out: far points take the kNN seed path of `nearest`.
      const point = geodesicDestination(centre, random() * 360, random() * 150_000)
      const hit = restricted.nearest(point[0], point[1])
      expect(hit).toEqual(index.nearest(point[0], point[1], mask))
      expect(kept[hit?.featureIndex ?? -1]).toBe(true)
      const expected = bruteForceDistanceM(point, keptLines)
      expect(Math.abs((hit?.distanceM ?? 0) - expected)).toBeLessThan(1)
    }
    expect(index.withParts(new Uint8Array(mask.length)).nearest(104.5, 28.3)).toBeNull()
  }, 60_000)

  it('measures a point due east of a meridian segment', () => {
    const index = SegmentIndex.build(
      [
        {
          parts: [
            [
              [105, 29.9],
              [105, 30.1],
            ],
          ],
        },
      ],
      createLocalProjection(30),
    )
    const village = geodesicDestination([105, 30], 90, 2000)
    const hit = index.nearest(village[0], village[1])
    expect(hit?.distanceM).toBeCloseTo(2000, 2)
    expect(hit?.featureIndex).toBe(0)
    expect(hit?.fraction).toBeCloseTo(0.5, 3)
  })

  it('treats single positions as points and returns null when empty', () => {
    const index = SegmentIndex.build([{ parts: [[[105, 30]]] }], createLocalProjection(30))
    const hit = index.nearest(105.01, 30)
    expect(hit?.distanceM).toBeCloseTo(geodesicDistanceM([105.01, 30], [105, 30]), 3)
    expect(SegmentIndex.build([], createLocalProjection(30)).nearest(105, 30)).toBeNull()
  })

  it('does not mutate its input', () => {
    const parts: number[][][] = [
      [
        [105, 30],
        [105.1, 30],
      ],
    ]
    const source = { parts }
    for (const part of parts) {
      for (const position of part) Object.freeze(position)
      Object.freeze(part)
    }
    Object.freeze(parts)
    Object.freeze(source)
    expect(() =>
      SegmentIndex.build([source], createLocalProjection(30)).nearest(105.05, 30.01),
    ).not.toThrow()
  })
})

describe('SegmentIndex on its grid', () => {
  it('finds the nearest across a mostly empty extent (two clusters 600 km apart) like brute force', () => {
    const random = createRandom(11)
    const west: Position = [103, 28]
    const east = geodesicDestination(west, 80, 600_000)
    const lines = [
      ...Array.from({ length: 25 }, () => randomLine(random, west, 20_000)),
      ...Array.from({ length: 5 }, () => randomLine(random, east, 5_000)),
    ]
    const index = SegmentIndex.build(
      lines.map((parts) => ({ parts })),
      createLocalProjection(28.5),
    )
    // Only the eastern cluster: queries near the west must walk rings across the empty middle.
    const mask = new Uint8Array(lines.reduce((count, parts) => count + parts.length, 0))
    let part = 0
    lines.forEach((parts, feature) => {
      for (let i = 0; i < parts.length; i++) mask[part++] = feature >= 25 ? 1 : 0
    })
    const eastLines = lines.map((parts, feature) => (feature >= 25 ? parts : []))
    for (let i = 0; i < 12; i++) {
      const point = geodesicDestination(west, random() * 360, random() * 30_000)
      const all = index.nearest(point[0], point[1])
      expect(Math.abs((all?.distanceM ?? 0) - bruteForceDistanceM(point, lines))).toBeLessThan(1)
      const masked = index.nearest(point[0], point[1], mask)
      expect(masked?.featureIndex ?? -1).toBeGreaterThanOrEqual(25)
      expect(
        Math.abs((masked?.distanceM ?? 0) - bruteForceDistanceM(point, eastLines)),
      ).toBeLessThan(1)
    }
  }, 60_000)

  it('a bounded search (withinM) finds the same nearest whenever it lies within the bound', () => {
    const random = createRandom(23)
    const centre: Position = [104.5, 28.3]
    const lines = Array.from({ length: 30 }, () => randomLine(random, centre, 40_000))
    const index = SegmentIndex.build(
      lines.map((parts) => ({ parts })),
      createLocalProjection(28.3),
    )
    let inside = 0
    let outside = 0
    for (let i = 0; i < 300; i++) {
      const point = geodesicDestination(centre, random() * 360, random() * 80_000)
      const withinM = 200 + random() * 3000
      const free = index.nearest(point[0], point[1])
      const bounded = index.nearest(point[0], point[1], undefined, undefined, withinM)
      if ((free?.distanceM ?? Infinity) <= withinM) {
        inside++
        expect(bounded).toEqual(free)
      } else {
        outside++
        expect(bounded === null || bounded.distanceM > withinM).toBe(true)
      }
    }
    // Both branches were exercised.
    expect(inside).toBeGreaterThan(20)
    expect(outside).toBeGreaterThan(20)
  })

  it('candidatesWithin lists every segment within the radius, sorted, and honours a view mask', () => {
    const random = createRandom(5)
    const centre: Position = [104.5, 28.3]
    const lines = Array.from({ length: 40 }, () => randomLine(random, centre, 30_000))
    const index = SegmentIndex.build(
      lines.map((parts) => ({ parts })),
      createLocalProjection(28.3),
    )
    const partCount = lines.reduce((count, parts) => count + parts.length, 0)
    const mask = Uint8Array.from({ length: partCount }, (_, p) => (p % 2 === 0 ? 1 : 0))
    const view = index.withParts(mask)
    for (let q = 0; q < 40; q++) {
      const point = geodesicDestination(centre, random() * 360, random() * 35_000)
      const radiusM = 500 + random() * 4000
      const candidates = index.candidatesWithin(point[0], point[1], radiusM)
      expect([...candidates].sort((a, b) => a - b)).toEqual(candidates)
      expect(new Set(candidates).size).toBe(candidates.length)
      for (let segment = 0; segment < index.size; segment++) {
        const { distanceM } = index.distanceToSegmentM(point[0], point[1], segment)
        if (distanceM <= radiusM) expect(candidates).toContain(segment)
      }
      const masked = view.candidatesWithin(point[0], point[1], radiusM)
      expect(masked).toEqual(candidates.filter((segment) => mask[index.segmentPart(segment)] === 1))
    }
  }, 60_000)
})
