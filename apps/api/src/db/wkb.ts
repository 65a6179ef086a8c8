/**
 * `readWkbSequence`: GeoJSON geometries from Well-Known Binary values of 2-D geometries written one
 * after another (`string_agg(ST_AsBinary(geom), '')`), for the bulk selects of `loadRegionData`. Written here rather than taken from `wkx` because speed is its
 * whole point: it reads the bytes straight into GeoJSON coordinate arrays, where `wkx` builds its
 * own geometry objects first (a national select reads ~10M coordinates). A Multi* of exactly one
 * part comes back as that part, as `asSimplifiedGeoJson` does for GeoJSON text.
 */
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson'

const POINT = 1
const LINE_STRING = 2
const POLYGON = 3
const MULTI_POINT = 4
const MULTI_LINE_STRING = 5
const MULTI_POLYGON = 6

class WkbReader {
  private readonly view: DataView
  offset = 0
  private little = true

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Byte order and type of the geometry starting here. */
  header(): number {
    this.little = this.view.getUint8(this.offset) === 1
    const type = this.view.getUint32(this.offset + 1, this.little)
    this.offset += 5
    if (type < POINT || type > MULTI_POLYGON) {
      throw new Error(
        `unsupported WKB geometry type ${type} (only 2-D Point … MultiPolygon are stored)`,
      )
    }
    return type
  }

  count(): number {
    const value = this.view.getUint32(this.offset, this.little)
    this.offset += 4
    return value
  }

  position(): Position {
    const x = this.view.getFloat64(this.offset, this.little)
    const y = this.view.getFloat64(this.offset + 8, this.little)
    this.offset += 16
    return [x, y]
  }

  positions(): Position[] {
    const length = this.count()
    const positions: Position[] = new Array<Position>(length)
    for (let i = 0; i < length; i++) positions[i] = this.position()
    return positions
  }

  rings(): Position[][] {
    const length = this.count()
    const rings: Position[][] = new Array<Position[]>(length)
    for (let i = 0; i < length; i++) rings[i] = this.positions()
    return rings
  }

  /** The parts of a Multi*: each has its own header of type `partType`. */
  parts<T>(partType: number, read: () => T): T[] {
    const length = this.count()
    const parts: T[] = new Array<T>(length)
    for (let i = 0; i < length; i++) {
      const type = this.header()
      if (type !== partType) throw new Error(`WKB part of type ${type}, expected ${partType}`)
      parts[i] = read()
    }
    return parts
  }

  geometry(): Geometry {
    const type = this.header()
    switch (type) {
      case POINT:
        return { type: 'Point', coordinates: this.position() }
      case LINE_STRING:
        return { type: 'LineString', coordinates: this.positions() }
      case POLYGON:
        return { type: 'Polygon', coordinates: this.rings() }
      case MULTI_POINT: {
        const points = this.parts(POINT, () => this.position())
        return points.length === 1
          ? ({ type: 'Point', coordinates: points[0] } as Point)
          : { type: 'MultiPoint', coordinates: points }
      }
      case MULTI_LINE_STRING: {
        const lines = this.parts(LINE_STRING, () => this.positions())
        return lines.length === 1
          ? ({ type: 'LineString', coordinates: lines[0] } as LineString)
          : { type: 'MultiLineString', coordinates: lines }
      }
      default: {
        const polygons = this.parts(POLYGON, () => this.rings())
        return polygons.length === 1
          ? ({ type: 'Polygon', coordinates: polygons[0] } as Polygon)
          : { type: 'MultiPolygon', coordinates: polygons }
      }
    }
  }

  get done(): boolean {
    return this.offset === this.bytes.byteLength
  }
}

/** The geometries of WKB values written one after another (`string_agg(ST_AsBinary(…), '')`). */
export function readWkbSequence(bytes: Uint8Array): Geometry[] {
  const reader = new WkbReader(bytes)
  const geometries: Geometry[] = []
  while (!reader.done) geometries.push(reader.geometry())
  return geometries
}
