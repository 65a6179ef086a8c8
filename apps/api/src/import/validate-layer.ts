/**
 * Record → domain feature for each layer: coerces numbers, validates enums, codes, required fields,
 * duplicate ids, geometry type per layer and coordinate ranges, and converts coordinates to WGS84.
 * Every problem becomes a {@link ValidationIssue}; nothing is fixed silently.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import {
  ADMIN_CODE_DIGITS,
  ADMIN_LEVELS,
  FACILITY_KINDS,
  FACILITY_NETWORK,
  FEATURE_STATUSES,
  HAZARD_KINDS,
  ROAD_CLASSES,
  ROAD_SURFACES,
  SEVERITIES,
  SITE_STATUSES,
  SITE_TYPES,
  adminCodeAt,
  adminLevelOfCode,
  isWithinAdmin,
} from '@tongcun/domain'
import type { AdminLevel, ImportLayer, Network, ValidationIssue } from '@tongcun/domain'
import { mapGeometryPositions } from '@tongcun/spatial'
import { findOutOfRangePosition, findStructuralProblem, to2d } from './geometry-checks'
import { parseLooseNumber } from './read-table'
import type { ImportFeature, RawRecord } from './types'

/** Enum value aliases (Chinese and spelling variants) → domain values. Keys are lower-case. */
export const VALUE_ALIASES: Record<string, Record<string, string>> = {
  roadClass: {
    高速: 'expressway',
    高速公路: 'expressway',
    国道: 'national',
    省道: 'provincial',
    县道: 'county',
    乡道: 'township',
    村道: 'village',
    村级公路: 'village',
    专用公路: 'other',
    其他: 'other',
    其它: 'other',
  },
  surface: {
    沥青: 'asphalt',
    沥青路面: 'asphalt',
    水泥: 'cement',
    水泥路面: 'cement',
    混凝土: 'cement',
    concrete: 'cement',
    砂石: 'gravel',
    碎石: 'gravel',
    砂石路面: 'gravel',
    土: 'dirt',
    土路: 'dirt',
    泥结: 'dirt',
    土质: 'dirt',
    未知: 'unknown',
  },
  status: {
    现状: 'existing',
    已建: 'existing',
    现有: 'existing',
    在建: 'under-construction',
    规划: 'planned',
    拟建: 'planned',
  },
  siteStatus: {
    现状: 'existing',
    已建: 'existing',
    在建: 'under-construction',
    规划: 'planned',
    候选: 'candidate',
    备选: 'candidate',
  },
  siteType: {
    中心村: 'central-village',
    集镇: 'town',
    乡镇: 'town',
    县城: 'county-seat',
    产业园: 'industrial-park',
    产业园区: 'industrial-park',
    工业园区: 'industrial-park',
  },
  hazardKind: {
    地质灾害: 'geological',
    地灾: 'geological',
    洪水: 'flood',
    洪涝: 'flood',
    山洪: 'flood',
    生态保护红线: 'ecological-red-line',
    生态红线: 'ecological-red-line',
  },
  severity: {
    低: 'low',
    中: 'medium',
    高: 'high',
    低风险: 'low',
    中风险: 'medium',
    高风险: 'high',
  },
  facilityKind: {
    公交站: 'bus-stop',
    公交站点: 'bus-stop',
    客运站: 'bus-stop',
    招呼站: 'bus-stop',
    水厂: 'water-plant',
    变电站: 'substation',
    光交: 'olt',
    骨干节点: 'backbone-node',
    基站: 'cell-site',
  },
  level: {
    省: 'province',
    省级: 'province',
    市: 'city',
    地级市: 'city',
    州: 'city',
    市级: 'city',
    县: 'county',
    区: 'county',
    县级市: 'county',
    县级: 'county',
    乡: 'township',
    镇: 'township',
    街道: 'township',
    乡镇: 'township',
    乡级: 'township',
    村: 'village',
    行政村: 'village',
    社区: 'village',
    村级: 'village',
  },
  water: { 主管: 'main', 干管: 'main', 主管网: 'main', 支管: 'branch', 支线: 'branch' },
  power: {
    输电: 'transmission',
    输电线路: 'transmission',
    配电: 'distribution',
    配电线路: 'distribution',
  },
  broadband: { 骨干: 'backbone', 干线: 'backbone', 光纤: 'fibre', 光缆: 'fibre', fiber: 'fibre' },
  network: {
    道路: 'road',
    公路: 'road',
    交通: 'road',
    供水: 'water',
    水利: 'water',
    电力: 'power',
    供电: 'power',
    通信: 'broadband',
    宽带: 'broadband',
  },
}

