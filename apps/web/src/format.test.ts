import { describe, expect, it } from 'vitest'
import {
  formatCost,
  formatDate,
  formatDistance,
  formatMeters,
  formatNumber,
  formatPercent,
} from './format'

describe('formatting', () => {
  it('formats numbers with locale grouping', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567')
    expect(formatNumber(null, 'en')).toBe('–')
    expect(formatNumber(3.14159, 'en', 2)).toBe('3.14')
  })

  it('formats shares as percentages', () => {
    expect(formatPercent(0.8765, 'en')).toBe('87.7%')
    expect(formatPercent(1, 'zh-CN')).toBe('100%')
    expect(formatPercent(undefined, 'en')).toBe('–')
  })

  it('shows metres below 1 km and kilometres above, in the locale', () => {
    expect(formatDistance(600, 'en')).toBe('600 m')
    expect(formatDistance(3400, 'en')).toBe('3.4 km')
    expect(formatDistance(3400, 'zh-CN')).toBe('3.4公里')
    expect(formatDistance(600, 'zh-CN')).toBe('600米')
    expect(formatDistance(25_400, 'en')).toBe('25 km')
    expect(formatDistance(Number.NaN, 'en')).toBe('–')
    expect(formatMeters(1450, 'en')).toBe('1,450 m')
    expect(formatMeters(1450, 'zh-CN')).toBe('1,450米')
  })

  it('formats CNY costs, compact when large', () => {
    expect(formatCost(12_000, 'en')).toBe('CN¥12,000')
    expect(formatCost(12_340_000, 'zh-CN')).toBe('¥1234万')
    expect(formatCost(12_340_000, 'en')).toBe('CN¥12.34M')
  })

  it('formats dates for the locale', () => {
    const date = new Date(Date.UTC(2026, 10, 23, 12))
    expect(formatDate(date, 'zh-CN')).toBe('2026年11月23日')
    expect(formatDate(date, 'en')).toBe('November 23, 2026')
  })
})
