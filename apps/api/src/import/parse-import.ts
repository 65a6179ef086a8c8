/**
 * File bytes → validated domain features for one layer, with no database involved: format detection,
 * reading, CRS resolution and conversion to WGS84, layer validation. Problems come back as issues;
 * `DomainError`s from readers (empty file, bad JSON, zip without .shp, unknown CRS) become one
 * file-level issue each, so the caller has a single report to show.
 */
import { unzipSync } from 'fflate'
import { DomainError, IMPORT_LAYERS } from '@tongcun/domain'
import type { ImportLayer, ValidationIssue } from '@tongcun/domain'
import { createToWgs84, crsFromWkt, parseCrs } from '@tongcun/spatial'
import type { CrsSpec } from '@tongcun/spatial'
import { parseEncoding } from './encoding'
import { findStructuralProblem, forEachPosition } from './geometry-checks'
import { readGeoJson } from './read-geojson'
import { readShapefileZip } from './read-shapefile'
import { readCsv, readXlsx } from './read-table'
import type { ImportFormat, ImportOptions, ParsedImport, ReadResult } from './types'
import { normalizeRecords } from './validate-layer'

/** True when `layer` is one of the import layers. */
export function isImportLayer(layer: string): layer is ImportLayer {
  return (IMPORT_LAYERS as readonly string[]).includes(layer)
}

