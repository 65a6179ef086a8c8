/**
 * Planar geometry helpers in a local kilometre plane (x east, y north).
 * The generator lays everything out in kilometres and projects to WGS84 only when writing features.
 */
import type { Rng } from './prng'

export type Pt = [number, number]
export type Ring = Pt[]
/** Polygon = outer ring followed by holes; a MultiPolygon is Polygon[]. */
export type Poly = Ring[]

/** Local equirectangular projection around an origin; good to well under 1% over a few hundred km. */
export class LocalProjection {
  readonly kmPerDegLng: number
  readonly kmPerDegLat: number
  constructor(
    readonly originLng: number,
    readonly originLat: number,
  ) {
    const lat = (originLat * Math.PI) / 180
    // Meridian and parallel degree lengths on the WGS84 ellipsoid (standard series).
    this.kmPerDegLat = 111.13292 - 0.55982 * Math.cos(2 * lat) + 0.001175 * Math.cos(4 * lat)
    this.kmPerDegLng = 111.41284 * Math.cos(lat) - 0.0935 * Math.cos(3 * lat)
  }

  /** [lng, lat] rounded to 6 decimals. */
  toLngLat(p: Pt): Pt {
    return [
      round6(this.originLng + p[0] / this.kmPerDegLng),
      round6(this.originLat + p[1] / this.kmPerDegLat),
    ]
  }
}

export function round6(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6
  return rounded === 0 ? 0 : rounded
}

export function dist(a: Pt, b: Pt): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

export function pointSegmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2
  t = Math.max(0, Math.min(1, t))
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))
}

export function pointPolylineDistance(p: Pt, line: readonly Pt[]): number {
  let best = Infinity
  for (let i = 1; i < line.length; i++) {
    const d = pointSegmentDistance(p, line[i - 1] as Pt, line[i] as Pt)
    if (d < best) best = d
  }
  return best
}

/** Distance from p to the boundary of a ring. */
export function pointRingBoundaryDistance(p: Pt, ring: Ring): number {
  let best = Infinity
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt
    const b = ring[(i + 1) % ring.length] as Pt
    const d = pointSegmentDistance(p, a, b)
    if (d < best) best = d
  }
  return best
}

/** Even-odd ray casting. Ring may be open or closed. */
export function pointInRing(p: Pt, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Pt
    const b = ring[j] as Pt
    if (
      a[1] > p[1] !== b[1] > p[1] &&
      p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]
    ) {
      inside = !inside
    }
  }
  return inside
}

export function pointInPoly(p: Pt, poly: Poly): boolean {
  const [outer, ...holes] = poly
  if (!outer || !pointInRing(p, outer)) return false
  return !holes.some((hole) => pointInRing(p, hole))
}

export function pointInMultiPoly(p: Pt, polys: readonly Poly[]): boolean {
  return polys.some((poly) => pointInPoly(p, poly))
}

/** Signed area (positive = counter-clockwise). */
export function ringSignedArea(ring: Ring): number {
  let sum = 0
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt
    const b = ring[(i + 1) % ring.length] as Pt
    sum += a[0] * b[1] - b[0] * a[1]
  }
  return sum / 2
}

export function polyBoundaryDistance(p: Pt, polys: readonly Poly[]): number {
  let best = Infinity
  for (const poly of polys)
    for (const ring of poly) best = Math.min(best, pointRingBoundaryDistance(p, ring))
  return best
}

export function add(a: Pt, b: Pt): Pt {
  return [a[0] + b[0], a[1] + b[1]]
}

export function lerp(a: Pt, b: Pt, t: number): Pt {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
}

export function polar(center: Pt, radiusKm: number, angle: number): Pt {
  return [center[0] + radiusKm * Math.cos(angle), center[1] + radiusKm * Math.sin(angle)]
}

/**
 * A gently winding line from a to b: intermediate vertices about every `spacingKm`, displaced sideways by a
 * smooth random curve (zero at both ends). Endpoints are returned as the same array objects' values (exact).
 */
export function windingLine(a: Pt, b: Pt, rng: Rng, spacingKm: number, wiggle = 0.12): Pt[] {
  const length = dist(a, b)
  const steps = Math.max(1, Math.round(length / spacingKm))
  const nx = -(b[1] - a[1]) / (length || 1)
  const ny = (b[0] - a[0]) / (length || 1)
  const amp1 = length * wiggle * rng.range(-1, 1)
  const amp2 = length * wiggle * 0.4 * rng.range(-1, 1)
  const points: Pt[] = [[a[0], a[1]]]
  for (let i = 1; i < steps; i++) {
    const t = i / steps
    const offset = amp1 * Math.sin(Math.PI * t) + amp2 * Math.sin(2 * Math.PI * t)
    points.push([a[0] + (b[0] - a[0]) * t + nx * offset, a[1] + (b[1] - a[1]) * t + ny * offset])
  }
  points.push([b[0], b[1]])
  return points
}

/** Winding line through a list of waypoints (each waypoint is an exact vertex). */
export function windingPath(
  waypoints: readonly Pt[],
  rng: Rng,
  spacingKm: number,
  wiggle = 0.08,
): Pt[] {
  const out: Pt[] = []
  for (let i = 1; i < waypoints.length; i++) {
    const part = windingLine(waypoints[i - 1] as Pt, waypoints[i] as Pt, rng, spacingKm, wiggle)
    if (i > 1) part.shift()
    out.push(...part)
  }
  return out
}