const NETWORK_CLASSES: Record<Network, readonly string[]> = {
  road: ROAD_CLASSES,
  water: ['main', 'branch'],
  power: ['transmission', 'distribution'],
  broadband: ['backbone', 'fibre'],
}
const NETWORK_CLASS_ALIASES: Record<Network, Record<string, string>> = {
  road: VALUE_ALIASES['roadClass']!,
  water: VALUE_ALIASES['water']!,
  power: VALUE_ALIASES['power']!,
  broadband: VALUE_ALIASES['broadband']!,
}
const SERVICE_AREA_DEFAULT_KIND: Record<Network, string> = {
  road: 'bus-service',
  water: 'water-supply',
  power: 'power-supply',
  broadband: 'cell-coverage',
}

/** Properties a network layer reads: its lines' fields plus `kind` of its service areas. */
const NETWORK_FIELDS = [
  'id',
  'network',
  'name',
  'class',
  'surface',
  'voltage_kv',
  'status',
  'completion_year',
  'owner',
  'source',
  'kind',
] as const

/** Properties each layer reads; anything else is reported once as an ignored column. */
export const LAYER_FIELDS: Record<ImportLayer, readonly string[]> = {
  admin: [
    'code',
    'name',
    'name_en',
    'level',
    'parent_code',
    'valid_from',
    'valid_to',
    'replaced_by',
  ],
  villages: [
    'code',
    'name',
    'name_en',
    'township_code',
    'county_code',
    'city_code',
    'province_code',
    'population',
    'households',
    'poor_households',
    'poor_people',
    'poverty_causes',
    'elevation_m',
    'slope_deg',
    'land_per_person_mu',
    'income_per_person_cny',
    'flags',
  ],
  road: NETWORK_FIELDS,
  water: NETWORK_FIELDS,
  power: NETWORK_FIELDS,
  broadband: NETWORK_FIELDS,
  facilities: [
    'id',
    'network',
    'kind',
    'name',
    'radius_m',
    'status',
    'completion_year',
    'owner',
    'source',
  ],
  sites: [
    'id',
    'name',
    'type',
    'status',
    'capacity_households',
    'capacity_people',
    'facilities',
    'admin_code',
  ],
  hazards: ['id', 'kind', 'severity', 'name', 'source'],
}

const NETWORK_GEOMETRY = {
  types: ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
  optional: false,
  expected: 'LineString/MultiLineString (lines) or Polygon/MultiPolygon (service areas)',
}

/** Geometry types accepted per layer (null = no geometry allowed). */
const LAYER_GEOMETRY: Record<
  ImportLayer,
  { types: readonly string[]; optional: boolean; expected: string }
> = {
  admin: {
    types: ['Polygon', 'MultiPolygon'],
    optional: true,
    expected: 'Polygon, MultiPolygon or no geometry',
  },
  villages: { types: ['Point'], optional: false, expected: 'Point (the village seat)' },
  road: NETWORK_GEOMETRY,
  water: NETWORK_GEOMETRY,
  power: NETWORK_GEOMETRY,
  broadband: NETWORK_GEOMETRY,
  facilities: { types: ['Point'], optional: false, expected: 'Point' },
  sites: { types: ['Point'], optional: false, expected: 'Point' },
  hazards: {
    types: ['Polygon', 'MultiPolygon'],
    optional: false,
    expected: 'Polygon or MultiPolygon',
  },
}

export interface NormalizeContext {
  layer: ImportLayer
  fileName: string
  /** Converts one source position to WGS84. */
  toWgs84: (position: Position) => Position
  isOsm: boolean
  assignCodesUnder?: string
}

export interface NormalizeResult {
  features: ImportFeature[]
  rows: number[]
  errors: ValidationIssue[]
  warnings: ValidationIssue[]
}

