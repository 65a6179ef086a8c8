import { describe, expect, it } from 'vitest'
import { bruteDbscan, compareWithBrute } from '../test/brute-dbscan'
import { dbscanPoints } from './dbscan'
import { createRandom } from './prng'

function randomPoints(
  seed: number,
  n: number,
  sizeM: number,
): { xs: Float64Array; ys: Float64Array } {
  const random = createRandom(seed)
  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  // clumps plus scatter so that core, border and noise all occur
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) {
      xs[i] = random() * sizeM
      ys[i] = random() * sizeM
    } else {
      const c = Math.floor(random() * 8)
      xs[i] = (c / 8) * sizeM + random() * sizeM * 0.05
      ys[i] = (((c * 3) % 8) / 8) * sizeM + random() * sizeM * 0.05
    }
  }
  return { xs, ys }
}

describe('dbscanPoints', () => {
  it('labels the PostGIS regress input t101-t103 as worked out by hand (eps 0.8/0.6, minpoints 1/4/3)', () => {
    const xs = Float64Array.from([0, 0, -0.5, 1, 1, 1.0])
    const ys = Float64Array.from([0, 1, 0.5, 0, 1, 0.5])
    // left triangle and right column are 1 m apart (> 0.8): two clusters with minpoints 1
    expect([...dbscanPoints(xs, ys, { epsM: 0.8, minPoints: 1 }).labels]).toEqual([
      0, 0, 0, 1, 1, 1,
    ])
    expect([...dbscanPoints(xs, ys, { epsM: 0.8, minPoints: 4 }).labels]).toEqual([
      -1, -1, -1, -1, -1, -1,
    ])
    // t103: left side (0,0),(0,1),(-0.5,0.5) has no core at eps 0.6; right side 4,5,6 is a cluster
    expect([...dbscanPoints(xs, ys, { epsM: 0.6, minPoints: 3 }).labels]).toEqual([
      -1, -1, -1, 0, 0, 0,
    ])
  })

  it.each([
    [1, 400, 1500, 3],
    [2, 400, 800, 5],
    [3, 600, 2500, 2],
    [4, 300, 3000, 1],
    [5, 500, 1200, 8],
  ])(
    'equals brute-force DBSCAN (seed %i, n %i, eps %i m, minPoints %i)',
    (seed, n, eps, minPoints) => {
      const { xs, ys } = randomPoints(seed, n, 50_000)
      const result = dbscanPoints(xs, ys, { epsM: eps, minPoints })
      const brute = bruteDbscan(xs, ys, eps, minPoints)
      expect(compareWithBrute(result.labels, result.isCore, brute)).toEqual([])
      expect(brute.isCore.some(Boolean)).toBe(true)
    },
  )

  it('counts a neighbour at exactly eps (inclusive, as ST_DWithin)', () => {
    const result = dbscanPoints(Float64Array.from([0, 3, 6]), Float64Array.from([0, 4, 8]), {
      epsM: 5,
      minPoints: 3,
    })
    expect([...result.isCore]).toEqual([0, 1, 0])
    expect([...result.labels]).toEqual([0, 0, 0])
  })

  it('numbers clusters by smallest member rank and assigns a contested border point to its nearest core', () => {
    // two cores groups left and right, border point in the middle slightly nearer the right group
    const xs = Float64Array.from([0, 0.5, 1, 1.5, 2, 10.5, 11, 11.5, 12, 12.5, 6.8])
    const ys = new Float64Array(xs.length)
    const rank = [10, 9, 8, 7, 6, 0, 1, 2, 3, 4, 5]
    const result = dbscanPoints(xs, ys, { epsM: 5, minPoints: 6 }, rank)
    expect(result.labels[5]).toBe(0) // right group holds rank 0
    expect(result.labels[0]).toBe(1)
    expect(result.isCore[4]).toBe(1)
    expect(result.isCore[5]).toBe(1)
    expect(result.isCore[10]).toBe(0)
    expect(result.labels[10]).toBe(0) // 3.7 m from x=10.5 vs 4.8 m from x=2
  })

  it('rejects bad parameters', () => {
    const xs = Float64Array.from([0])
    expect(() => dbscanPoints(xs, xs, { epsM: 0, minPoints: 2 })).toThrow(/eps/)
    expect(() => dbscanPoints(xs, xs, { epsM: 10, minPoints: 0 })).toThrow(/minPoints/)
  })
})
