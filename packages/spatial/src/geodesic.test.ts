import { describe, expect, it } from 'vitest'
import {
  fastGeodesicDistanceM,
  fromUnitVector,
  geodesicDestination,
  geodesicDistanceM,
  toUnitVector,
} from './geodesic'

/** Park–Miller PRNG so the random cases are reproducible. */
function createRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

describe('geodesicDistanceM', () => {
  it('matches published WGS84 values', () => {
    // One degree of longitude on the equator = a·π/180; one degree of latitude from the equator
    // = 110 574.389 m (meridian arc, standard tables).
    expect(geodesicDistanceM([0, 0], [1, 0])).toBeCloseTo(111319.49079327357, 6)
    expect(geodesicDistanceM([0, 0], [0, 1])).toBeCloseTo(110574.389, 2)
    // GeographicLib documentation example: JFK to LHR = 5 551 759.400 m.
    expect(geodesicDistanceM([-73.7781, 40.6413], [-0.4614, 51.47])).toBeGreaterThan(5_500_000)
    expect(geodesicDistanceM([-73.7781, 40.6413], [-0.4614, 51.47])).toBeLessThan(5_600_000)
  })

  it('inverts geodesicDestination', () => {
    const to = geodesicDestination([105, 30], 37, 12345.678)
    expect(geodesicDistanceM([105, 30], to)).toBeCloseTo(12345.678, 6)
  })
})

describe('fastGeodesicDistanceM', () => {
  it('agrees with GeographicLib within 1 mm to 50 km and 3 cm to 150 km over China', () => {
    const random = createRandom(7)
    for (let i = 0; i < 5000; i++) {
      const origin = [73 + random() * 62, 18 + random() * 36]
      const distanceM = Math.exp(random() * Math.log(300_000))
      const to = geodesicDestination(origin, random() * 360, distanceM)
      const error = Math.abs(fastGeodesicDistanceM(origin, to) - geodesicDistanceM(origin, to))
      expect(error).toBeLessThan(distanceM <= 50_000 ? 0.001 : 0.03)
    }
  })
})

describe('unit vectors', () => {
  it('round-trip positions', () => {
    const [x, y, z] = toUnitVector(116.391, 39.907)
    const [lng, lat] = fromUnitVector(x, y, z)
    expect(lng).toBeCloseTo(116.391, 12)
    expect(lat).toBeCloseTo(39.907, 12)
  })
})
