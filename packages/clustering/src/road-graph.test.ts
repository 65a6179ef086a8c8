import { describe, expect, it } from 'vitest'
import type { LineString } from 'geojson'
import { bruteDbscan, compareWithBrute } from '../test/brute-dbscan'
import { dbscanFromNeighbours } from './dbscan'
import { createRandom } from './prng'
import { buildRoadGraph, findNetworkNeighbours } from './road-graph'

const identity = (p: readonly [number, number]): [number, number] => [p[0], p[1]]
const line = (...coordinates: Array<[number, number]>): LineString => ({
  type: 'LineString',
  coordinates,
})

function neighbourMap(
  lists: ReturnType<typeof findNetworkNeighbours>,
  i: number,
): Map<number, number> {
  const out = new Map<number, number>()
  for (let k = lists.offsets[i] as number; k < (lists.offsets[i + 1] as number); k++)
    out.set(lists.targets[k] as number, lists.distances?.[k] as number)
  return out
}

describe('findNetworkNeighbours', () => {
  // L-shaped road, a short road on the same first segment, and a road crossing it without a shared vertex
  const graph = buildRoadGraph(
    [line([0, 0], [1000, 0], [1000, 1000]), line([500, -500], [500, 500])],
    identity,
  )
  const xs = Float64Array.from([0, 1010, 300, 520])
  const ys = Float64Array.from([10, 900, -20, 400])

  it('measures access + along-road distance, hand-computed', () => {
    const lists = findNetworkNeighbours(graph, xs, ys, 5000)
    const fromA = neighbourMap(lists, 0)
    expect(fromA.get(0)).toBe(0)
    expect(fromA.get(1)).toBeCloseTo(10 + 1000 + 900 + 10, 9) // A → corner → B
    expect(fromA.get(2)).toBeCloseTo(10 + 300 + 20, 9) // same segment
    // D is on the crossing road, which shares no vertex with the L: unreachable
    expect(fromA.has(3)).toBe(false)
    expect(neighbourMap(lists, 3).size).toBe(1)
  })

  it('bounds the search by eps (inclusive)', () => {
    const lists = findNetworkNeighbours(graph, xs, ys, 1920)
    expect(neighbourMap(lists, 0).has(1)).toBe(true)
    const shorter = findNetworkNeighbours(graph, xs, ys, 1919.999)
    expect(neighbourMap(shorter, 0).has(1)).toBe(false)
    expect(neighbourMap(shorter, 1).has(0)).toBe(false)
  })

  it('gives DBSCAN by Manhattan distance on a street grid, checked by brute force', () => {
    const size = 12
    const spacing = 1000
    const lines: LineString[] = []
    for (let r = 0; r < size; r++) {
      lines.push(
        line(
          ...Array.from({ length: size }, (_, c) => [c * spacing, r * spacing] as [number, number]),
        ),
      )
      lines.push(
        line(
          ...Array.from({ length: size }, (_, c) => [r * spacing, c * spacing] as [number, number]),
        ),
      )
    }
    const grid = buildRoadGraph(lines, identity)
    const random = createRandom(7)
    const n = 150
    const px = new Float64Array(n)
    const py = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      px[i] = Math.floor(random() * size) * spacing
      py[i] = Math.floor(random() * size) * spacing
    }
    for (const [eps, minPoints] of [
      [1000, 3],
      [2000, 5],
      [3000, 9],
    ] as const) {
      const result = dbscanFromNeighbours(findNetworkNeighbours(grid, px, py, eps), minPoints)
      const manhattan = (i: number, j: number): number =>
        Math.abs((px[i] as number) - (px[j] as number)) +
        Math.abs((py[i] as number) - (py[j] as number))
      expect(
        compareWithBrute(
          result.labels,
          result.isCore,
          bruteDbscan(px, py, eps, minPoints, manhattan),
        ),
      ).toEqual([])
    }
  })
})