const CODE_PATTERN = /^\d{12}$/

/** 12-digit code from a value; 2/4/6/9-digit significant prefixes are zero-padded. Null when blank. */
export function normalizeAdminCode(value: unknown): { code: string | null; problem?: string } {
  if (value === null || value === undefined || value === '') return { code: null }
  const text =
    typeof value === 'number'
      ? Number.isInteger(value)
        ? String(value)
        : String(value)
      : String(value).trim()
  if (CODE_PATTERN.test(text)) return { code: text }
  if (/^\d+$/.test(text) && [2, 4, 6, 9].includes(text.length))
    return { code: text.padEnd(12, '0') }
  const hint = /e\+/i.test(text)
    ? '; a spreadsheet turned it into scientific notation: format the column as text'
    : ''
  return {
    code: null,
    problem: `"${text}" is not a 12-digit statistical code (2/4/6/9-digit prefixes are also accepted)${hint}`,
  }
}

const normalizeEnumText = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-')

/** Reads and checks the fields of one record; collects issues. */
class FieldReader {
  id: string | undefined
  constructor(
    private readonly record: RawRecord,
    private readonly fileName: string,
    private readonly issues: ValidationIssue[],
  ) {}

  private raw(field: string): unknown {
    const value = this.record.properties[field]
    if (value === undefined || value === null) return null
    if (typeof value === 'string' && value.trim() === '') return null
    return value
  }

  fail(field: string | undefined, message: string): void {
    this.issues.push({
      file: this.fileName,
      row: this.record.row,
      ...(this.id !== undefined ? { id: this.id } : {}),
      ...(field !== undefined ? { field } : {}),
      message,
    })
  }

  has(field: string): boolean {
    return this.raw(field) !== null
  }

  text(field: string, required = false): string | null {
    const value = this.raw(field)
    if (value === null) {
      if (required) this.fail(field, `${field} is required`)
      return null
    }
    if (typeof value === 'object') {
      this.fail(field, `${field} must be text, not ${JSON.stringify(value)}`)
      return null
    }
    return String(value).trim()
  }

  number(
    field: string,
    options: {
      integer?: boolean
      min?: number
      max?: number
      required?: boolean
      unit?: RegExp
    } = {},
  ): number | null {
    const value = this.raw(field)
    if (value === null) {
      if (options.required) this.fail(field, `${field} is required`)
      return null
    }
    const unit = options.unit && typeof value === 'string' ? options.unit.exec(value.trim()) : null
    const parsed = parseLooseNumber(unit ? unit[1] : value)
    if (!Number.isFinite(parsed)) {
      this.fail(field, `${field} "${String(value)}" is not a number`)
      return null
    }
    if (options.integer && !Number.isInteger(parsed)) {
      this.fail(field, `${field} ${parsed} is not a whole number`)
      return null
    }
    if (options.min !== undefined && parsed < options.min) {
      this.fail(field, `${field} ${parsed} is below the minimum ${options.min}`)
      return null
    }
    if (options.max !== undefined && parsed > options.max) {
      this.fail(field, `${field} ${parsed} is above the maximum ${options.max}`)
      return null
    }
    return parsed
  }

  count(field: string): number | null {
    return this.number(field, { integer: true, min: 0 })
  }

  oneOf<T extends string>(
    field: string,
    allowed: readonly T[],
    aliases: Record<string, string> = {},
    fallback?: T,
  ): T | null {
    const value = this.text(field)
    if (value === null) {
      if (fallback !== undefined) return fallback
      this.fail(field, `${field} is required (one of ${allowed.join(', ')})`)
      return null
    }
    const key = normalizeEnumText(value)
    const resolved = (aliases[value.trim()] ?? aliases[key] ?? key) as T
    if (allowed.includes(resolved)) return resolved
    this.fail(field, `unknown ${field} "${value}" (expected one of ${allowed.join(', ')})`)
    return null
  }

  code(field: string, required: boolean): string | null {
    const value = this.raw(field)
    const { code, problem } = normalizeAdminCode(value)
    if (problem) {
      this.fail(field, `${field} ${problem}`)
      return null
    }
    if (code === null && required) this.fail(field, `${field} is required`)
    return code
  }

