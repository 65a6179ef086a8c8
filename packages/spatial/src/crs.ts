/**
 * Source coordinate reference systems accepted on import and their conversion to WGS84.
 *
 * - WGS84 / EPSG:4326: identity.
 * - CGCS2000 / EPSG:4490 (geographic): treated as WGS84. The two frames differ by a few centimetres
 *   (CGCS2000 is ITRF97 at epoch 2000.0; WGS84 (G1762) agrees with ITRF at the centimetre level), far
 *   below the precision of any village or road survey we import.
 * - GCJ-02 (Chinese "Mars" coordinates used by AMap/Tencent) and BD-09 (Baidu): converted with the
 *   `gcoord` library. Its GCJ-02 → WGS84 inverse is not the one-step approximation found in many
 *   snippets: it iterates the forward transform until the residual is below 1e-6° (~0.1 m); we
 *   measured round trips WGS84 → GCJ-02 → WGS84 within 0.06 m across China. Outside gcoord's China
 *   bounding box (lng 72.004–137.8347, lat 0.8293–55.8271) GCJ-02 and BD-09 → GCJ-02 offsets are not
 *   applied, as the encrypted datum is only defined inside China.
 * - Projected CGCS2000 Gauss-Krüger (3° and 6° zones, with or without the zone-number prefix in the
 *   false easting), WGS84 UTM zones and Web Mercator: through bundled proj4 definitions (no network).
 *
 * Pure: no I/O. Coordinates in and out are `[x, y]` (`[lng, lat]` for geographic CRSes).
 */
import proj4 from 'proj4'
import gcoord from 'gcoord'
import type { Geometry, Position } from 'geojson'
import { DomainError } from '@tongcun/domain'
import type { SourceCrs } from '@tongcun/domain'

/** A resolved source CRS. */
export interface CrsSpec {
  /** Canonical id recorded in the import log, e.g. `WGS84`, `GCJ02`, `EPSG:4547`, `PRJ:<name>`. */
  id: string
  /** Human-readable name, e.g. `CGCS2000 / 3-degree Gauss-Kruger CM 114E`. */
  label: string
  /** `geographic`: degrees; `projected`: metres (must be transformed before range checks). */
  kind: 'geographic' | 'projected'
  /** One of the domain's named CRSes when the spec is one of them (projected CRSes: null). */
  sourceCrs: SourceCrs | null
  /** EPSG code when known. */
  epsg: number | null
  /** proj4 definition (projected and non-WGS84 geographic CRSes). */
  proj4?: string
  /** Offset datum applied after any projection: GCJ-02 or BD-09. */
  offset?: 'GCJ02' | 'BD09'
}

const WGS84_SPEC: CrsSpec = {
  id: 'WGS84',
  label: 'WGS 84',
  kind: 'geographic',
  sourceCrs: 'WGS84',
  epsg: 4326,
}
const CGCS2000_SPEC: CrsSpec = {
  id: 'CGCS2000',
  label: 'CGCS2000 (geographic, EPSG:4490)',
  kind: 'geographic',
  sourceCrs: 'CGCS2000',
  epsg: 4490,
}
const GCJ02_SPEC: CrsSpec = {
  id: 'GCJ02',
  label: 'GCJ-02 (AMap/Tencent offset)',
  kind: 'geographic',
  sourceCrs: 'GCJ02',
  epsg: null,
  offset: 'GCJ02',
}
const BD09_SPEC: CrsSpec = {
  id: 'BD09',
  label: 'BD-09 (Baidu offset)',
  kind: 'geographic',
  sourceCrs: 'BD09',
  epsg: null,
  offset: 'BD09',
}

