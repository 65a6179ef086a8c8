/**
 * Turning kilometre-plane geometry into GeoJSON features in WGS84, rounded to 6 decimals,
 * with rings closed and counter-clockwise (RFC 7946 right-hand rule).
 */
import type { AdminUnitFeature } from '@tongcun/domain'
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson'
import { ringSignedArea, type LocalProjection, type Poly, type Pt, type Ring } from './geom'

function dedupe(coords: Position[]): Position[] {
  const out: Position[] = []
  for (const c of coords) {
    const last = out[out.length - 1]
    if (!last || last[0] !== c[0] || last[1] !== c[1]) out.push(c)
  }
  return out
}

export function toPosition(proj: LocalProjection, p: Pt): Position {
  return proj.toLngLat(p)
}

/** LineString for one part, MultiLineString for several. Parts that collapse below 2 positions are dropped. */
export function lineGeometry(
  proj: LocalProjection,
  parts: readonly Pt[][],
): LineString | MultiLineString {
  const converted = parts
    .map((part) => dedupe(part.map((p) => proj.toLngLat(p))))
    .filter((part) => part.length >= 2)
  if (converted.length === 0) throw new Error('line collapsed to a point after rounding')
  if (converted.length === 1) return { type: 'LineString', coordinates: converted[0] as Position[] }
  return { type: 'MultiLineString', coordinates: converted }
}

function ringPositions(proj: LocalProjection, ring: Ring, outer: boolean): Position[] {
  const open =
    ring.length > 1 &&
    ring[0]?.[0] === ring[ring.length - 1]?.[0] &&
    ring[0]?.[1] === ring[ring.length - 1]?.[1]
      ? ring.slice(0, -1)
      : ring.slice()
  const ccw = ringSignedArea(open) > 0
  const oriented = ccw === outer ? open : open.reverse()
  const coords = dedupe(oriented.map((p) => proj.toLngLat(p)))
  const first = coords[0]
  const last = coords[coords.length - 1]
  if (first && last && (first[0] !== last[0] || first[1] !== last[1]))
    coords.push([first[0] as number, first[1] as number])
  return coords
}

export function polygonCoordinates(proj: LocalProjection, poly: Poly): Position[][] {
  return poly.map((ring, index) => ringPositions(proj, ring, index === 0))
}

export function polygonGeometry(proj: LocalProjection, ring: Ring): Polygon {
  return { type: 'Polygon', coordinates: [ringPositions(proj, ring, true)] }
}

export function multiPolygonGeometry(proj: LocalProjection, polys: readonly Poly[]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: polys.map((poly) => polygonCoordinates(proj, poly)) }
}

/** Validity of an admin unit; current units have none (all null). */
export interface AdminValidity {
  validFrom: string | null
  validTo: string | null
  replacedBy: string | null
}

const CURRENT: AdminValidity = { validFrom: null, validTo: null, replacedBy: null }

/** An admin unit feature with the domain's property order (the sample files depend on it). */
export function adminFeature(
  code: string,
  name: string,
  nameEn: string,
  level: AdminUnitFeature['properties']['level'],
  parent: string | null,
  geometry: AdminUnitFeature['geometry'],
  validity: AdminValidity = CURRENT,
): AdminUnitFeature {
  return {
    type: 'Feature',
    properties: {
      code,
      name,
      name_en: nameEn,
      level,
      parent_code: parent,
      valid_from: validity.validFrom,
      valid_to: validity.validTo,
      replaced_by: validity.replacedBy,
    },
    geometry,
  }
}
