import { describe, expect, it } from 'vitest'
import geodesic from 'geographiclib-geodesic'
import { DomainError } from '@tongcun/domain'
import {
  bd09ToWgs84,
  createToWgs84,
  crsFromWkt,
  gcj02ToWgs84,
  mapGeometryPositions,
  parseCrs,
  wgs84ToBd09,
  wgs84ToGcj02,
} from './crs'

const distanceM = (a: number[], b: number[]) =>
  geodesic.Geodesic.WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!

describe('parseCrs', () => {
  it('resolves names and EPSG codes', () => {
    expect(parseCrs('wgs84').id).toBe('WGS84')
    expect(parseCrs('EPSG:4326').id).toBe('WGS84')
    expect(parseCrs('cgcs2000').id).toBe('CGCS2000')
    expect(parseCrs('EPSG:4490').id).toBe('CGCS2000')
    expect(parseCrs('gcj-02').id).toBe('GCJ02')
    expect(parseCrs('BD-09').id).toBe('BD09')
    expect(parseCrs('EPSG:4547')).toMatchObject({ id: 'EPSG:4547', kind: 'projected', epsg: 4547 })
    expect(parseCrs('32649').label).toBe('WGS 84 / UTM zone 49N')
  })

  it('throws invalid-crs for unknown names and unbundled EPSG codes', () => {
    expect(() => parseCrs('Xian80')).toThrow(DomainError)
    expect(() => parseCrs('EPSG:2385')).toThrow(/not a supported CRS/)
  })
})

describe('GCJ-02 and BD-09', () => {
  // A grid over China's populated area: the round trip WGS84 → GCJ-02 (closed-form forward) → WGS84
  // (gcoord's iterative inverse) must come back within 1 m; we measured < 0.06 m.
  const grid: number[][] = []
  for (let lng = 75; lng <= 133; lng += 4.3)
    for (let lat = 19; lat <= 52; lat += 3.7) grid.push([lng, lat])

  it('GCJ-02 → WGS84 inverts the forward transform within 1 m', () => {
    let worst = 0
    for (const point of grid) {
      const gcj = wgs84ToGcj02(point)
      expect(distanceM(point, gcj)).toBeGreaterThan(50) // the offset is real (hundreds of metres)
      worst = Math.max(worst, distanceM(point, gcj02ToWgs84(gcj)))
    }
    expect(worst).toBeLessThan(1)
  })

  it('BD-09 → WGS84 inverts the forward transform within 1 m', () => {
    for (const point of grid)
      expect(distanceM(point, bd09ToWgs84(wgs84ToBd09(point)))).toBeLessThan(1)
  })

  it('leaves positions outside China unchanged (Bluff, Utah; Sergipe, Brazil)', () => {
    expect(gcj02ToWgs84([-109.55, 37.28])).toEqual([-109.55, 37.28])
    expect(gcj02ToWgs84([-37.78, -11.27])).toEqual([-37.78, -11.27])
  })
})

describe('projected CRSes', () => {
  // Expected values from PostGIS 3.3 ST_Transform(ST_SetSRID(ST_MakePoint(520000, 3300000), 4547), 4326).
  it('EPSG:4547 matches PostGIS', () => {
    const [lng, lat] = createToWgs84(parseCrs('EPSG:4547'))([520000, 3300000])
    expect(lng).toBeCloseTo(114.20690743091951, 9)
    expect(lat).toBeCloseTo(29.81839252362251, 9)
  })

  it('reads an ESRI .prj of the same CRS to the same result', () => {
    const wkt =
      'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
    const crs = crsFromWkt(wkt)
    expect(crs.kind).toBe('projected')
    const [lng, lat] = createToWgs84(crs)([520000, 3300000])
    expect(lng).toBeCloseTo(114.20690743091951, 9)
    expect(lat).toBeCloseTo(29.81839252362251, 9)
  })

  it('maps geometry positions without mutating the input', () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    }
    const moved = mapGeometryPositions(line, ([x, y]) => [x! + 1, y!])
    expect(moved.coordinates).toEqual([
      [2, 2],
      [4, 4],
    ])
    expect(line.coordinates).toEqual([
      [1, 2],
      [3, 4],
    ])
  })
})