const GRS80_TMERC = (lon0: number, falseEasting: number): string =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`

/**
 * proj4 definition and label for a bundled EPSG code, or null when not bundled.
 * Bundled: 4326, 4490, 3857, CGCS2000 GK 6° 4491–4512, CGCS2000 GK 3° 4513–4554, WGS84 UTM 32601–32660 / 32701–32760.
 * Definitions match PostGIS `spatial_ref_sys` (checked for 4547, 4527, 4499, 4508).
 */
export function bundledEpsgDefinition(
  epsg: number,
): { proj4: string; label: string; kind: 'geographic' | 'projected' } | null {
  if (epsg === 4326)
    return { proj4: '+proj=longlat +datum=WGS84 +no_defs', label: 'WGS 84', kind: 'geographic' }
  if (epsg === 4490)
    return { proj4: '+proj=longlat +ellps=GRS80 +no_defs', label: 'CGCS2000', kind: 'geographic' }
  if (epsg === 3857)
    return {
      proj4:
        '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
      label: 'WGS 84 / Pseudo-Mercator',
      kind: 'projected',
    }
  if (epsg >= 4491 && epsg <= 4501) {
    const zone = 13 + (epsg - 4491)
    return {
      proj4: GRS80_TMERC(6 * zone - 3, zone * 1_000_000 + 500_000),
      label: `CGCS2000 / Gauss-Kruger zone ${zone}`,
      kind: 'projected',
    }
  }
  if (epsg >= 4502 && epsg <= 4512) {
    const lon0 = 75 + 6 * (epsg - 4502)
    return {
      proj4: GRS80_TMERC(lon0, 500_000),
      label: `CGCS2000 / Gauss-Kruger CM ${lon0}E`,
      kind: 'projected',
    }
  }
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = 25 + (epsg - 4513)
    return {
      proj4: GRS80_TMERC(3 * zone, zone * 1_000_000 + 500_000),
      label: `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`,
      kind: 'projected',
    }
  }
  if (epsg >= 4534 && epsg <= 4554) {
    const lon0 = 75 + 3 * (epsg - 4534)
    return {
      proj4: GRS80_TMERC(lon0, 500_000),
      label: `CGCS2000 / 3-degree Gauss-Kruger CM ${lon0}E`,
      kind: 'projected',
    }
  }
  if ((epsg >= 32601 && epsg <= 32660) || (epsg >= 32701 && epsg <= 32760)) {
    const south = epsg > 32700
    const zone = epsg - (south ? 32700 : 32600)
    return {
      proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
      label: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
      kind: 'projected',
    }
  }
  return null
}

/** Names accepted by {@link parseCrs}, for help texts. */
export const ACCEPTED_CRS_NAMES =
  'WGS84, CGCS2000, GCJ02, BD09, EPSG:4326, EPSG:4490, EPSG:3857, EPSG:4491-4554 (CGCS2000 Gauss-Kruger), EPSG:32601-32760 (UTM)'

/**
 * Resolves a user-declared CRS name (case-insensitive; `-`, `_` and spaces ignored).
 * @throws DomainError('invalid-crs') for unknown names or EPSG codes that are not bundled.
 * @example parseCrs('gcj-02').id === 'GCJ02'; parseCrs('EPSG:4547').kind === 'projected'
 */
export function parseCrs(name: string): CrsSpec {
  const key = name
    .trim()
    .toUpperCase()
    .replace(/[\s_-]/g, '')
  switch (key) {
    case 'WGS84':
    case 'WGS1984':
    case 'EPSG4326':
    case 'EPSG:4326':
    case '4326':
      return WGS84_SPEC
    case 'CGCS2000':
    case 'EPSG:4490':
    case 'EPSG4490':
    case '4490':
      return CGCS2000_SPEC
    case 'GCJ02':
    case 'GCJ':
    case 'AMAP':
    case 'MARS':
      return GCJ02_SPEC
    case 'BD09':
    case 'BD09LL':
    case 'BAIDU':
      return BD09_SPEC
  }
  const match = /^(?:EPSG:?)?(\d{4,5})$/.exec(key)
  if (match) {
    const epsg = Number(match[1])
    const bundled = bundledEpsgDefinition(epsg)
    if (bundled) {
      return {
        id: `EPSG:${epsg}`,
        label: bundled.label,
        kind: bundled.kind,
        sourceCrs: null,
        epsg,
        proj4: bundled.proj4,
      }
    }
    throw new DomainError(
      'invalid-crs',
      `EPSG:${epsg} is not a supported CRS (accepted: ${ACCEPTED_CRS_NAMES})`,
      {
        crs: name,
      },
    )
  }
  throw new DomainError('invalid-crs', `unknown CRS "${name}" (accepted: ${ACCEPTED_CRS_NAMES})`, {
    crs: name,
  })
}

/**
 * Resolves the CRS described by a shapefile `.prj` (ESRI or OGC WKT).
 * CGCS2000 and WGS84 geographic WKT map to the named CRSes; anything projected goes through proj4's WKT parser.
 * @throws DomainError('invalid-crs') when proj4 cannot read the WKT.
 */
export function crsFromWkt(wkt: string): CrsSpec {
  const text = wkt.trim()
  const nameMatch = /^[A-Z]+\s*\[\s*"([^"]*)"/i.exec(text)
  const name = nameMatch?.[1] ?? 'unnamed'
  const isProjected = /^(PROJCS|PROJCRS|PROJECTEDCRS)\b/i.test(text)
  if (!isProjected) {
    if (!/^(GEOGCS|GEOGCRS|GEODCRS|GEOGRAPHICCRS)\b/i.test(text)) {
      throw new DomainError(
        'invalid-crs',
        `unrecognised .prj content (expected WKT GEOGCS or PROJCS): ${text.slice(0, 60)}`,
      )
    }
    if (/2000|CGCS/i.test(name)) return CGCS2000_SPEC
    if (/WGS.?(19)?84/i.test(name)) return WGS84_SPEC
  }
  try {
    proj4(text, 'EPSG:4326', [0, 0])
  } catch (error) {
    throw new DomainError(
      'invalid-crs',
      `cannot read the .prj CRS "${name}": ${(error as Error).message}`,
    )
  }
  return {
    id: `PRJ:${name}`,
    label: name,
    kind: isProjected ? 'projected' : 'geographic',
    sourceCrs: null,
    epsg: null,
    proj4: text,
  }
}

/** GCJ-02 → WGS84 through gcoord (iterative inverse, ~0.1 m). Identity outside China. */
export function gcj02ToWgs84(position: Position): Position {
  const [lng, lat] = gcoord.transform([position[0]!, position[1]!], gcoord.GCJ02, gcoord.WGS84)
  return [lng, lat]
}

/** BD-09 → WGS84 through gcoord (BD-09 → GCJ-02 closed form, then the iterative GCJ-02 inverse). */
export function bd09ToWgs84(position: Position): Position {
  const [lng, lat] = gcoord.transform([position[0]!, position[1]!], gcoord.BD09, gcoord.WGS84)
  return [lng, lat]
}

/** WGS84 → GCJ-02 (forward, closed form). Identity outside China. */
export function wgs84ToGcj02(position: Position): Position {
  const [lng, lat] = gcoord.transform([position[0]!, position[1]!], gcoord.WGS84, gcoord.GCJ02)
  return [lng, lat]
}

/** WGS84 → BD-09 (forward, closed form). */
export function wgs84ToBd09(position: Position): Position {
  const [lng, lat] = gcoord.transform([position[0]!, position[1]!], gcoord.WGS84, gcoord.BD09)
  return [lng, lat]
}

/**
 * Returns a function converting one position in `crs` to WGS84 `[lng, lat]` (extra ordinates such as Z are dropped).
 * Identity for WGS84 and geographic CGCS2000.
 */
export function createToWgs84(crs: CrsSpec): (position: Position) => Position {
  let project: ((position: Position) => Position) | null = null
  if (
    crs.proj4 &&
    !(crs.kind === 'geographic' && (crs.sourceCrs === 'CGCS2000' || crs.sourceCrs === 'WGS84'))
  ) {
    const converter = proj4(crs.proj4, 'EPSG:4326')
    project = (position) => {
      const [x, y] = converter.forward([position[0]!, position[1]!])
      return [x!, y!]
    }
  }
  const offset = crs.offset === 'GCJ02' ? gcj02ToWgs84 : crs.offset === 'BD09' ? bd09ToWgs84 : null
  return (position) => {
    let out: Position = [position[0]!, position[1]!]
    if (project) out = project(out)
    if (offset) out = offset(out)
    return out
  }
}

/** Applies `convert` to every position of a geometry; returns a new geometry (the input is not mutated). */
export function mapGeometryPositions<G extends Geometry>(
  geometry: G,
  convert: (position: Position) => Position,
): G {
  const mapRings = (rings: Position[][]): Position[][] => rings.map((ring) => ring.map(convert))
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: convert(geometry.coordinates) }
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(convert) }
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: mapRings(geometry.coordinates) }
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map(mapRings) }
    case 'GeometryCollection':
      return {
        ...geometry,
        geometries: geometry.geometries.map((part) => mapGeometryPositions(part, convert)),
      }
  }
}
