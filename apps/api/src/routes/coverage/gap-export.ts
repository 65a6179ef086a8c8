/**
 * Gap list exports: CSV (UTF-8 with BOM so Excel opens Chinese correctly), XLSX (exceljs) and
 * GeoJSON. Chinese headers first; CSV and XLSX carry the English headers in a second header row
 * (`lang=zh`, default) or English only (`lang=en`).
 */
import type { CoverageNetwork, CoverageStatus } from '@tongcun/domain'
import type { GapRow } from '@tongcun/coverage'

const NETWORK_ZH: Record<CoverageNetwork, string> = {
  road: '道路',
  bus: '客运',
  water: '供水',
  power: '供电',
  broadband: '宽带',
}
const STATUS_ZH: Record<CoverageStatus, string> = {
  covered: '已覆盖',
  gap: '未覆盖',
  'covered-when-planned': '规划建成后覆盖',
  'not-assessed': '不评估',
}

interface Column {
  zh: string
  en: string
  value(row: GapRow, lang: 'zh' | 'en'): string | number | null
}

const COLUMNS: Column[] = [
  { zh: '村代码', en: 'Village code', value: (r) => r.code },
  { zh: '村名', en: 'Village', value: (r) => r.name },
  { zh: '乡镇代码', en: 'Township code', value: (r) => r.township_code },
  {
    zh: '网络',
    en: 'Network',
    value: (r, lang) => (lang === 'zh' ? NETWORK_ZH[r.network] : r.network),
  },
  {
    zh: '状态',
    en: 'Status',
    value: (r, lang) => (lang === 'zh' ? STATUS_ZH[r.status] : r.status),
  },
  { zh: '原因', en: 'Reason', value: (r, lang) => (lang === 'zh' ? r.reasonZh : r.reason) },
  { zh: '距离(米)', en: 'Distance (m)', value: (r) => r.distanceM },
  { zh: '沿路网距离(米)', en: 'Along-network distance (m)', value: (r) => r.networkDistanceM },
  { zh: '最近设施', en: 'Nearest feature', value: (r) => r.nearestId },
  { zh: '缺口长度(米)', en: 'Gap length (m)', value: (r) => r.gapLengthM },
  { zh: '估算费用(元)', en: 'Estimated cost (CNY)', value: (r) => r.costToClose },
  { zh: '建成年份', en: 'Completion year', value: (r) => r.completionYear },
  { zh: '人口', en: 'Population', value: (r) => r.population },
  { zh: '贫困人口', en: 'Registered poor', value: (r) => r.poor_people },
  { zh: '经度', en: 'Longitude', value: (r) => r.position[0] },
  { zh: '纬度', en: 'Latitude', value: (r) => r.position[1] },
]

function csvCell(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV text with a UTF-8 BOM, CRLF line ends. */
export function formatGapCsv(rows: readonly GapRow[], lang: 'zh' | 'en'): string {
  const lines: string[] = []
  if (lang === 'zh') lines.push(COLUMNS.map((c) => csvCell(c.zh)).join(','))
  lines.push(COLUMNS.map((c) => csvCell(c.en)).join(','))
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(c.value(row, lang))).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** XLSX workbook bytes: one sheet 缺口清单 / Gaps, frozen header rows. */
export async function formatGapXlsx(rows: readonly GapRow[], lang: 'zh' | 'en'): Promise<Buffer> {
  // Loaded when a workbook is written: ExcelJS takes ~0.3 s to load, which other runs do without.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Tongcun'
  // Fixed dates keep the file reproducible.
  workbook.created = new Date(Date.UTC(2015, 10, 29))
  workbook.modified = workbook.created
  const sheet = workbook.addWorksheet(lang === 'zh' ? '缺口清单' : 'Gaps')
  const headerRows = lang === 'zh' ? 2 : 1
  if (lang === 'zh') sheet.addRow(COLUMNS.map((c) => c.zh))
  sheet.addRow(COLUMNS.map((c) => c.en))
  for (let i = 1; i <= headerRows; i++) sheet.getRow(i).font = { bold: true }
  for (const row of rows) sheet.addRow(COLUMNS.map((c) => c.value(row, lang)))
  sheet.views = [{ state: 'frozen', ySplit: headerRows }]
  COLUMNS.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.zh === '原因' ? 80 : 14
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