/** Irregular closed blob around a centre (counter-clockwise, open ring: first vertex not repeated). */
export function blob(
  center: Pt,
  radiusKm: number,
  rng: Rng,
  vertices = 24,
  irregularity = 0.25,
): Ring {
  const phase1 = rng.range(0, 2 * Math.PI)
  const phase2 = rng.range(0, 2 * Math.PI)
  const a1 = rng.range(0, irregularity)
  const a2 = rng.range(0, irregularity * 0.6)
  const ring: Ring = []
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices
    const r = radiusKm * (1 + a1 * Math.sin(2 * angle + phase1) + a2 * Math.sin(3 * angle + phase2))
    ring.push(polar(center, r, angle))
  }
  return ring
}

/** Regular polygon approximating a circle (counter-clockwise, open ring). */
export function circleRing(center: Pt, radiusKm: number, vertices = 48): Ring {
  const ring: Ring = []
  for (let i = 0; i < vertices; i++)
    ring.push(polar(center, radiusKm, (2 * Math.PI * i) / vertices))
  return ring
}

/** A band of half-width `halfWidthKm` around a gently curving polyline (open ring, counter-clockwise). */
export function bandAround(line: readonly Pt[], halfWidthKm: number): Ring {
  const left: Pt[] = []
  const right: Pt[] = []
  for (let i = 0; i < line.length; i++) {
    const prev = line[Math.max(0, i - 1)] as Pt
    const next = line[Math.min(line.length - 1, i + 1)] as Pt
    const dx = next[0] - prev[0]
    const dy = next[1] - prev[1]
    const len = Math.hypot(dx, dy) || 1
    const nx = -dy / len
    const ny = dx / len
    const p = line[i] as Pt
    left.push([p[0] + nx * halfWidthKm, p[1] + ny * halfWidthKm])
    right.push([p[0] - nx * halfWidthKm, p[1] - ny * halfWidthKm])
  }
  const ring = [...right, ...left.reverse()]
  return ringSignedArea(ring) < 0 ? ring.reverse() : ring
}

/** Sub-polyline of `line` within `lengthKm/2` of arc position nearest to p. */
export function stretchAround(line: readonly Pt[], p: Pt, lengthKm: number): Pt[] {
  let bestIndex = 0
  let best = Infinity
  for (let i = 0; i < line.length; i++) {
    const d = dist(p, line[i] as Pt)
    if (d < best) {
      best = d
      bestIndex = i
    }
  }
  const out: Pt[] = [line[bestIndex] as Pt]
  let acc = 0
  for (let i = bestIndex - 1; i >= 0 && acc < lengthKm / 2; i--) {
    acc += dist(line[i] as Pt, line[i + 1] as Pt)
    out.unshift(line[i] as Pt)
  }
  acc = 0
  for (let i = bestIndex + 1; i < line.length && acc < lengthKm / 2; i++) {
    acc += dist(line[i] as Pt, line[i - 1] as Pt)
    out.push(line[i] as Pt)
  }
  return out
}

/** Uniform grid hash of points for nearest-neighbour queries (km). */
export class PointGrid<T> {
  private cells = new Map<number, { p: Pt; value: T }[]>()
  constructor(private cellKm: number) {}

  private key(cx: number, cy: number): number {
    return (cx + 50000) * 100000 + (cy + 50000)
  }

  add(p: Pt, value: T): void {
    const k = this.key(Math.floor(p[0] / this.cellKm), Math.floor(p[1] / this.cellKm))
    const cell = this.cells.get(k)
    if (cell) cell.push({ p, value })
    else this.cells.set(k, [{ p, value }])
  }

  /** Nearest entry within maxKm (or null). Ties broken by insertion order. */
  nearest(
    p: Pt,
    maxKm: number,
    accept?: (p: Pt, value: T) => boolean,
  ): { p: Pt; value: T; distance: number } | null {
    const cx = Math.floor(p[0] / this.cellKm)
    const cy = Math.floor(p[1] / this.cellKm)
    let best: { p: Pt; value: T; distance: number } | null = null
    const maxRing = Math.ceil(maxKm / this.cellKm) + 1
    for (let ring = 0; ring <= maxRing; ring++) {
      if (best && (ring - 1) * this.cellKm > best.distance) break
      for (let ix = cx - ring; ix <= cx + ring; ix++) {
        const edge = ix === cx - ring || ix === cx + ring
        for (let iy = cy - ring; iy <= cy + ring; iy += edge || ring === 0 ? 1 : 2 * ring) {
          const cell = this.cells.get(this.key(ix, iy))
          if (!cell) continue
          for (const entry of cell) {
            const d = dist(p, entry.p)
            if (
              d <= maxKm &&
              (!best || d < best.distance) &&
              (!accept || accept(entry.p, entry.value))
            ) {
              best = { p: entry.p, value: entry.value, distance: d }
            }
          }
        }
      }
    }
    return best
  }

  /** True when any entry lies within rKm. */
  hasWithin(p: Pt, rKm: number): boolean {
    const r = Math.ceil(rKm / this.cellKm)
    const cx = Math.floor(p[0] / this.cellKm)
    const cy = Math.floor(p[1] / this.cellKm)
    for (let ix = cx - r; ix <= cx + r; ix++) {
      for (let iy = cy - r; iy <= cy + r; iy++) {
        const cell = this.cells.get(this.key(ix, iy))
        if (cell && cell.some((entry) => dist(p, entry.p) < rKm)) return true
      }
    }
    return false
  }
}
