/** Human-readable import report for the CLI (bilingual labels; messages are English). */
import type { ValidationIssue } from '@tongcun/domain'
import type { ImportReport } from './types'

/** One issue on one line: `row 3 · id 990102001003 · population: population "x" is not a number`. */
export function formatIssue(issue: ValidationIssue): string {
  const where = [
    issue.row !== undefined ? `row ${issue.row}` : null,
    issue.id !== undefined ? `id ${issue.id}` : null,
    issue.field !== undefined ? issue.field : null,
  ].filter((part): part is string => part !== null)
  return where.length > 0 ? `${where.join(' · ')}: ${issue.message}` : issue.message
}

const STATUS_LABEL: Record<ImportReport['status'], string> = {
  committed: 'committed 已导入',
  rejected: 'rejected 已拒绝',
  'dry-run': 'dry run 试运行 (nothing written 未写入)',
}

/**
 * Formats a report as text. At most `maxIssues` errors and warnings are listed each; the rest are counted.
 * Row numbers: 1-based data rows for CSV/XLSX (header excluded), 0-based feature index for GeoJSON/Shapefile.
 */
export function formatReport(report: ImportReport, maxIssues = 50): string {
  const lines: string[] = []
  const encoding = report.encoding ? `, ${report.encoding.toUpperCase()}` : ''
  lines.push(
    `Import 导入: ${report.layer} ← ${report.file} (${report.format}${encoding}, CRS ${report.crs})`,
  )
  lines.push(
    `Status 状态: ${STATUS_LABEL[report.status]} — ${report.features} record(s) read 读取, ${report.inserted} written 写入`,
  )
  const list = (title: string, issues: ValidationIssue[]) => {
    if (issues.length === 0) return
    lines.push(`${title} (${issues.length}):`)
    for (const issue of issues.slice(0, maxIssues)) lines.push(`  - ${formatIssue(issue)}`)
    if (issues.length > maxIssues)
      lines.push(`  … and ${issues.length - maxIssues} more (use --json for the full list)`)
  }
  list('Warnings 警告', report.warnings)
  list('Errors 错误', report.errors)
  if (report.status === 'rejected') {
    lines.push(
      'Nothing was written: the import is all or nothing. 未写入任何数据（导入要么全部成功，要么全部不写入）。',
    )
  }
  return lines.join('\n')
}