/** Detects the format from the file name, falling back to the first bytes. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  const extension = fileName.toLowerCase().replace(/^.*\./, '')
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
  if (extension === 'geojson' || extension === 'json') return 'geojson'
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return 'csv'
  if (extension === 'xlsx') return 'xlsx'
  if (extension === 'zip') {
    if (isZip && zipHasEntry(bytes, '[Content_Types].xml')) return 'xlsx'
    return 'shapefile'
  }
  if (['shp', 'dbf', 'shx', 'prj'].includes(extension)) {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: upload a Shapefile as one .zip holding its .shp, .dbf, .shx and .prj (and .cpg) files`,
      { file: fileName },
    )
  }
  if (extension === 'xls') {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: legacy .xls workbooks are not read; save the sheet as .xlsx or .csv`,
      {
        file: fileName,
      },
    )
  }
  if (isZip) return zipHasEntry(bytes, '[Content_Types].xml') ? 'xlsx' : 'shapefile'
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head.startsWith('{')) return 'geojson'
  return 'csv'
}

function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  try {
    return Object.keys(unzipSync(bytes, { filter: (file) => file.name === name })).length > 0
  } catch {
    return false
  }
}

function issueFromError(error: unknown, fileName: string): ValidationIssue {
  if (error instanceof DomainError) {
    const details = error.details ?? {}
    const field =
      typeof details['field'] === 'string'
        ? details['field']
        : error.code === 'invalid-crs'
          ? 'crs'
          : undefined
    return { file: fileName, ...(field ? { field } : {}), message: error.message }
  }
  throw error
}

/** Reads and validates a file for a layer. Never touches a database. */
export async function parseImport(options: ImportOptions): Promise<ParsedImport> {
  const fileName = options.fileName
  const empty = (partial: Partial<ParsedImport>): ParsedImport => ({
    layer: (isImportLayer(options.layer) ? options.layer : 'villages') as ImportLayer,
    format: 'unknown',
    crs: options.crs ?? 'WGS84',
    features: [],
    rows: [],
    recordCount: 0,
    errors: [],
    warnings: [],
    ...partial,
  })
  if (!isImportLayer(options.layer)) {
    return empty({
      errors: [
        {
          file: fileName,
          field: 'layer',
          message: `unknown layer "${options.layer}" (expected one of ${IMPORT_LAYERS.join(', ')})`,
        },
      ],
    })
  }
  const layer = options.layer
  let declared: CrsSpec
  let format: ImportFormat
  let read: ReadResult
  try {
    declared = parseCrs(options.crs ?? 'WGS84')
    const encoding = parseEncoding(options.encoding)
    if (options.bytes.length === 0)
      throw new DomainError('empty-input', `${fileName}: the file is empty (0 bytes)`, {
        file: fileName,
      })
    format = detectFormat(fileName, options.bytes)
    switch (format) {
      case 'geojson':
        read = readGeoJson(options.bytes, layer, fileName)
        break
      case 'csv':
        read = readCsv(options.bytes, layer, fileName, encoding)
        break
      case 'xlsx':
        read = await readXlsx(options.bytes, layer, fileName, options.sheet)
        break
      case 'shapefile':
        read = readShapefileZip(options.bytes, layer, fileName, encoding)
        break
    }
  } catch (error) {
    return empty({ layer, errors: [issueFromError(error, fileName)] })
  }

  const warnings = [...read.warnings]
  const errors = [...read.errors]
  let crs = declared
  if (read.fileCrsName !== undefined) {
    if (options.crs === undefined) {
      try {
        crs = parseCrs(read.fileCrsName)
      } catch (error) {
        errors.push(issueFromError(error, fileName))
      }
    } else if (parseCrsOrNull(read.fileCrsName)?.id !== declared.id) {
      warnings.push({
        file: fileName,
        field: 'crs',
        message: `the file's crs member says ${read.fileCrsName}; the declared ${declared.id} is used`,
      })
    }
  }
  if (read.fileCrs !== undefined) {
    try {
      const fromPrj = crsFromWkt(read.fileCrs)
      if (declared.offset && fromPrj.kind === 'geographic') {
        warnings.push({
          file: fileName,
          field: 'crs',
          message: `the .prj says ${fromPrj.label}; the declared ${declared.id} offset is applied (a .prj cannot express GCJ-02/BD-09)`,
        })
      } else {
        if (options.crs !== undefined && fromPrj.id !== declared.id) {
          warnings.push({
            file: fileName,
            field: 'crs',
            message: `the .prj (${fromPrj.label}) overrides the declared CRS ${declared.id}`,
          })
        }
        crs = fromPrj
      }
    } catch (error) {
      errors.push(issueFromError(error, fileName))
    }
  } else if (format === 'shapefile' && crs.kind === 'geographic') {
    const sample = firstPosition(read)
    if (sample && (Math.abs(sample[0]) > 180 || Math.abs(sample[1]) > 90)) {
      errors.push({
        file: fileName,
        field: 'crs',
        message: `the shapefile has no .prj and its coordinates (${sample[0]}, ${sample[1]}) are projected metres, not degrees; declare the projection with --crs (e.g. EPSG:4547 for CGCS2000 3-degree Gauss-Kruger CM 114E)`,
      })
    }
  }
  if (errors.length > 0) {
    return {
      layer,
      format,
      crs: crs.id,
      encoding: read.encoding,
      features: [],
      rows: [],
      recordCount: read.records.length,
      errors,
      warnings,
    }
  }
  if (read.records.length === 0) {
    errors.push({
      file: fileName,
      message: read.isOsm
        ? `no feature in the file maps to the ${layer} layer`
        : 'the file holds no records',
    })
  }
  const normalized = normalizeRecords(read.records, {
    layer,
    fileName,
    toWgs84: createToWgs84(crs),
    isOsm: read.isOsm,
    ...(options.assignCodesUnder !== undefined
      ? { assignCodesUnder: options.assignCodesUnder }
      : {}),
  })
  return {
    layer,
    format,
    crs: crs.id,
    encoding: read.encoding,
    features: normalized.features,
    rows: normalized.rows,
    recordCount: read.records.length,
    errors: [...errors, ...normalized.errors],
    warnings: [...warnings, ...normalized.warnings],
  }
}

function parseCrsOrNull(name: string): CrsSpec | null {
  try {
    return parseCrs(name)
  } catch {
    return null
  }
}

function firstPosition(read: ReadResult): [number, number] | null {
  for (const record of read.records) {
    if (!record.geometry || findStructuralProblem(record.geometry)) continue
    let found: [number, number] | null = null
    forEachPosition(record.geometry, (position) => {
      found ??= [position[0]!, position[1]!]
    })
    if (found) return found
  }
  return null
}
