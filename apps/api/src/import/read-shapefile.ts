/**
 * Zipped Shapefile reader. The .shp is parsed by shpjs with coordinates as stored; the .prj (if any) is
 * resolved by `crsFromWkt` and wins over the declared CRS; .dbf text is decoded with the .cpg encoding,
 * the declared `--encoding`, or detected (UTF-8, else GBK).
 */
import { unzipSync } from 'fflate'
import { parseDbf, parseShp } from 'shpjs'
import { DomainError } from '@tongcun/domain'
import type { ImportLayer, ValidationIssue } from '@tongcun/domain'
import { aliasMapFor } from './columns'
import { parseEncoding } from './encoding'
import { canonicalProperties } from './read-geojson'
import type { RawRecord, ReadResult, TextEncoding } from './types'

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase()

function decodeDbf(dbf: Uint8Array, encoding: TextEncoding): Record<string, unknown>[] {
  return parseDbf(dbf, encoding === 'gbk' ? 'gbk' : 'utf-8')
}

const hasReplacementChar = (rows: Record<string, unknown>[]) =>
  rows.some((row) =>
    Object.entries(row).some(
      ([key, value]) =>
        key.includes('\uFFFD') || (typeof value === 'string' && value.includes('\uFFFD')),
    ),
  )

export function readShapefileZip(
  bytes: Uint8Array,
  layer: ImportLayer,
  fileName: string,
  declaredEncoding: TextEncoding | undefined,
): ReadResult {
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes)
  } catch (error) {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: not a readable zip archive (${(error as Error).message})`,
      {
        file: fileName,
      },
    )
  }
  const names = Object.keys(entries).filter((name) => !name.includes('__MACOSX/'))
  const shpNames = names.filter((name) => extension(name) === 'shp')
  if (shpNames.length === 0) {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: the zip holds no .shp file (found: ${names.join(', ') || 'nothing'}); a zipped Shapefile needs at least .shp and .dbf`,
      { file: fileName },
    )
  }
  if (shpNames.length > 1) {
    throw new DomainError(
      'unsupported-format',
      `${fileName}: the zip holds ${shpNames.length} shapefiles (${shpNames.join(', ')}); import one layer per zip`,
      {
        file: fileName,
      },
    )
  }
  const base = shpNames[0]!.slice(0, -4)
  const sibling = (ext: string) => {
    const name = names.find(
      (candidate) => candidate.slice(0, -4) === base && extension(candidate) === ext,
    )
    return name ? entries[name] : undefined
  }
  const shp = sibling('shp')!
  const dbf = sibling('dbf')
  const prj = sibling('prj')
  const cpg = sibling('cpg')
  const warnings: ValidationIssue[] = []
  const errors: ValidationIssue[] = []

  let geometries
  try {
    geometries = parseShp(shp, false)
  } catch (error) {
    throw new DomainError(
      'invalid-input',
      `${fileName}: cannot read ${base}.shp (${(error as Error).message})`,
      { file: fileName },
    )
  }

  let attributes: Record<string, unknown>[] = []
  let encoding: TextEncoding | undefined
  if (!dbf) {
    warnings.push({
      file: fileName,
      message: `${base}.dbf is missing: features have no attributes`,
    })
  } else {
    const cpgText = cpg ? new TextDecoder().decode(cpg).trim() : ''
    let fromCpg: TextEncoding | undefined
    try {
      fromCpg = cpgText ? parseEncoding(cpgText) : undefined
    } catch {
      warnings.push({
        file: fileName,
        message: `${base}.cpg names an unsupported encoding "${cpgText}"; detecting instead`,
      })
    }
    encoding = declaredEncoding ?? fromCpg
    if (encoding) {
      attributes = decodeDbf(dbf, encoding)
    } else {
      attributes = decodeDbf(dbf, 'utf8')
      encoding = 'utf8'
      if (hasReplacementChar(attributes)) {
        attributes = decodeDbf(dbf, 'gbk')
        encoding = 'gbk'
      }
    }
    if (attributes.length !== geometries.length) {
      errors.push({
        file: fileName,
        message: `${base}.dbf has ${attributes.length} records but ${base}.shp has ${geometries.length} shapes`,
      })
    }
  }
  const aliases = aliasMapFor(layer)
  const records: RawRecord[] = geometries.map((geometry, row) => ({
    row,
    properties: canonicalProperties(attributes[row] ?? {}, aliases),
    geometry: geometry ?? null,
  }))
  return {
    format: 'shapefile',
    records,
    encoding,
    fileCrs: prj ? new TextDecoder().decode(prj) : undefined,
    isOsm: false,
    errors,
    warnings,
  }
}
