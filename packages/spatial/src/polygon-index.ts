/**
 * Point-in-polygon lookup for many points against a set of (multi)polygons.
 *
 * Planar test in longitude/latitude (the semantics of PostGIS `ST_Covers(geometry)` on SRID 4326):
 * even-odd ray casting over all rings, so holes work; a point exactly on a boundary counts as
 * inside. flatbush over polygon bounding boxes finds candidates.
 */
import Flatbush from 'flatbush'
import type { MultiPolygon, Polygon, Position } from 'geojson'

function onSegment(x: number, y: number, a: Position, b: Position): boolean {
  const ax = a[0] ?? 0
  const ay = a[1] ?? 0
  const bx = b[0] ?? 0
  const by = b[1] ?? 0
  const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
  if (Math.abs(cross) > 1e-12) return false
  return (
    x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by)
  )
}

/** True when `[lng, lat]` lies inside or on the boundary of the polygon (holes excluded). */
export function isPointInPolygon(
  lng: number,
  lat: number,
  polygon: readonly (readonly Position[])[],
): boolean {
  let inside = false
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i] as Position
      const b = ring[j] as Position
      if (onSegment(lng, lat, a, b)) return true
      const ay = a[1] ?? 0
      const by = b[1] ?? 0
      if (ay > lat !== by > lat) {
        const ax = a[0] ?? 0
        const bx = b[0] ?? 0
        const xCross = ((bx - ax) * (lat - ay)) / (by - ay) + ax
        if (lng < xCross) inside = !inside
      }
    }
  }
  return inside
}

/** Static index of polygons; `containing(lng, lat)` lists the polygons covering a point. */
export class PolygonIndex {
  private readonly flat: Flatbush | null
  private readonly polygons: (readonly (readonly Position[])[])[][]

  private constructor(flat: Flatbush | null, polygons: (readonly (readonly Position[])[])[][]) {
    this.flat = flat
    this.polygons = polygons
  }

  /** Indexes `geometries` (null entries are kept as empty so indexes stay aligned). */
  static build(geometries: readonly (Polygon | MultiPolygon | null)[]): PolygonIndex {
    const polygons = geometries.map((geometry) => {
      if (!geometry) return []
      return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
    })
    const flat = polygons.length > 0 ? new Flatbush(polygons.length) : null
    for (const parts of polygons) {
      let minX = Infinity
      let minY = Infinity
      let maxX = -Infinity
      let maxY = -Infinity
      for (const polygon of parts) {
        for (const position of polygon[0] ?? []) {
          const x = position[0] ?? 0
          const y = position[1] ?? 0
          if (x < minX) minX = x
          if (y < minY) minY = y
          if (x > maxX) maxX = x
          if (y > maxY) maxY = y
        }
      }
      // Empty geometries get an empty box far away so they never match.
      if (minX > maxX) flat?.add(1e9, 1e9, 1e9, 1e9)
      else flat?.add(minX, minY, maxX, maxY)
    }
    flat?.finish()
    return new PolygonIndex(flat, polygons)
  }

  /** Indexes (ascending) of the polygons that cover `[lng, lat]`. */
  containing(lng: number, lat: number): number[] {
    if (!this.flat) return []
    const hits = this.flat.search(lng, lat, lng, lat).sort((a, b) => a - b)
    return hits.filter((i) =>
      (this.polygons[i] ?? []).some((polygon) => isPointInPolygon(lng, lat, polygon)),
    )
  }
}
