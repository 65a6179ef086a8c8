/**
 * Builders for import test inputs: zipped shapefiles (a tiny hand-written .shp/.dbf writer), XLSX
 * workbooks, GBK CSV, and a data-table fingerprint to prove a rejected import changed nothing.
 */
import { zipSync } from 'fflate'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { sql } from 'kysely'
import type { Database } from '../../src/db/client'

type XY = [number, number]
export type ShapeInput =
  | { type: 'Point'; coordinates: XY }
  | { type: 'LineString'; coordinates: XY[] }
  | { type: 'Polygon'; coordinates: XY[][] }

const SHAPE_TYPE = { Point: 1, LineString: 3, Polygon: 5 } as const

/** Writes a .shp (all shapes of one type) in the ESRI layout: big-endian header words, little-endian content. */
export function writeShp(shapes: ShapeInput[]): Uint8Array {
  const type = shapes[0]!.type
  const records = shapes.map((shape) => {
    if (shape.type === 'Point') {
      const view = new DataView(new ArrayBuffer(20))
      view.setInt32(0, 1, true)
      view.setFloat64(4, shape.coordinates[0], true)
      view.setFloat64(12, shape.coordinates[1], true)
      return new Uint8Array(view.buffer)
    }
    const parts = shape.type === 'LineString' ? [shape.coordinates] : shape.coordinates
    const points = parts.flat()
    const xs = points.map((p) => p[0])
    const ys = points.map((p) => p[1])
    const size = 44 + 4 * parts.length + 16 * points.length
    const view = new DataView(new ArrayBuffer(size))
    view.setInt32(0, SHAPE_TYPE[shape.type], true)
    ;[Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((value, i) =>
      view.setFloat64(4 + 8 * i, value, true),
    )
    view.setInt32(36, parts.length, true)
    view.setInt32(40, points.length, true)
    let start = 0
    parts.forEach((part, i) => {
      view.setInt32(44 + 4 * i, start, true)
      start += part.length
    })
    points.forEach((point, i) => {
      view.setFloat64(44 + 4 * parts.length + 16 * i, point[0], true)
      view.setFloat64(52 + 4 * parts.length + 16 * i, point[1], true)
    })
    return new Uint8Array(view.buffer)
  })
  const total = 100 + records.reduce((sum, record) => sum + 8 + record.length, 0)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  view.setInt32(0, 9994, false)
  view.setInt32(24, total / 2, false)
  view.setInt32(28, 1000, true)
  view.setInt32(32, SHAPE_TYPE[type], true)
  const all = shapes.flatMap((shape) =>
    shape.type === 'Point'
      ? [shape.coordinates]
      : shape.type === 'LineString'
        ? shape.coordinates
        : shape.coordinates.flat(),
  )
  ;[
    Math.min(...all.map((p) => p[0])),
    Math.min(...all.map((p) => p[1])),
    Math.max(...all.map((p) => p[0])),
    Math.max(...all.map((p) => p[1])),
  ].forEach((value, i) => view.setFloat64(36 + 8 * i, value, true))
  let offset = 100
  records.forEach((record, i) => {
    view.setInt32(offset, i + 1, false)
    view.setInt32(offset + 4, record.length / 2, false)
    out.set(record, offset + 8)
    offset += 8 + record.length
  })
  return out
}

/** Writes a dBASE III .dbf with character fields (values encoded with `encoding`). */
export function writeDbf(
  fields: string[],
  rows: (string | number | null)[][],
  encoding: 'utf8' | 'gbk',
): Uint8Array {
  const encode = (text: string) =>
    encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gbk')) : new TextEncoder().encode(text)
  const encodedRows = rows.map((row) =>
    row.map((value) => encode(value === null ? '' : String(value))),
  )
  const widths = fields.map((_, column) =>
    Math.max(1, ...encodedRows.map((row) => row[column]!.length)),
  )
  const headerLength = 32 + 32 * fields.length + 1
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0)
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1)
  const view = new DataView(out.buffer)
  out[0] = 0x03
  out[1] = 125
  out[2] = 1
  out[3] = 1
  view.setUint32(4, rows.length, true)
  view.setUint16(8, headerLength, true)
  view.setUint16(10, recordLength, true)
  fields.forEach((field, i) => {
    const base = 32 + 32 * i
    out.set(new TextEncoder().encode(field.slice(0, 10)), base)
    out[base + 11] = 'C'.charCodeAt(0)
    out[base + 16] = widths[i]!
  })
  out[headerLength - 1] = 0x0d
  encodedRows.forEach((row, r) => {
    let offset = headerLength + r * recordLength
    out[offset] = 0x20
    offset += 1
    row.forEach((bytes, column) => {
      out.fill(0x20, offset, offset + widths[column]!)
      out.set(bytes, offset)
      offset += widths[column]!
    })
  })
  out[out.length - 1] = 0x1a
  return out
}

/** A zipped shapefile `<name>.shp/.dbf[/.prj][/.cpg]`. */
export function zipShapefile(options: {
  name?: string
  shapes: ShapeInput[]
  fields: string[]
  rows: (string | number | null)[][]
  encoding?: 'utf8' | 'gbk'
  prj?: string
  cpg?: string
}): Uint8Array {
  const name = options.name ?? 'layer'
  const files: Record<string, Uint8Array> = {
    [`${name}.shp`]: writeShp(options.shapes),
    [`${name}.dbf`]: writeDbf(options.fields, options.rows, options.encoding ?? 'utf8'),
  }
  if (options.prj) files[`${name}.prj`] = new TextEncoder().encode(options.prj)
  if (options.cpg) files[`${name}.cpg`] = new TextEncoder().encode(options.cpg)
  return zipSync(files)
}

/** An XLSX workbook with one sheet per entry. */
export async function makeXlsx(
  sheets: Record<string, (string | number | null)[][]>,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name)
    rows.forEach((row) => sheet.addRow(row))
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const gbk = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'gbk'))

/** Every data table's row count and content hash (import_log excluded). */
export const DATA_TABLES = [
  'admin_unit',
  'village',
  'network_line',
  'service_area',
  'facility',
  'resettlement_site',
  'hazard_zone',
] as const

export async function fingerprintDataTables(
  database: Database,
): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {}
  for (const table of DATA_TABLES) {
    const result = await sql<{ rows: number; md5: string | null }>`
      SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${sql.table(table)} t`.execute(
      database.db,
    )
    out[table] = result.rows[0]!
  }
  return out
}

export async function importLogRows(
  database: Database,
): Promise<{ status: string; layer: string; source_crs: string; error_count: number }[]> {
  return database.db
    .selectFrom('import_log')
    .select(['status', 'layer', 'source_crs', 'error_count'])
    .orderBy('id')
    .execute()
}

/** ESRI WKT of CGCS2000 3-degree Gauss-Kruger CM 114E (EPSG:4547), as ArcGIS writes it. */
export const PRJ_CGCS2000_GK_114E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
export const PRJ_CGCS2000_GEOGRAPHIC =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
