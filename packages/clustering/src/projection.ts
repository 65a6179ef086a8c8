import proj4 from 'proj4'
import { DomainError } from '@tongcun/domain'

/** A projected metric CRS chosen for a data set. */
export interface MetricCrs {
  /** EPSG code, e.g. 32648 (WGS 84 / UTM zone 48N). */
  epsg: number
  /** The proj4 definition (identical to PostGIS `spatial_ref_sys.proj4text` for the code). */
  proj4: string
  zone: number
  isNorth: boolean
}

/**
 * Picks the WGS 84 / UTM zone of the data's centroid (mean longitude/latitude of the points):
 * EPSG:326zz north of the equator, 327zz south. Deterministic for a given set of points, so the
 * package and PostGIS (`ST_Transform(geom, epsg)`) project the same coordinates.
 * @param lngLats `[lng, lat]` pairs, WGS84
 */
export function chooseMetricCrs(lngLats: readonly (readonly [number, number])[]): MetricCrs {
  if (lngLats.length === 0)
    throw new DomainError('empty-input', 'cannot choose a metric CRS: no points')
  let sumLng = 0
  let sumLat = 0
  for (const [lng, lat] of lngLats) {
    sumLng += lng
    sumLat += lat
  }
  return utmCrsAt(sumLng / lngLats.length, sumLat / lngLats.length)
}

/** The WGS 84 / UTM zone CRS containing `[lng, lat]`. */
export function utmCrsAt(lng: number, lat: number): MetricCrs {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw new DomainError('invalid-geometry', `cannot choose a UTM zone at [${lng}, ${lat}]`)
  }
  const zone = Math.min(60, Math.max(1, Math.floor((lng + 180) / 6) + 1))
  const isNorth = lat >= 0
  const epsg = (isNorth ? 32600 : 32700) + zone
  const def = `+proj=utm +zone=${zone}${isNorth ? '' : ' +south'} +datum=WGS84 +units=m +no_defs`
  return { epsg, proj4: def, zone, isNorth }
}

/** Projected coordinates, metres, in parallel arrays. */
export interface ProjectedPoints {
  xs: Float64Array
  ys: Float64Array
}

/** Projects `[lng, lat]` pairs (WGS84) to the metric CRS. */
export function projectLngLats(
  lngLats: readonly (readonly [number, number])[],
  crs: MetricCrs,
): ProjectedPoints {
  const converter = proj4('EPSG:4326', crs.proj4)
  const xs = new Float64Array(lngLats.length)
  const ys = new Float64Array(lngLats.length)
  for (let i = 0; i < lngLats.length; i++) {
    const [lng, lat] = lngLats[i] as readonly [number, number]
    const [x, y] = converter.forward([lng, lat])
    xs[i] = x as number
    ys[i] = y as number
  }
  return { xs, ys }
}

/** Returns a projector `[lng, lat] → [x, y]` (metres) for the CRS. */
export function createProjector(
  crs: MetricCrs,
): (lngLat: readonly [number, number]) => [number, number] {
  const converter = proj4('EPSG:4326', crs.proj4)
  return (lngLat) => {
    const [x, y] = converter.forward([lngLat[0], lngLat[1]])
    return [x as number, y as number]
  }
}
