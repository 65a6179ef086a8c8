/**
 * Typed errors raised by core code; `apps/api/src/errors/` maps each code to an HTTP status once.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'invalid-geometry'
  | 'invalid-crs'
  | 'empty-input'
  | 'import-failed'
  | 'unsupported-format'
  | 'invalid-ruleset'
  | 'invalid-problem'
  | 'village-not-found'
  | 'admin-not-found'
  | 'ruleset-not-found'
  | 'site-not-found'
  | 'job-not-found'
  | 'ruleset-conflict'
  | 'scenario-conflict'

/** One problem found while validating input: where it is and what is wrong. */
export interface ValidationIssue {
  /** File name as given by the user. */
  file?: string
  /** 1-based data row (CSV/XLSX, header excluded) or 0-based feature index (GeoJSON/Shapefile). */
  row?: number
  /** Feature id or code when known. */
  id?: string
  field?: string
  message: string
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}
