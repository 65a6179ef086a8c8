import { ADMIN_LEVELS, COVERAGE_NETWORKS, type AdminLevel } from '@tongcun/domain'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Point } from 'geojson'
import {
  fetchAdminDetail,
  fetchRollup,
  fetchTopAdminUnits,
  fetchVillages,
} from '../../api/endpoints'
import { useApi } from '../../api/use-api'
import { CoverageBar } from '../../components/coverage-bar'
import { formatCost, formatNumber, formatPercent } from '../../format'
import { useAppState } from '../../state/app-state'

function childLevel(level: AdminLevel): AdminLevel {
  const index = ADMIN_LEVELS.indexOf(level)
  return ADMIN_LEVELS[Math.min(index + 1, ADMIN_LEVELS.length - 1)]!
}

/**
 * Province → city → county → township → village drill-down with the roll-up of the selected unit.
 * A township lists its villages (from `/villages?admin=`, with their full-coverage share from the
 * village-level roll-up); clicking one opens its card and zooms the map to it.
 */
export function AdminPanel() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  const top = useApi('admin-top', fetchTopAdminUnits)
  if (top.error) throw top.error

  // The first top unit is chosen automatically; the map already starts on the data's bounds.
  const autoSelected = useRef<string | null>(null)
  useEffect(() => {
    const first = top.data?.[0]
    if (state.adminCode === null && first) {
      autoSelected.current = first.code
      dispatch({ type: 'select-admin', code: first.code, name: first.name, bbox: null })
    }
  }, [top.data, state.adminCode, dispatch])

  const detail = useApi(state.adminCode, () => fetchAdminDetail(state.adminCode!))
  if (detail.error) throw detail.error
  const unit = detail.data?.unit

  // Fit the map to the unit once its detail arrives (the first time only for the initial unit).
  const fitted = useRef<string | null>(null)
  useEffect(() => {
    const data = detail.data
    if (data && fitted.current !== data.unit.code) {
      fitted.current = data.unit.code
      const fit = autoSelected.current !== data.unit.code
      dispatch({
        type: 'admin-loaded',
        code: data.unit.code,
        name: data.unit.name,
        bbox: data.bbox,
        fit,
      })
    }
  }, [detail.data, dispatch])

  const rollupKey =
    unit && state.rulesetId ? `rollup:${unit.code}:${unit.level}:${state.rulesetId}` : null
  const rollup = useApi(rollupKey, (signal) =>
    fetchRollup(unit!.code, unit!.level, state.rulesetId!, signal),
  )
  if (rollup.error) throw rollup.error
  const childKey =
    unit && state.rulesetId && unit.level !== 'village'
      ? `rollup:${unit.code}:${childLevel(unit.level)}:${state.rulesetId}`
      : null
  const childRollup = useApi(childKey, (signal) =>
    fetchRollup(unit!.code, childLevel(unit!.level), state.rulesetId!, signal),
  )
  const own = rollup.data?.find((row) => row.code === unit?.code) ?? rollup.data?.[0] ?? null
  const villagesKey = unit?.level === 'township' ? `villages:${unit.code}` : null
  const villages = useApi(villagesKey, (signal) => fetchVillages(unit!.code, signal))
  if (villages.error) throw villages.error

  const select = (code: string, name: string) =>
    dispatch({ type: 'select-admin', code, name, bbox: null })

  return (
    <section className="panel" data-testid="admin-panel">
      <h2>{t('admin.title')}</h2>
      {top.data && top.data.length > 1 ? (
        <select
          value={top.data.some((u) => u.code === state.adminCode) ? (state.adminCode ?? '') : ''}
          onChange={(event) => {
            const chosen = top.data?.find((u) => u.code === event.target.value)
            if (chosen) select(chosen.code, chosen.name)
          }}
        >
          <option value="">{t('admin.select')}</option>
          {top.data.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </select>
      ) : null}
      {unit ? (
        <div className="admin-unit">
          <div className="admin-heading">
            {unit.parentCode ? (
              <button
                type="button"
                className="link"
                onClick={() => select(unit.parentCode!, unit.parentCode!)}
              >
                ↑ {t('admin.up')}
              </button>
            ) : null}
            <h3 data-testid="admin-name">
              {unit.name} <small>{t(`admin.level.${unit.level}`)}</small>
            </h3>
            <code>{unit.code}</code>
          </div>
          {own ? (
            <div className="rollup" data-testid="rollup">
              <dl className="stats">
                <dt>{t('admin.villages')}</dt>
                <dd>{formatNumber(own.villages, state.locale)}</dd>
                <dt>{t('admin.population')}</dt>
                <dd>{formatNumber(own.population, state.locale)}</dd>
                <dt>{t('admin.fullCoverage')}</dt>
                <dd data-testid="full-coverage">
                  {formatPercent(own.fullCoverageShare, state.locale)}
                </dd>
                <dt>{t('admin.costToClose')}</dt>
                <dd>{formatCost(own.costToClose, state.locale)}</dd>
              </dl>
              {own.attained !== null ? (
                <p className={own.attained ? 'badge ok' : 'badge warn'}>
                  {own.attained ? t('admin.attained') : t('admin.notAttained')}
                </p>
              ) : null}
              {COVERAGE_NETWORKS.map((network) => (
                <CoverageBar
                  key={network}
                  label={t(`network.${network}`)}
                  share={own.networks[network]?.coveredShare ?? null}
                  locale={state.locale}
                />
              ))}
            </div>
          ) : rollup.loading ? (
            <p className="muted">{t('app.loading')}</p>
          ) : null}
          {detail.data && detail.data.children.length > 0 && !villagesKey ? (
            <>
              <h4>{t('admin.children')}</h4>
              <ul className="children">
                {detail.data.children.map((child) => {
                  const row = childRollup.data?.find((r) => r.code === child.code)
                  return (
                    <li key={child.code}>
                      <button
                        type="button"
                        className="link"
                        onClick={() => select(child.code, child.name)}
                      >
                        {child.name}
                      </button>
                      <span className="muted">
                        {row ? formatPercent(row.fullCoverageShare, state.locale) : ''}
                      </span>
                    </li>
                  )
                })}
              </ul>
            </>
          ) : null}
          {villagesKey ? (
            <>
              <h4>{t('admin.villageList')}</h4>
              {villages.data ? (
                <ul className="children" data-testid="admin-villages">
                  {villages.data.features.map((feature) => {
                    const props = (feature.properties ?? {}) as { code?: string; name?: string }
                    const code = String(props.code ?? '')
                    const coordinates =
                      feature.geometry?.type === 'Point'
                        ? (feature.geometry as Point).coordinates
                        : null
                    const row = childRollup.data?.find((r) => r.code === code)
                    return (
                      <li key={code}>
                        <button
                          type="button"
                          className="link"
                          data-testid="admin-village"
                          data-code={code}
                          aria-current={state.villageCode === code ? 'true' : undefined}
                          onClick={() =>
                            dispatch({
                              type: 'select-village',
                              code,
                              ...(coordinates
                                ? { lngLat: [coordinates[0]!, coordinates[1]!] as [number, number] }
                                : {}),
                            })
                          }
                        >
                          {props.name ?? code}
                        </button>
                        <span className="muted">
                          {row ? formatPercent(row.fullCoverageShare, state.locale) : ''}
                        </span>
                      </li>
                    )
                  })}
                </ul>
              ) : villages.loading ? (
                <p className="muted">{t('app.loading')}</p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  )
}
