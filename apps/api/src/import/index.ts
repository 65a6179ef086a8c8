export { importLayer } from './import-layer'
export { parseImport, detectFormat, isImportLayer } from './parse-import'
export { formatIssue, formatReport } from './format-report'
export type { ImportFormat, ImportOptions, ImportReport, ParsedImport, TextEncoding } from './types'
