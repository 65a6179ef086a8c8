import { COVERAGE_NETWORKS, RELOCATION_DECISIONS, type RelocationDecision } from '@tongcun/domain'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  fetchRelocationCandidates,
  fetchVillage,
  fetchVillageCoverage,
  putDecision,
} from '../../api/endpoints'
import { useApi } from '../../api/use-api'
import { ProblemView } from '../../components/problem-view'
import { formatCost, formatDistance, formatMeters, formatNumber } from '../../format'
import { useAppState } from '../../state/app-state'

/** Everything about one village: attributes, per-network status with the reason, relocation. */
export function VillageCard({ code }: { code: string }) {
  const { t, i18n } = useTranslation()
  const { state, dispatch } = useAppState()
  const village = useApi(`village:${code}`, (signal) => fetchVillage(code, signal))
  if (village.error) throw village.error
  const coverageKey = state.rulesetId ? `vcov:${code}:${state.rulesetId}` : null
  const coverage = useApi(coverageKey, (signal) =>
    fetchVillageCoverage(code, state.rulesetId!, signal),
  )
  const relocationKey = state.rulesetId ? `reloc:${code}:${state.rulesetId}` : null
  const relocation = useApi(relocationKey, async (signal) => {
    const list = await fetchRelocationCandidates(code, state.rulesetId!, signal)
    return list.find((item) => item.code === code) ?? null
  })
  const [decision, setDecision] = useState<{
    value: RelocationDecision
    saved: boolean
    error: unknown
  } | null>(null)

  const p = village.data?.properties
  const locale = state.locale
  const isZh = i18n.language.startsWith('zh')
  const row = (label: string, value: string | number | null | undefined) =>
    value === null || value === undefined || value === '' ? null : (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    )

  return (
    <section
      className="panel village-card"
      data-testid="village-card"
      aria-label={t('village.title')}
    >
      <header>
        <h2>{p?.name ?? code}</h2>
        <button
          type="button"
          className="close"
          aria-label={t('app.close')}
          onClick={() => dispatch({ type: 'select-village', code: null })}
        >
          ×
        </button>
      </header>
      {p ? (
        <dl className="stats">
          {row(t('village.code'), p.code)}
          {row(t('village.population'), formatNumber(p.population, locale))}
          {row(t('village.households'), formatNumber(p.households, locale))}
          {row(t('village.poorHouseholds'), formatNumber(p.poor_households, locale))}
          {row(t('village.poorPeople'), formatNumber(p.poor_people, locale))}
          {row(t('village.povertyCauses'), p.poverty_causes?.join(t('app.listSeparator')))}
          {row(
            t('village.elevation'),
            p.elevation_m === null ? null : formatMeters(p.elevation_m, locale),
          )}
          {row(
            t('village.slope'),
            p.slope_deg === null
              ? null
              : t('village.degrees', { value: formatNumber(p.slope_deg, locale, 1) }),
          )}
          {row(
            t('village.landPerPerson'),
            p.land_per_person_mu === null
              ? null
              : t('village.mu', { value: formatNumber(p.land_per_person_mu, locale, 2) }),
          )}
          {row(
            t('village.income'),
            p.income_per_person_cny === null ? null : formatCost(p.income_per_person_cny, locale),
          )}
          {row(t('village.flags'), p.flags?.join(t('app.listSeparator')))}
        </dl>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
      <h3>{t('village.coverage')}</h3>
      {coverage.error ? <ProblemView error={coverage.error} /> : null}
      {coverage.data ? (
        <>
          <p className={coverage.data.properties.fullyCovered ? 'badge ok' : 'badge warn'}>
            {t('village.fullyCovered')}: {coverage.data.properties.fullyCovered ? '✓' : '✗'}
          </p>
          <ul className="coverage-list">
            {COVERAGE_NETWORKS.map((network) => {
              const result = coverage.data?.properties.coverage?.[network]
              if (!result) return null
              return (
                <li key={network} data-network={network} data-status={result.status}>
                  <div className="coverage-head">
                    <span className={`status-dot status-${result.status}`} />
                    <strong>{t(`network.${network}`)}</strong>
                    <span>
                      {result.status === 'covered-when-planned' && result.completionYear
                        ? t('status.coveredWhenPlannedYear', { year: result.completionYear })
                        : t(`status.${result.status}`, { defaultValue: result.status })}
                    </span>
                  </div>
                  {(
                    isZh ? (result.reasonZh ?? result.reason) : (result.reason ?? result.reasonZh)
                  ) ? (
                    <p className="reason" data-testid="coverage-reason">
                      {isZh
                        ? (result.reasonZh ?? result.reason)
                        : (result.reason ?? result.reasonZh)}
                    </p>
                  ) : null}
                  <dl className="stats small">
                    {row(
                      t('village.distance'),
                      result.distanceM == null ? null : formatDistance(result.distanceM, locale),
                    )}
                    {row(
                      t('village.networkDistance'),
                      result.networkDistanceM == null
                        ? null
                        : formatDistance(result.networkDistanceM, locale),
                    )}
                    {row(
                      t('village.gapLength'),
                      result.gapLengthM ? formatDistance(result.gapLengthM, locale) : null,
                    )}
                    {row(
                      t('village.costToClose'),
                      result.costToClose ? formatCost(result.costToClose, locale) : null,
                    )}
                  </dl>
                </li>
              )
            })}
          </ul>
        </>
      ) : coverage.loading ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
      {relocation.data ? (
        <div className="relocation" data-testid="relocation">
          <h3>{t('village.relocation')}</h3>
          <p>
            <span className={`badge reloc-${relocation.data.recommendation}`}>
              {t(`relocation.${relocation.data.recommendation}`)}
            </span>{' '}
            {t('village.score')}: {formatNumber(relocation.data.score, locale, 2)}
          </p>
          <ul className="reasons">
            {relocation.data.reasons.map((reason, i) => (
              <li key={i}>{isZh ? reason.zh : reason.en}</li>
            ))}
          </ul>
          <label>
            {t('village.markDecision')}
            <select
              data-testid="decision-select"
              value={decision?.value ?? relocation.data.decision ?? ''}
              onChange={(event) => {
                const value = event.target.value as RelocationDecision
                setDecision({ value, saved: false, error: null })
                putDecision(code, value).then(
                  () => {
                    setDecision({ value, saved: true, error: null })
                    // The server dropped its cached tiles: make the map fetch them again.
                    dispatch({ type: 'tiles-changed' })
                  },
                  (error: unknown) => setDecision({ value, saved: false, error }),
                )
              }}
            >
              <option value="" disabled>
                –
              </option>
              {RELOCATION_DECISIONS.map((value) => (
                <option key={value} value={value}>
                  {t(`relocation.decision.${value}`)}
                </option>
              ))}
            </select>
          </label>
          {decision?.saved ? <span className="muted"> {t('village.saved')}</span> : null}
          {decision?.error ? <ProblemView error={decision.error} /> : null}
        </div>
      ) : null}
    </section>
  )
}
