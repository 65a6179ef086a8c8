import type { Feature, FeatureCollection } from 'geojson'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchClusters, fetchRegions, fetchRelocationCandidates } from '../../api/endpoints'
import { useApi } from '../../api/use-api'
import { ProblemView } from '../../components/problem-view'
import { formatNumber } from '../../format'
import { useAppState } from '../../state/app-state'

/**
 * Prepares an outline collection from `/api/clusters` or `/api/regions` for the map: keeps the
 * polygons and sets `crosses_boundary` and `label` from the API's span flags and ids.
 */
export function toOutlineOverlay(
  body: unknown,
  labelOf: (id: string) => string,
): FeatureCollection {
  const source = body as {
    outlines?: FeatureCollection
    areas?: FeatureCollection
    features?: Feature[]
  }
  const features = source.outlines?.features ?? source.areas?.features ?? source.features ?? []
  return {
    type: 'FeatureCollection',
    features: features
      .filter(
        (f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'),
      )
      .map((f) => {
        const p = (f.properties ?? {}) as Record<string, unknown>
        const crosses =
          p.crossesTownship === true ||
          p.crossesCounty === true ||
          p.crossesCity === true ||
          p.crosses_boundary === true
        const id = String(p.id ?? p.cluster ?? p.region ?? '')
        return { ...f, properties: { ...p, crosses_boundary: crosses, label: labelOf(id) } }
      }),
  }
}

interface OutlineRow {
  id: string
  members: number
  population: number | null
  spans: string
  crosses: boolean
}

function rowsOf(overlay: FeatureCollection, listSeparator: string): OutlineRow[] {
  return overlay.features.map((f) => {
    const p = (f.properties ?? {}) as Record<string, unknown>
    const names = (p.names ?? {}) as Record<string, string>
    const townships = Array.isArray(p.townships) ? (p.townships as string[]) : []
    const counties = Array.isArray(p.counties) ? (p.counties as string[]) : []
    const spanCodes = p.crossesCounty ? counties : townships
    return {
      id: String(p.id ?? ''),
      members: Array.isArray(p.members) ? p.members.length : Number(p.size ?? 0),
      population: typeof p.population === 'number' ? p.population : null,
      spans: spanCodes.map((code) => names[code] ?? code).join(listSeparator),
      crosses: p.crosses_boundary === true,
    }
  })
}

export function RelocationPanel() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  const [epsM, setEpsM] = useState(3000)
  const [minPoints, setMinPoints] = useState(3)
  const [maxPopulation, setMaxPopulation] = useState<number | ''>('')
  const [k, setK] = useState(5)
  const [attributes, setAttributes] = useState('poor_people,income_per_person_cny,elevation_m')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [objective, setObjective] = useState<number | null>(null)

  const key =
    state.adminCode && state.rulesetId ? `cands:${state.adminCode}:${state.rulesetId}` : null
  const candidates = useApi(key, (signal) =>
    fetchRelocationCandidates(state.adminCode!, state.rulesetId!, signal),
  )
  if (candidates.error) throw candidates.error
  const counts = { relocate: 0, review: 0, 'in-situ': 0 }
  for (const item of candidates.data ?? []) counts[item.recommendation] += 1

  const run = async (what: 'clusters' | 'regions') => {
    if (!state.adminCode || !state.rulesetId) return
    setBusy(true)
    setError(null)
    try {
      if (what === 'clusters') {
        const body = await fetchClusters({
          admin: state.adminCode,
          ruleset: state.rulesetId,
          epsM,
          minPoints,
          maxPopulation: maxPopulation === '' ? null : maxPopulation,
        })
        dispatch({
          type: 'set-overlay',
          key: 'clusters',
          data: toOutlineOverlay(body, (id) => t('clusters.cluster', { id })),
        })
      } else {
        const body = await fetchRegions({
          admin: state.adminCode,
          k,
          attributes: attributes
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        })
        const props = ((body as { properties?: Record<string, unknown> }).properties ??
          {}) as Record<string, unknown>
        setObjective(typeof props.objective === 'number' ? props.objective : null)
        dispatch({
          type: 'set-overlay',
          key: 'regions',
          data: toOutlineOverlay(body, (id) => t('clusters.region', { id })),
        })
      }
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  const table = (overlay: FeatureCollection | null) =>
    overlay && overlay.features.length > 0 ? (
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('clusters.members')}</th>
            <th>{t('admin.population')}</th>
            <th>{t('clusters.spans')}</th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(overlay, t('app.listSeparator')).map((row) => (
            <tr key={row.id} className={row.crosses ? 'crosses' : undefined}>
              <td>{row.id}</td>
              <td>{row.members}</td>
              <td>{formatNumber(row.population, state.locale)}</td>
              <td>
                {row.spans}{' '}
                {row.crosses ? (
                  <strong className="badge warn">{t('clusters.crosses')}</strong>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null

  return (
    <section className="panel" data-testid="relocation-panel">
      <h2>{t('clusters.title')}</h2>
      <h3>{t('clusters.candidates')}</h3>
      <p>
        {(['relocate', 'review', 'in-situ'] as const).map((rec) => (
          <span key={rec} className={`badge reloc-${rec}`}>
            {t(`relocation.${rec}`)} {formatNumber(counts[rec], state.locale)}
          </span>
        ))}
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={state.visibility.candidates}
          onChange={() => dispatch({ type: 'toggle-layer', id: 'candidates' })}
        />
        {t('layers.candidates')}
      </label>
      <ul className="candidate-list">
        {(candidates.data ?? [])
          .filter((item) => item.recommendation === 'relocate')
          .slice(0, 50)
          .map((item) => (
            <li key={item.code}>
              <button
                type="button"
                className="link"
                onClick={() =>
                  dispatch({
                    type: 'select-village',
                    code: item.code,
                    ...(item.lngLat ? { lngLat: item.lngLat } : {}),
                  })
                }
              >
                {item.name}
              </button>{' '}
              <span className="muted">{formatNumber(item.score, state.locale, 2)}</span>
            </li>
          ))}
      </ul>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault()
          void run('clusters')
        }}
      >
        <label>
          {t('clusters.epsM')}
          <input
            type="number"
            min={100}
            step={100}
            value={epsM}
            onChange={(e) => setEpsM(Number(e.target.value))}
          />
        </label>
        <label>
          {t('clusters.minPoints')}
          <input
            type="number"
            min={1}
            value={minPoints}
            onChange={(e) => setMinPoints(Number(e.target.value))}
          />
        </label>
        <label>
          {t('clusters.maxPopulation')}
          <input
            type="number"
            min={0}
            value={maxPopulation}
            onChange={(e) => setMaxPopulation(e.target.value === '' ? '' : Number(e.target.value))}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('clusters.run')}
        </button>
      </form>
      {table(state.overlays.clusters)}
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault()
          void run('regions')
        }}
      >
        <label>
          {t('clusters.regionsK')}
          <input type="number" min={1} value={k} onChange={(e) => setK(Number(e.target.value))} />
        </label>
        <label>
          {t('clusters.regionsAttributes')}
          <input value={attributes} onChange={(e) => setAttributes(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t('clusters.runRegions')}
        </button>
      </form>
      {objective !== null ? (
        <p>
          {t('clusters.objective')}: {formatNumber(objective, state.locale, 3)}
        </p>
      ) : null}
      {table(state.overlays.regions)}
      {error ? <ProblemView error={error} /> : null}
    </section>
  )
}
