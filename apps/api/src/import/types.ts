import type { Geometry } from 'geojson'
import type { ImportLayer, ValidationIssue } from '@tongcun/domain'
import type { ImportFeature } from '../db/queries/write'

/** File formats the importer reads. */
export type ImportFormat = 'geojson' | 'csv' | 'xlsx' | 'shapefile'

/** Text encodings accepted for CSV and DBF text. */
export type TextEncoding = 'utf8' | 'gbk'

/** A domain feature of any import layer, as handed to `insertFeatures` (defined beside it). */
export type { ImportFeature }

/** One record read from a file, before layer validation; coordinates still in the source CRS. */
export interface RawRecord {
  /** Row as reported: 1-based data row (CSV/XLSX) or 0-based feature index (GeoJSON/Shapefile). */
  row: number
  /** GeoJSON `Feature.id`, when present. */
  featureId?: string | number
  /** Attributes with canonical snake_case names where an alias matched, original names otherwise. */
  properties: Record<string, unknown>
  geometry: Geometry | null
}

/** What a reader returns: records plus file-level and row-level problems. */
export interface ReadResult {
  format: ImportFormat
  records: RawRecord[]
  /** Text encoding used (CSV, XLSX text is always Unicode, DBF), for the report. */
  encoding?: string
  /** CRS found in the file itself (shapefile .prj), overriding the declared one. */
  fileCrs?: string
  /** CRS named inside the file (GeoJSON 2008 `crs` member), e.g. `EPSG:4547`. */
  fileCrsName?: string
  /** True when the file looks like an OpenStreetMap extract (osm ids / tags). */
  isOsm: boolean
  errors: ValidationIssue[]
  warnings: ValidationIssue[]
}

/** Options for one import. */
export interface ImportOptions {
  layer: string
  /** File name as given by the user (format is detected from its extension and the bytes). */
  fileName: string
  bytes: Uint8Array
  /** Declared source CRS name (default `WGS84`); a shapefile's .prj wins over it. */
  crs?: string
  /** Text encoding of CSV/DBF; detected when absent (UTF-8 if valid, else GBK). */
  encoding?: string
  /** XLSX sheet name (default: the first sheet). */
  sheet?: string
  /** Validate and insert inside a transaction that is then rolled back. */
  dryRun?: boolean
  /**
   * Parent admin code under which records without a statistical code (e.g. OpenStreetMap places) get
   * generated codes, in file order: a township code for villages, any higher unit for admin units.
   */
  assignCodesUnder?: string
}

/** The import report: what was read, what was written, and every problem found. */
export interface ImportReport {
  file: string
  layer: string
  format: ImportFormat | 'unknown'
  /** Source CRS id as resolved (e.g. `WGS84`, `GCJ02`, `EPSG:4547`, `PRJ:<name>`). */
  crs: string
  encoding?: string
  /** Records read from the file. */
  features: number
  /** Rows written (0 unless `status` is `committed`). */
  inserted: number
  status: 'committed' | 'rejected' | 'dry-run'
  errors: ValidationIssue[]
  warnings: ValidationIssue[]
}

/** Result of parsing and validating a file for one layer, with no database involved. */
export interface ParsedImport {
  layer: ImportLayer
  format: ImportFormat | 'unknown'
  crs: string
  encoding?: string
  features: ImportFeature[]
  /** Record row for each feature (same order as `features`), for DB-side issue reports. */
  rows: number[]
  recordCount: number
  errors: ValidationIssue[]
  warnings: ValidationIssue[]
}
