import {
  adminCodeAt,
  COVERAGE_NETWORKS,
  isWithinAdmin,
  type CoverageNetwork,
} from '@tongcun/domain'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAdminDetail, fetchCoverage, fetchRollup, gapsDownloadUrl } from '../../api/endpoints'
import type { CoverageCollection } from '../../api/types'
import { useApi } from '../../api/use-api'
import { formatCost, formatDistance, formatNumber } from '../../format'
import { useAppState } from '../../state/app-state'

export interface GapRow {
  code: string
  name: string
  network: CoverageNetwork
  status: string
  distanceM: number | null
  costToClose: number | null
  population: number | null
  townshipCode: string | null
  lngLat: [number, number]
}

type SortKey = 'name' | 'network' | 'distanceM' | 'costToClose' | 'population'

/** Flattens coverage results into one row per (village, network) that is not covered. */
export function gapRowsOf(
  collection: CoverageCollection,
  network: CoverageNetwork | 'all',
): GapRow[] {
  const rows: GapRow[] = []
  for (const feature of collection.features) {
    const p = feature.properties
    for (const net of network === 'all' ? COVERAGE_NETWORKS : [network]) {
      const result = p.coverage?.[net]
      if (!result || result.status === 'covered' || result.status === 'not-assessed') continue
      rows.push({
        code: p.code,
        name: p.name,
        network: net,
        status: result.status,
        distanceM: result.distanceM ?? null,
        costToClose: result.costToClose ?? null,
        population: p.population ?? null,
        townshipCode:
          p.township_code ?? (p.code.length === 12 ? adminCodeAt(p.code, 'township') : null),
        lngLat: feature.geometry.coordinates as [number, number],
      })
    }
  }
  return rows
}

export function sortGapRows(rows: GapRow[], key: SortKey, descending: boolean): GapRow[] {
  const sign = descending ? -1 : 1
  return [...rows].sort((a, b) => {
    const x = a[key]
    const y = b[key]
    let order: number
    if (x === null || y === null) order = x === y ? 0 : x === null ? 1 : -1
    else
      order =
        typeof x === 'number' && typeof y === 'number'
          ? (x - y) * sign
          : String(x).localeCompare(String(y)) * sign
    return order !== 0 ? order : a.code.localeCompare(b.code) || a.network.localeCompare(b.network)
  })
}

const LISTABLE = new Set(['county', 'township', 'village'])
const MAX_LISTED_VILLAGES = 5000

export function GapList() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  const [network, setNetwork] = useState<CoverageNetwork | 'all'>('all')
  const [subunit, setSubunit] = useState<string>('')
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'costToClose',
    descending: true,
  })

  const detail = useApi(state.adminCode, () => fetchAdminDetail(state.adminCode!))
  const unit = detail.data?.unit
  const rollup = useApi(
    unit && state.rulesetId ? `rollup:${unit.code}:${unit.level}:${state.rulesetId}` : null,
    (signal) => fetchRollup(unit!.code, unit!.level, state.rulesetId!, signal),
  )
  const villageCount = rollup.data?.find((row) => row.code === unit?.code)?.villages ?? null
  // Any unit small enough to list in the browser; big ones (a 50k-village province) ask to drill down.
  const listable = unit
    ? LISTABLE.has(unit.level) || (villageCount !== null && villageCount <= MAX_LISTED_VILLAGES)
    : false
  // The whole unit's coverage is the heaviest request: it waits until the map has drawn once.
  const key =
    unit && listable && state.rulesetId && state.mapReady
      ? `coverage:${unit.code}:${state.rulesetId}`
      : null
  const coverage = useApi(key, (signal) => fetchCoverage(unit!.code, state.rulesetId!, signal))
  if (coverage.error) throw coverage.error

  const rows = useMemo(() => {
    if (!coverage.data) return []
    const all = gapRowsOf(coverage.data, network)
    const filtered = subunit ? all.filter((row) => isWithinAdmin(row.code, subunit)) : all
    return sortGapRows(filtered, sort.key, sort.descending)
  }, [coverage.data, network, subunit, sort])

  const header = (label: string, sortKey: SortKey) => (
    <th>
      <button
        type="button"
        className="link"
        onClick={() =>
          setSort((s) => ({
            key: sortKey,
            descending: s.key === sortKey ? !s.descending : sortKey !== 'name',
          }))
        }
      >
        {label}
        {sort.key === sortKey ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  )

  if (!unit || !state.rulesetId)
    return (
      <section className="panel">
        <h2>{t('gaps.title')}</h2>
        <p className="muted">{t('app.loading')}</p>
      </section>
    )

  return (
    <section className="panel gap-list" data-testid="gap-list">
      <h2>{t('gaps.title')}</h2>
      {!listable ? (
        <p className="muted">{t('gaps.chooseUnit')}</p>
      ) : (
        <>
          <div className="filters">
            <label>
              {t('gaps.filterNetwork')}
              <select
                data-testid="gap-network"
                value={network}
                onChange={(e) => setNetwork(e.target.value as CoverageNetwork | 'all')}
              >
                <option value="all">{t('gaps.all')}</option>
                {COVERAGE_NETWORKS.map((net) => (
                  <option key={net} value={net}>
                    {t(`network.${net}`)}
                  </option>
                ))}
              </select>
            </label>
            {detail.data && detail.data.children.length > 0 ? (
              <label>
                {t('gaps.filterAdmin')}
                <select
                  data-testid="gap-admin"
                  value={subunit}
                  onChange={(e) => setSubunit(e.target.value)}
                >
                  <option value="">{t('gaps.all')}</option>
                  {detail.data.children.map((child) => (
                    <option key={child.code} value={child.code}>
                      {child.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
          <div className="downloads">
            <a
              href={gapsDownloadUrl(
                'csv',
                subunit || unit.code,
                state.rulesetId,
                network === 'all' ? null : network,
                state.locale,
              )}
              download
            >
              {t('gaps.downloadCsv')}
            </a>
            <a
              href={gapsDownloadUrl(
                'xlsx',
                subunit || unit.code,
                state.rulesetId,
                network === 'all' ? null : network,
                state.locale,
              )}
              download
            >
              {t('gaps.downloadXlsx')}
            </a>
            <span className="muted">{t('gaps.count', { count: rows.length })}</span>
          </div>
          {coverage.loading ? <p className="muted">{t('app.loading')}</p> : null}
          {coverage.data && rows.length === 0 ? <p className="muted">{t('gaps.empty')}</p> : null}
          {rows.length > 0 ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    {header(t('gaps.village'), 'name')}
                    {header(t('gaps.network'), 'network')}
                    {header(t('gaps.distance'), 'distanceM')}
                    {header(t('gaps.cost'), 'costToClose')}
                    {header(t('gaps.population'), 'population')}
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 500).map((row) => (
                    <tr
                      key={`${row.code}-${row.network}`}
                      data-testid="gap-row"
                      data-code={row.code}
                      className={row.code === state.villageCode ? 'selected' : undefined}
                      onClick={() =>
                        dispatch({ type: 'select-village', code: row.code, lngLat: row.lngLat })
                      }
                    >
                      <td>{row.name}</td>
                      <td>
                        <span className={`status-dot status-${row.status}`} />{' '}
                        {t(`network.${row.network}`)}
                      </td>
                      <td>{formatDistance(row.distanceM, state.locale)}</td>
                      <td>{formatCost(row.costToClose, state.locale)}</td>
                      <td>{formatNumber(row.population, state.locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}
