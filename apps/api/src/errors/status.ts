/** The one table from error code to HTTP status and problem title (STYLE §6). */
import type { ErrorCode } from '@tongcun/domain'

export const ERROR_STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  'invalid-geometry': 422,
  'invalid-crs': 422,
  'empty-input': 422,
  'import-failed': 422,
  'unsupported-format': 415,
  'invalid-ruleset': 422,
  'invalid-problem': 422,
  'village-not-found': 404,
  'admin-not-found': 404,
  'ruleset-not-found': 404,
  'site-not-found': 404,
  'job-not-found': 404,
  'ruleset-conflict': 409,
  'scenario-conflict': 409,
}

export const ERROR_TITLES: Record<ErrorCode, string> = {
  'invalid-input': 'Invalid input',
  'invalid-geometry': 'Invalid geometry',
  'invalid-crs': 'Invalid coordinate reference system',
  'empty-input': 'Empty input',
  'import-failed': 'Import failed',
  'unsupported-format': 'Unsupported format',
  'invalid-ruleset': 'Invalid ruleset',
  'invalid-problem': 'Invalid problem',
  'village-not-found': 'Village not found',
  'admin-not-found': 'Administrative unit not found',
  'ruleset-not-found': 'Ruleset not found',
  'site-not-found': 'Site not found',
  'job-not-found': 'Job not found',
  'ruleset-conflict': 'Ruleset conflict',
  'scenario-conflict': 'Scenario conflict',
}
