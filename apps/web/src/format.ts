/**
 * Locale-aware formatting through Intl. All inputs carry their unit in the name (metres, CNY).
 */
export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)
}

/** A share 0..1 as a percentage with one decimal. */
export function formatPercent(share: number | null | undefined, locale: string): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share)
}

/** Metres as "850 m" below 1 km, otherwise "3.4 km" (localised unit names). */
export function formatDistance(meters: number | null | undefined, locale: string): string {
  if (meters === null || meters === undefined || !Number.isFinite(meters)) return '–'
  if (Math.abs(meters) < 1000) {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'meter',
      maximumFractionDigits: 0,
    }).format(meters)
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'kilometer',
    maximumFractionDigits: meters < 10_000 ? 1 : 0,
  }).format(meters / 1000)
}

/** CNY amounts, compact for large values (zh: "¥1,234万", en: "CN¥12M"). */
export function formatCost(cny: number | null | undefined, locale: string): string {
  if (cny === null || cny === undefined || !Number.isFinite(cny)) return '–'
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    notation: Math.abs(cny) >= 100_000 ? 'compact' : 'standard',
    minimumFractionDigits: 0,
    maximumFractionDigits: Math.abs(cny) >= 100_000 ? 2 : 0,
  }).format(cny)
}

export function formatDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(
    date,
  )
}

/** Metres always in metres (elevations): "1,450 m" / "1,450米". */
export function formatMeters(meters: number | null | undefined, locale: string): string {
  if (meters === null || meters === undefined || !Number.isFinite(meters)) return '–'
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'meter',
    maximumFractionDigits: 0,
  }).format(meters)
}