  list(field: string): string[] {
    const value = this.raw(field)
    if (value === null) return []
    if (Array.isArray(value))
      return value.map((item) => String(item).trim()).filter((item) => item !== '')
    return String(value)
      .split(/[,;，；、|]/)
      .map((item) => item.trim())
      .filter((item) => item !== '')
  }

  year(field: string): number | null {
    return this.number(field, { integer: true, min: 1900, max: 2100 })
  }

  date(field: string): string | null {
    const value = this.text(field)
    if (value === null) return null
    const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value)
    if (!match) {
      this.fail(field, `${field} "${value}" is not a date (YYYY-MM-DD)`)
      return null
    }
    const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`
    const parsed = new Date(`${iso}T00:00:00Z`)
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
      this.fail(field, `${field} "${value}" is not a valid calendar date`)
      return null
    }
    return iso
  }
}

const levelAbove = (level: AdminLevel): AdminLevel | null => {
  const index = ADMIN_LEVELS.indexOf(level)
  return index > 0 ? ADMIN_LEVELS[index - 1]! : null
}

/** Code of the nearest existing ancestor: e.g. a county's city (or the province for province-run counties). */
function defaultParentCode(code: string, level: AdminLevel): string | null {
  let above = levelAbove(level)
  while (above) {
    const candidate = adminCodeAt(code, above)
    if (candidate !== code) return candidate
    above = levelAbove(above)
  }
  return null
}

/** Generates codes under a parent unit, in file order. */
class CodeAssigner {
  private next = 1
  readonly childLevel: AdminLevel
  readonly assigned: string[] = []
  constructor(readonly parent: string) {
    const level = adminLevelOfCode(parent)
    const index = ADMIN_LEVELS.indexOf(level)
    this.childLevel = ADMIN_LEVELS[index + 1]!
  }
  take(): string | null {
    const prefix = this.parent.slice(0, ADMIN_CODE_DIGITS[adminLevelOfCode(this.parent)])
    const width = ADMIN_CODE_DIGITS[this.childLevel] - prefix.length
    if (this.next >= 10 ** width) return null
    const code = (prefix + String(this.next).padStart(width, '0')).padEnd(12, '0')
    this.next += 1
    this.assigned.push(code)
    return code
  }
}

function describeGeometryType(geometry: unknown): string {
  return typeof geometry === 'object' && geometry !== null
    ? String((geometry as { type?: unknown }).type)
    : 'no geometry'
}

/**
 * Validates and converts records of one layer. Rows with any error produce no feature; the caller
 * rejects the whole import when `errors` is non-empty.
 */
export function normalizeRecords(records: RawRecord[], context: NormalizeContext): NormalizeResult {
  const { layer, fileName } = context
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  const features: ImportFeature[] = []
  const rows: number[] = []
  const seenKeys = new Map<string, number>()
  const geometryRule = LAYER_GEOMETRY[layer]
  const isCoded = layer === 'admin' || layer === 'villages'

  let assigner: CodeAssigner | null = null
  if (context.assignCodesUnder !== undefined) {
    const { code, problem } = normalizeAdminCode(context.assignCodesUnder)
    if (!code || problem || !isCoded) {
      errors.push({
        file: fileName,
        field: 'assign-codes',
        message: !isCoded
          ? `--assign-codes applies to the admin and villages layers only`
          : `--assign-codes ${problem ?? 'needs a parent code'}`,
      })
    } else if (adminLevelOfCode(code) === 'village') {
      errors.push({
        file: fileName,
        field: 'assign-codes',
        message: `--assign-codes ${code} is a village code; give its township`,
      })
    } else if (layer === 'villages' && adminLevelOfCode(code) !== 'township') {
      errors.push({
        file: fileName,
        field: 'assign-codes',
        message: `--assign-codes ${code} must be a township code for villages`,
      })
    } else {
      assigner = new CodeAssigner(code)
    }
  }

  // Ignored columns: reported once, not per row (OSM tags are mapped explicitly and never reported).
  if (!context.isOsm) {
    const known = new Set(LAYER_FIELDS[layer])
    const ignored = new Set<string>()
    for (const record of records) {
      for (const [key, value] of Object.entries(record.properties)) {
        if (!known.has(key) && value !== null && value !== undefined && value !== '')
          ignored.add(key)
      }
    }
    ignored.delete('id')
    if (ignored.size > 0) {
      warnings.push({
        file: fileName,
        message: `ignored column(s)/properties not used by the ${layer} layer: ${[...ignored].sort().join(', ')}`,
      })
    }
  }

  const missingIds =
    !isCoded &&
    records.every((record) => record.properties['id'] == null && record.featureId === undefined)
  if (missingIds && records.length > 0) {
    const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
    warnings.push({
      file: fileName,
      field: 'id',
      message: `no ids in the file: generated ${layer}:${stem}:<row>`,
    })
  }

  for (const record of records) {
    const issues: ValidationIssue[] = []
    const read = new FieldReader(record, fileName, issues)

    // --- identity
    let key: string | null = null
    if (isCoded) {
      let code = read.code('code', assigner === null)
      if (code === null && assigner && !read.has('code')) {
        code = assigner.take()
        if (code === null)
          read.fail(
            'code',
            `--assign-codes ${assigner.parent}: no codes left at level ${assigner.childLevel}`,
          )
      }
      if (code) read.id = code
      key = code
    } else {
      const rawId = record.properties['id'] ?? record.featureId
      if (rawId !== undefined && rawId !== null && String(rawId).trim() !== '') {
        key = String(rawId).trim()
      } else if (missingIds) {
        const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
        key = `${layer}:${stem}:${record.row}`
      } else {
        read.fail('id', 'id is required (other features in this file have one)')
      }
      if (key !== null) read.id = key
    }
    if (key !== null) {
      const previous = seenKeys.get(key)
      if (previous !== undefined) {
        read.fail(
          isCoded ? 'code' : 'id',
          `duplicate ${isCoded ? 'code' : 'id'} ${key} (first at row ${previous})`,
        )
      } else {
        seenKeys.set(key, record.row)
      }
    }

    // --- geometry
    let geometry: Geometry | null = null
    if (record.geometry === null || record.geometry === undefined) {
      if (!geometryRule.optional)
        read.fail('geometry', `geometry is missing (expected ${geometryRule.expected})`)
    } else {
      const problem = findStructuralProblem(record.geometry)
      const type = describeGeometryType(record.geometry)
      if (problem) {
        read.fail('geometry', `invalid geometry: ${problem}`)
      } else if (!geometryRule.types.includes(type)) {
        read.fail(
          'geometry',
          `${type} is not accepted in the ${layer} layer (expected ${geometryRule.expected})`,
        )
      } else {
        const converted = mapGeometryPositions(record.geometry, (position) =>
          to2d(context.toWgs84(position)),
        )
        const outside = findOutOfRangePosition(converted)
        if (outside) {
          const [lng, lat] = outside.position
          read.fail(
            outside.axis,
            outside.axis === 'lat'
              ? `latitude ${lat} is out of range [-90, 90] (position ${JSON.stringify(outside.position)})`
              : `longitude ${lng} is out of range [-180, 180] (position ${JSON.stringify(outside.position)})`,
          )
        } else {
          geometry = converted
        }
      }
    }

    const feature = buildFeature(layer, read, key, geometry, record, assigner)
    if (issues.length > 0 || feature === null) {
      errors.push(...issues)
      continue
    }
    features.push(feature)
    rows.push(record.row)
  }
  if (assigner && assigner.assigned.length > 0) {
    warnings.push({
      file: fileName,
      field: 'code',
      message: `assigned ${assigner.assigned.length} code(s) under ${assigner.parent}: ${assigner.assigned[0]} … ${assigner.assigned[assigner.assigned.length - 1]}`,
    })
  }
  return { features, rows, errors, warnings }
}

function buildFeature(
  layer: ImportLayer,
  read: FieldReader,
  key: string | null,
  geometry: Geometry | null,
  record: RawRecord,
  assigner: CodeAssigner | null,
): ImportFeature | null {
  switch (layer) {
    case 'admin': {
      const name = read.text('name', true)
      if (key === null) return null
      const codeLevel = adminLevelOfCode(key)
      const level = read.has('level')
        ? read.oneOf('level', ADMIN_LEVELS, VALUE_ALIASES['level'])
        : codeLevel
      if (level && level !== codeLevel)
        read.fail(
          'level',
          `level ${level} does not match code ${key}, which is a ${codeLevel} code`,
        )
      let parentCode = read.code('parent_code', false)
      if (parentCode === null && !read.has('parent_code')) {
        parentCode =
          assigner &&
          key.startsWith(
            assigner.parent.slice(0, ADMIN_CODE_DIGITS[adminLevelOfCode(assigner.parent)]),
          ) &&
          !record.properties['code']
            ? assigner.parent
            : defaultParentCode(key, codeLevel)
      } else if (parentCode !== null) {
        const parentLevel = adminLevelOfCode(parentCode)
        if (
          ADMIN_LEVELS.indexOf(parentLevel) >= ADMIN_LEVELS.indexOf(codeLevel) ||
          !isWithinAdmin(key, parentCode)
        ) {
          read.fail('parent_code', `code ${key} is not under parent_code ${parentCode}`)
        }
      }
      const validFrom = read.date('valid_from')
      const validTo = read.date('valid_to')
      if (validFrom && validTo && validTo < validFrom)
        read.fail('valid_to', `valid_to ${validTo} is before valid_from ${validFrom}`)
      const replacedBy = read.code('replaced_by', false)
      if (!name) return null
      return {
        type: 'Feature',
        geometry: geometry as AdminGeometry,
        properties: {
          code: key,
          name,
          name_en: read.text('name_en'),
          level: codeLevel,
          parent_code: parentCode,
          valid_from: validFrom,
          valid_to: validTo,
          replaced_by: replacedBy,
        },
      }
    }
    case 'villages': {
      const name = read.text('name', true)
      if (key === null) return null
      const codeLevel = adminLevelOfCode(key)
      if (codeLevel !== 'village') {
        read.fail(
          'code',
          `code ${key} is a ${codeLevel} code, not a village code (the last 3 digits must not be 000)`,
        )
        return null
      }
      const derived = (field: string, level: AdminLevel): string => {
        const expected = adminCodeAt(key, level)
        const given = read.code(field, false)
        if (given !== null && given !== expected) {
          read.fail(
            field,
            `village code ${key} is not under ${field} ${given} (its prefix gives ${expected})`,
          )
        }
        return expected
      }
      const townshipCode = derived('township_code', 'township')
      const countyCode = derived('county_code', 'county')
      const cityCode = derived('city_code', 'city')
      const provinceCode = derived('province_code', 'province')
      const population = read.count('population')
      const households = read.count('households')
      const poorHouseholds = read.count('poor_households')
      const poorPeople = read.count('poor_people')
      if (population !== null && poorPeople !== null && poorPeople > population) {
        read.fail('poor_people', `poor_people ${poorPeople} exceeds population ${population}`)
      }
      if (households !== null && poorHouseholds !== null && poorHouseholds > households) {
        read.fail(
          'poor_households',
          `poor_households ${poorHouseholds} exceeds households ${households}`,
        )
      }
      const properties = {
        code: key,
        name: name ?? '',
        name_en: read.text('name_en'),
        township_code: townshipCode,
        county_code: countyCode,
        city_code: cityCode,
        province_code: provinceCode,
        population,
        households,
        poor_households: poorHouseholds,
        poor_people: poorPeople,
        poverty_causes: read.list('poverty_causes'),
        elevation_m: read.number('elevation_m', { min: -500, max: 9000 }),
        slope_deg: read.number('slope_deg', { min: 0, max: 90 }),
        land_per_person_mu: read.number('land_per_person_mu', { min: 0 }),
        income_per_person_cny: read.number('income_per_person_cny', { min: 0 }),
        flags: read.list('flags'),
      }
      if (!name || geometry?.type !== 'Point') return null
      return { type: 'Feature', geometry, properties }
    }
    case 'road':
    case 'water':
    case 'power':
    case 'broadband': {
      const network: Network = layer
      if (read.has('network')) {
        const given = read.oneOf(
          'network',
          ['road', 'water', 'power', 'broadband'] as const,
          VALUE_ALIASES['network'],
        )
        if (given && given !== network)
          read.fail('network', `network ${given} does not match the ${layer} layer`)
      }
      const status = read.oneOf('status', FEATURE_STATUSES, VALUE_ALIASES['status'], 'existing')
      const completionYear = read.year('completion_year')
      const common = {
        id: key ?? '',
        network,
        name: read.text('name'),
        status: status ?? 'existing',
        completion_year: completionYear,
        owner: read.text('owner'),
        source: read.text('source'),
      }
      const isArea = geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon'
      if (isArea) {
        const kind = read.text('kind') ?? SERVICE_AREA_DEFAULT_KIND[network]
        if (key === null || status === null || !geometry) return null
        return { type: 'Feature', geometry, properties: { ...common, kind } } as ImportFeature
      }
      let voltageKv: number | null = null
      if (network === 'power')
        voltageKv = read.number('voltage_kv', {
          min: 0.1,
          max: 1500,
          unit: /^([\d.]+)\s*(?:kv|千伏)$/i,
        })
      let lineClass: string | null
      if (network === 'power' && !read.has('class') && voltageKv !== null) {
        lineClass = voltageKv >= 35 ? 'transmission' : 'distribution'
      } else {
        lineClass = read.oneOf('class', NETWORK_CLASSES[network], NETWORK_CLASS_ALIASES[network])
      }
      const surface =
        network === 'road'
          ? read.oneOf('surface', ROAD_SURFACES, VALUE_ALIASES['surface'], 'unknown')
          : null
      if (key === null || lineClass === null || status === null || !geometry) return null
      if (geometry.type !== 'LineString' && geometry.type !== 'MultiLineString') return null
      return {
        type: 'Feature',
        geometry,
        properties: {
          ...common,
          class: lineClass,
          surface: network === 'road' ? surface : null,
          voltage_kv: voltageKv,
        },
      }
    }
    case 'facilities': {
      const kind = read.oneOf('kind', FACILITY_KINDS, VALUE_ALIASES['facilityKind'])
      const network = kind ? FACILITY_NETWORK[kind] : null
      if (kind && read.has('network')) {
        const given = read.oneOf(
          'network',
          ['road', 'water', 'power', 'broadband'] as const,
          VALUE_ALIASES['network'],
        )
        if (given && given !== network)
          read.fail('network', `network ${given} does not match kind ${kind} (${network})`)
      }
      const radius = read.number('radius_m', { min: 0, max: 100_000 })
      const status = read.oneOf('status', FEATURE_STATUSES, VALUE_ALIASES['status'], 'existing')
      const properties = {
        id: key ?? '',
        network: network ?? 'road',
        kind: kind ?? 'bus-stop',
        name: read.text('name'),
        radius_m: radius,
        status: status ?? 'existing',
        completion_year: read.year('completion_year'),
        owner: read.text('owner'),
        source: read.text('source'),
      }
      if (key === null || kind === null || status === null || geometry?.type !== 'Point')
        return null
      return { type: 'Feature', geometry, properties }
    }
    case 'sites': {
      const name = read.text('name', true)
      const type = read.oneOf('type', SITE_TYPES, VALUE_ALIASES['siteType'])
      const status = read.oneOf('status', SITE_STATUSES, VALUE_ALIASES['siteStatus'], 'candidate')
      const properties = {
        id: key ?? '',
        name: name ?? '',
        type: type ?? 'town',
        status: status ?? 'candidate',
        capacity_households: read.count('capacity_households'),
        capacity_people: read.count('capacity_people'),
        facilities: read.list('facilities'),
        admin_code: read.code('admin_code', false),
      }
      if (key === null || !name || type === null || status === null || geometry?.type !== 'Point')
        return null
      return { type: 'Feature', geometry, properties }
    }
    case 'hazards': {
      const kind = read.oneOf('kind', HAZARD_KINDS, VALUE_ALIASES['hazardKind'])
      const severity = read.oneOf('severity', SEVERITIES, VALUE_ALIASES['severity'])
      const properties = {
        id: key ?? '',
        kind: kind ?? 'geological',
        severity: severity ?? 'medium',
        name: read.text('name'),
        source: read.text('source'),
      }
      if (key === null || kind === null || severity === null) return null
      if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') return null
      return { type: 'Feature', geometry, properties }
    }
  }
}

type AdminGeometry = Polygon | MultiPolygon | null
