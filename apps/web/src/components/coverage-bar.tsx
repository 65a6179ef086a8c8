import { formatPercent } from '../format'

/** Horizontal bar: share covered (green) of 100%. */
export function CoverageBar({
  label,
  share,
  locale,
}: {
  label: string
  share: number | null
  locale: string
}) {
  const width = share === null ? 0 : Math.max(0, Math.min(1, share)) * 100
  return (
    <div className="coverage-bar" data-share={share ?? ''}>
      <span className="coverage-bar-label">{label}</span>
      <span
        className="coverage-bar-track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={share ?? 0}
        aria-label={label}
      >
        <span className="coverage-bar-fill" style={{ width: `${width}%` }} />
      </span>
      <span className="coverage-bar-value">{formatPercent(share, locale)}</span>
    </div>
  )
}
