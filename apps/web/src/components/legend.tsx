import { useTranslation } from 'react-i18next'
import type { LegendEntry } from '../map/layers/types'
import { buildLegend } from '../map/layer-catalog'
import { useLayerContext } from '../map/use-layer-context'
import { useAppState } from '../state/app-state'

export function LegendSwatch({ entry }: { entry: LegendEntry }) {
  const size = entry.size ?? 6
  if (entry.symbol === 'line') {
    return (
      <svg className="swatch" width="28" height="14" aria-hidden="true">
        <line
          x1="2"
          y1="7"
          x2="26"
          y2="7"
          stroke={entry.color}
          strokeWidth={Math.max(1, Math.min(size, 8))}
          strokeDasharray={entry.dashed ? '5 3' : undefined}
        />
      </svg>
    )
  }
  if (entry.symbol === 'circle') {
    const r = Math.max(3, Math.min(size, 12))
    return (
      <svg className="swatch" width={2 * r + 4} height={2 * r + 4} aria-hidden="true">
        <circle
          cx={r + 2}
          cy={r + 2}
          r={r}
          fill={entry.color}
          stroke={entry.strokeColor ?? '#ffffff'}
          strokeWidth={entry.strokeColor ? 2 : 1}
        />
      </svg>
    )
  }
  return (
    <svg className="swatch" width="22" height="14" aria-hidden="true">
      <rect
        x="1"
        y="1"
        width="20"
        height="12"
        fill={entry.color}
        fillOpacity={0.5}
        stroke={entry.color}
      />
    </svg>
  )
}

/** Always-visible legend for the active layers, from the same tables the layers are built from. */
export function Legend() {
  const { t } = useTranslation()
  const { state } = useAppState()
  const ctx = useLayerContext()
  const sections = buildLegend(state.visibility, ctx)
  return (
    <aside className="legend" data-testid="legend" aria-label={t('legend.title')}>
      <h2>{t('legend.title')}</h2>
      {sections.map((section) => (
        <section key={section.groupId} data-group={section.groupId}>
          <h3>
            {section.groupId === 'villages' && state.rulesetId
              ? t(`network.${state.network}`)
              : t(section.titleKey)}
          </h3>
          <ul>
            {section.entries.map((entry, i) => (
              <li key={`${entry.labelKey}-${i}`}>
                <LegendSwatch entry={entry} />
                <span>{t(entry.labelKey, entry.labelParams ?? {})}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  )
}
