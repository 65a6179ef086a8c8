/** GeoJSON reader: FeatureCollection or a single Feature; OSM extracts are detected and mapped by tags. */
import type { Geometry } from 'geojson'
import { DomainError } from '@tongcun/domain'
import type { ImportLayer, ValidationIssue } from '@tongcun/domain'
import { aliasMapFor, canonicalName } from './columns'
import { decodeText } from './encoding'
import { mapOsmFeature, osmIdOf } from './osm-tags'
import type { RawRecord, ReadResult } from './types'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Line/column of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`
}

/** Applies the alias table to property names; an exact canonical name wins over an alias. */
export function canonicalProperties(
  properties: Record<string, unknown>,
  aliases: Map<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const exact = new Set(Object.keys(properties))
  for (const [key, value] of Object.entries(properties)) {
    const canonical = canonicalName(key, aliases)
    if (canonical !== key && exact.has(canonical)) continue
    if (canonical in out && canonical !== key) continue
    out[canonical] = value
  }
  return out
}

/** Parses GeoJSON text bytes into raw records (UTF-8; GBK-encoded GeoJSON is accepted when detected). */
export function readGeoJson(bytes: Uint8Array, layer: ImportLayer, fileName: string): ReadResult {
  const { text, encoding } = decodeText(bytes, undefined, fileName)
  if (text.trim() === '')
    throw new DomainError('empty-input', `${fileName}: the file is empty`, { file: fileName })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    const where = position ? ` at ${lineColumn(text, Number(position[1]))}` : ''
    throw new DomainError(
      'invalid-input',
      `${fileName}: invalid JSON${where} (${message}); is the file truncated?`,
      {
        file: fileName,
      },
    )
  }
  let features: unknown[]
  if (isObject(json) && json['type'] === 'FeatureCollection' && Array.isArray(json['features'])) {
    features = json['features']
  } else if (isObject(json) && json['type'] === 'Feature') {
    features = [json]
  } else {
    const type = isObject(json) ? String(json['type']) : Array.isArray(json) ? 'array' : typeof json
    throw new DomainError(
      'unsupported-format',
      `${fileName}: expected a GeoJSON FeatureCollection or Feature, found ${type}`,
      {
        file: fileName,
      },
    )
  }
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  const fileCrs = legacyCrsName(json)
  const isOsm = features.some(
    (feature) =>
      isObject(feature) &&
      osmIdOf(feature['id'], isObject(feature['properties']) ? feature['properties'] : {}) !== null,
  )
  const aliases = aliasMapFor(layer)
  const records: RawRecord[] = []
  const skipped = new Map<string, number>()
  features.forEach((feature, row) => {
    if (!isObject(feature) || feature['type'] !== 'Feature') {
      errors.push({ file: fileName, row, message: 'not a GeoJSON Feature' })
      return
    }
    const rawProperties = feature['properties']
    if (rawProperties !== null && rawProperties !== undefined && !isObject(rawProperties)) {
      errors.push({
        file: fileName,
        row,
        field: 'properties',
        message: 'properties must be an object or null',
      })
      return
    }
    const properties = rawProperties ?? {}
    const geometry = (feature['geometry'] ?? null) as Geometry | null
    const featureId =
      typeof feature['id'] === 'string' || typeof feature['id'] === 'number'
        ? feature['id']
        : undefined
    if (isOsm) {
      const mapped = mapOsmFeature(
        layer,
        osmIdOf(featureId, properties),
        properties,
        isObject(geometry) ? geometry : null,
      )
      if ('skip' in mapped) {
        skipped.set(mapped.skip, (skipped.get(mapped.skip) ?? 0) + 1)
        return
      }
      records.push({ row, featureId, properties: mapped.properties, geometry })
      return
    }
    records.push({ row, featureId, properties: canonicalProperties(properties, aliases), geometry })
  })
  for (const [reason, count] of [...skipped].sort((a, b) => a[0].localeCompare(b[0]))) {
    warnings.push({
      file: fileName,
      message: `OpenStreetMap: skipped ${count} feature(s): ${reason}`,
    })
  }
  return {
    format: 'geojson',
    records,
    encoding,
    isOsm,
    errors,
    warnings,
    ...(fileCrs ? { fileCrsName: fileCrs } : {}),
  }
}

/**
 * The CRS named by a GeoJSON 2008 `crs` member (QGIS and GDAL still write it), as `EPSG:<code>`,
 * or null when absent or WGS84 (`OGC:CRS84`, EPSG:4326).
 */
function legacyCrsName(json: Record<string, unknown>): string | null {
  const crs = json['crs']
  if (!isObject(crs) || !isObject(crs['properties'])) return null
  const name = crs['properties']['name']
  if (typeof name !== 'string') return null
  if (/CRS84$/i.test(name)) return null
  const code = /EPSG:{1,2}(\d+)$/i.exec(name)
  if (!code) return name
  return code[1] === '4326' ? null : `EPSG:${code[1]}`
}
