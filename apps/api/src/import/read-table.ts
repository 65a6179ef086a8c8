/**
 * CSV and XLSX readers: a header row, then one record per row. Point geometry comes from longitude and
 * latitude columns under common names ({@link LONGITUDE_NAMES}, {@link LATITUDE_NAMES}).
 */
import Papa from 'papaparse'
import ExcelJS from 'exceljs'
import { DomainError } from '@tongcun/domain'
import type { ImportLayer, ValidationIssue } from '@tongcun/domain'
import {
  aliasMapFor,
  canonicalName,
  LATITUDE_NAMES,
  LONGITUDE_NAMES,
  normalizeHeader,
} from './columns'
import { decodeText } from './encoding'
import type { RawRecord, ReadResult, TextEncoding } from './types'

type Cell = string | number | boolean | null

/** Layers whose records need a point from coordinate columns. Admin units may have none. */
const POINT_LAYERS: ReadonlySet<ImportLayer> = new Set(['villages', 'facilities', 'sites'])

/** Parses a number written by people: `1,234`, ` 12.5 `, full-width digits. Returns NaN when it is not one. */
export function parseLooseNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value !== 'string') return Number.NaN
  const text = value
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (digit) => String(digit.charCodeAt(0) - 0xff10))
    .replace(/[\uFF0E]/g, '.')
    .replace(/[\uFF0D]/g, '-')
    .replace(/,/g, '')
  if (text === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number.NaN
  return Number(text)
}

