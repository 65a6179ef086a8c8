/**
 * Synthetic terrain: valleys along rivers, ridges between them. Elevation in metres, slope in degrees.
 * Not real topography; shaped like the karst uplands of the Yunnan-Guizhou plateau (600-2,100 m).
 */
import { pointPolylineDistance, type Pt } from './geom'
import type { Rng } from './prng'

export interface Terrain {
  elevationM(p: Pt): number
  slopeDeg(p: Pt): number
  riverDistanceKm(p: Pt): number
}

function smoothstep(t: number): number {
  const x = Math.max(0, Math.min(1, t))
  return x * x * (3 - 2 * x)
}

export function createTerrain(rivers: readonly Pt[][], rng: Rng, baseM = 620): Terrain {
  const p1 = rng.range(0, 6.283)
  const p2 = rng.range(0, 6.283)
  const p3 = rng.range(0, 6.283)
  const p4 = rng.range(0, 6.283)
  const tilt = rng.range(-4, 4)
  const riverDistanceKm = (p: Pt): number => {
    let best = Infinity
    for (const river of rivers) best = Math.min(best, pointPolylineDistance(p, river))
    return best
  }
  const elevation = (p: Pt, riverKm: number): number => {
    const s = smoothstep(riverKm / 5)
    const [x, y] = p
    const ridges = Math.sin(x / 1.6 + p1) * Math.cos(y / 1.4 + p2)
    const fine = Math.sin((x + y) / 0.8 + p3)
    const broad = Math.sin(x / 7 + y / 5 + p4)
    return baseM + tilt * x + 950 * s + 640 * s * ridges + 90 * s * fine + 110 * broad
  }
  return {
    riverDistanceKm,
    elevationM: (p) => elevation(p, riverDistanceKm(p)),
    slopeDeg: (p) => {
      const h = 0.05
      const e = (q: Pt): number => elevation(q, riverDistanceKm(q))
      const dx = (e([p[0] + h, p[1]]) - e([p[0] - h, p[1]])) / (2 * h * 1000)
      const dy = (e([p[0], p[1] + h]) - e([p[0], p[1] - h])) / (2 * h * 1000)
      return (Math.atan(Math.hypot(dx, dy)) * 180) / Math.PI
    },
  }
}