const DMS =
  /^([+-]?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′’分]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:["″”秒]|''|′′)\s*)?([EWNS东西南北])?$/i

/**
 * A coordinate cell: decimal degrees (or projected metres), or degrees-minutes-seconds as written in
 * Chinese survey tables (`106°30′15.2″`, `106度30分15.2秒`, `29°32'N`); S/W/南/西 make it negative.
 */
export function parseCoordinate(value: unknown): number {
  const decimal = parseLooseNumber(value)
  if (Number.isFinite(decimal) || typeof value !== 'string') return decimal
  const match = DMS.exec(value.trim())
  if (!match) return Number.NaN
  const degrees = Number(match[1])
  const minutes = match[2] ? Number(match[2]) : 0
  const seconds = match[3] ? Number(match[3]) : 0
  if (minutes >= 60 || seconds >= 60) return Number.NaN
  const sign = degrees < 0 || /[WS西南]/i.test(match[4] ?? '') ? -1 : 1
  return sign * (Math.abs(degrees) + minutes / 60 + seconds / 3600)
}

const isBlank = (cell: Cell | undefined): boolean =>
  cell === null || cell === undefined || String(cell).trim() === ''

/** Turns header + rows into records. Rows are data rows, numbered from 1 (the header is not counted). */
export function recordsFromTable(
  header: Cell[],
  rows: Cell[][],
  layer: ImportLayer,
  fileName: string,
  format: 'csv' | 'xlsx',
  encoding?: TextEncoding,
): ReadResult {
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  const aliases = aliasMapFor(layer)
  const names = header.map((cell) => (cell === null ? '' : String(cell)))
  const normalized = names.map(normalizeHeader)
  const lonIndex = normalized.findIndex((name) => LONGITUDE_NAMES.includes(name))
  const latIndex = normalized.findIndex((name) => LATITUDE_NAMES.includes(name))
  const needsPoint = POINT_LAYERS.has(layer)

  if (names.every((name) => name.trim() === '')) {
    errors.push({ file: fileName, row: 0, message: 'the file has no header row' })
    return { format, records: [], encoding, isOsm: false, errors, warnings }
  }
  if (needsPoint && lonIndex < 0) {
    errors.push({
      file: fileName,
      field: 'lon',
      message: `no longitude column (looked for ${LONGITUDE_NAMES.join(', ')}); header: ${names.join(', ')}`,
    })
  }
  if (needsPoint && latIndex < 0) {
    errors.push({
      file: fileName,
      field: 'lat',
      message: `no latitude column (looked for ${LATITUDE_NAMES.join(', ')}); header: ${names.join(', ')}`,
    })
  }
  if (!needsPoint && layer !== 'admin') {
    errors.push({
      file: fileName,
      message: `${format.toUpperCase()} files carry point coordinates only; the ${layer} layer needs line or polygon geometry (use GeoJSON or a zipped Shapefile)`,
    })
  }
  const seen = new Map<string, number>()
  names.forEach((name, index) => {
    if (name.trim() === '' || index === lonIndex || index === latIndex) return
    const canonical = canonicalName(name, aliases)
    const previous = seen.get(canonical)
    if (previous !== undefined) {
      errors.push({
        file: fileName,
        field: canonical,
        message: `columns "${names[previous]}" and "${name}" both mean ${canonical}`,
      })
    }
    seen.set(canonical, index)
  })
  if (errors.length > 0) return { format, records: [], encoding, isOsm: false, errors, warnings }
  if (!needsPoint && (lonIndex >= 0 || latIndex >= 0)) {
    warnings.push({
      file: fileName,
      message: `coordinate columns are ignored: ${layer} records take no point geometry from a table`,
    })
  }

  const records: RawRecord[] = []
  rows.forEach((cells, index) => {
    const row = index + 1
    if (cells.every(isBlank)) return
    const properties: Record<string, unknown> = {}
    for (const [canonical, column] of seen) {
      const cell = cells[column]
      properties[canonical] = isBlank(cell) ? null : typeof cell === 'string' ? cell.trim() : cell
    }
    let geometry: RawRecord['geometry'] = null
    if (needsPoint && lonIndex >= 0 && latIndex >= 0) {
      const lonCell = cells[lonIndex] ?? null
      const latCell = cells[latIndex] ?? null
      if (isBlank(lonCell) && isBlank(latCell)) {
        geometry = null
      } else {
        const lon = parseCoordinate(lonCell)
        const lat = parseCoordinate(latCell)
        if (!Number.isFinite(lon)) {
          errors.push({
            file: fileName,
            row,
            field: names[lonIndex],
            message: `longitude "${String(lonCell ?? '')}" is not a number`,
          })
        }
        if (!Number.isFinite(lat)) {
          errors.push({
            file: fileName,
            row,
            field: names[latIndex],
            message: `latitude "${String(latCell ?? '')}" is not a number`,
          })
        }
        if (Number.isFinite(lon) && Number.isFinite(lat))
          geometry = { type: 'Point', coordinates: [lon, lat] }
      }
    }
    records.push({ row, properties, geometry })
  })
  return { format, records, encoding, isOsm: false, errors, warnings }
}

/**
 * Chinese statistical sheets often start with a title row (「XX县行政村基本情况表」) or a unit line above
 * the header. The header is the first of the first 10 rows naming at least two known columns
 * (properties or coordinates); rows above it are skipped with a warning. Falls back to the first row.
 */
function withTitleRowsSkipped(
  table: Cell[][],
  layer: ImportLayer,
  fileName: string,
  read: (header: Cell[], rows: Cell[][]) => ReadResult,
): ReadResult {
  const aliases = aliasMapFor(layer)
  const known = (cell: Cell) => {
    if (isBlank(cell)) return false
    const name = normalizeHeader(String(cell))
    return aliases.has(name) || LONGITUDE_NAMES.includes(name) || LATITUDE_NAMES.includes(name)
  }
  const firstNonBlank = table.findIndex((row) => !row.every(isBlank))
  let headerIndex = table.slice(0, 10).findIndex((row) => row.filter(known).length >= 2)
  if (headerIndex < 0) headerIndex = Math.max(0, firstNonBlank)
  const result = read(table[headerIndex] ?? [], table.slice(headerIndex + 1))
  const skipped = table.slice(0, headerIndex).filter((row) => !row.every(isBlank)).length
  if (skipped > 0) {
    result.warnings.push({
      file: fileName,
      message: `skipped ${skipped} title row(s) above the header (header found in line ${headerIndex + 1}); rows are numbered from the first line below it`,
    })
  }
  return result
}

/** Reads a CSV file (UTF-8 with/without BOM, or GBK). */
export function readCsv(
  bytes: Uint8Array,
  layer: ImportLayer,
  fileName: string,
  declaredEncoding: TextEncoding | undefined,
): ReadResult {
  const { text, encoding } = decodeText(bytes, declaredEncoding, fileName)
  if (text.trim() === '') {
    throw new DomainError('empty-input', `${fileName}: the file is empty`, { file: fileName })
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' })
  const fatal = parsed.errors.find((error) => error.type === 'Quotes')
  if (fatal) {
    return {
      format: 'csv',
      records: [],
      encoding,
      isOsm: false,
      errors: [
        { file: fileName, row: (fatal.row ?? 0) + 0, message: `CSV syntax: ${fatal.message}` },
      ],
      warnings: [],
    }
  }
  if (parsed.data.length === 0)
    throw new DomainError('empty-input', `${fileName}: the file is empty`, { file: fileName })
  return withTitleRowsSkipped(parsed.data, layer, fileName, (header, rows) =>
    recordsFromTable(header, rows, layer, fileName, 'csv', encoding),
  )
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result
      if (result instanceof Date) return result.toISOString().slice(0, 10)
      return typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean'
        ? result
        : null
    }
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('error' in value) return null
  }
  return String(value)
}

/** Reads the first sheet (or `sheet`) of an XLSX workbook. */
export async function readXlsx(
  bytes: Uint8Array,
  layer: ImportLayer,
  fileName: string,
  sheet: string | undefined,
): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch (error) {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: not a readable XLSX workbook (${(error as Error).message})`,
      {
        file: fileName,
      },
    )
  }
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet)
  if (!worksheet) {
    const available = workbook.worksheets.map((each) => each.name).join(', ')
    throw new DomainError(
      'invalid-input',
      sheet === undefined
        ? `${fileName}: the workbook has no sheets`
        : `${fileName}: no sheet named "${sheet}" (sheets: ${available})`,
      { file: fileName, sheet },
    )
  }
  const table: Cell[][] = []
  worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Cell[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value)
    })
    table[rowNumber - 1] = Array.from(cells, (cell) => cell ?? null)
  })
  const rows = Array.from(table, (row) => row ?? [])
  if (rows.every((row) => row.every(isBlank))) {
    throw new DomainError('empty-input', `${fileName}: sheet "${worksheet.name}" is empty`, {
      file: fileName,
    })
  }
  return withTitleRowsSkipped(rows, layer, fileName, (header, data) =>
    recordsFromTable(header, data, layer, fileName, 'xlsx'),
  )
}
