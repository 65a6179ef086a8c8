import {
  CANDIDATE_OPEN_STATES,
  SITING_OBJECTIVES,
  type CandidateOpen,
  type SitingContext,
  type SitingObjective,
  type SitingResult,
} from '@tongcun/domain'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchJob, fetchLayer, startSiteSolve, type SolveRequest } from '../../api/endpoints'
import { ApiError } from '../../api/client'
import { useApi } from '../../api/use-api'
import { ProblemView } from '../../components/problem-view'
import { formatDistance, formatNumber, formatPercent } from '../../format'
import { useAppState } from '../../state/app-state'
import {
  bareId,
  buildSolutionOverlay,
  summarizeSolution,
  type SolutionInputs,
} from './solution-overlay'

interface Alternative {
  id: number
  request: SolveRequest
  result: SitingResult
  inputs: SolutionInputs
  summary: ReturnType<typeof summarizeSolution>
}

/** Points and sizes of the problem the API built, keyed by bare village code / site id. */
export function inputsOfContext(context: SitingContext | undefined): SolutionInputs {
  const villages: SolutionInputs['villages'] = new Map()
  const sites: SolutionInputs['sites'] = new Map()
  for (const d of context?.demand ?? []) {
    villages.set(bareId(d.id), { lngLat: d.lngLat, households: d.size, population: d.weight })
  }
  for (const c of context?.candidates ?? [])
    sites.set(bareId(c.id), { lngLat: c.lngLat, capacity: c.capacity })
  return { villages, sites }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function SitePanel() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  const admin = state.adminCode
  const data = useApi(admin ? `siting-sites:${admin}` : null, (signal) =>
    fetchLayer('sites', admin, signal),
  )
  if (data.error) throw data.error

  const [open, setOpen] = useState<Record<string, CandidateOpen>>({})
  const [objective, setObjective] = useState<SitingObjective>('p-median')
  const [p, setP] = useState(4)
  const [maxCost, setMaxCost] = useState<number | ''>(20000)
  const [cost, setCost] = useState<'straight' | 'network'>('straight')
  const [singleSource, setSingleSource] = useState(true)
  const [progress, setProgress] = useState<number | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [alternatives, setAlternatives] = useState<Alternative[]>([])
  const nextId = useRef(1)

  const siteRows = (data.data?.features ?? []).map((f) => {
    const props = (f.properties ?? {}) as Record<string, unknown>
    const id = String(props.id)
    const fallback: CandidateOpen = props.status === 'existing' ? 'required' : 'optional'
    return {
      id,
      name: String(props.name ?? id),
      capacity: props.capacity_households as number | null,
      state: open[id] ?? fallback,
    }
  })

  const show = (alternative: Alternative) => {
    dispatch({
      type: 'set-overlay',
      key: 'solution',
      data: buildSolutionOverlay(alternative.result, alternative.inputs),
    })
  }

  const run = async () => {
    if (!admin) return
    const request: SolveRequest = {
      admin,
      ruleset: state.rulesetId,
      model: objective,
      ...(objective === 'lscp' ? {} : { p }),
      maxCost: maxCost === '' ? null : maxCost,
      singleSource,
      costType: cost,
      sites: Object.fromEntries(siteRows.map((row) => [row.id, row.state])),
      demand: 'candidates',
      capacity: 'households',
    }
    setRunning(true)
    setError(null)
    setProgress(0)
    try {
      let job = await startSiteSolve(request)
      while (job.status !== 'done' && job.status !== 'failed') {
        await sleep(400)
        job = await fetchJob(job.id)
        setProgress(job.progress)
      }
      if (job.status === 'failed' || !job.result) {
        throw new ApiError({
          title: t('error.title'),
          detail: job.error?.message ?? job.message ?? undefined,
          status: 500,
          ...(job.error?.code ? { code: job.error.code } : {}),
        })
      }
      const inputs = inputsOfContext(job.result.context)
      const result = job.result.result
      const alternative: Alternative = {
        id: nextId.current++,
        request,
        result,
        inputs,
        summary: summarizeSolution(result, inputs),
      }
      setAlternatives((list) => [...list, alternative])
      show(alternative)
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
      setProgress(null)
    }
  }

  const statusText = (result: SitingResult) =>
    result.status === 'feasible'
      ? t('sites.solverStatus.feasible', { gap: formatPercent(result.gap, state.locale) })
      : t(`sites.solverStatus.${result.status}`, { defaultValue: result.status })

  return (
    <section className="panel" data-testid="site-panel">
      <h2>{t('sites.title')}</h2>
      <h3>{t('sites.candidates')}</h3>
      <div className="table-scroll short">
        <table>
          <tbody>
            {siteRows.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td className="muted">
                  {t('sites.capacity')} {formatNumber(row.capacity, state.locale)}
                </td>
                <td>
                  <select
                    value={row.state}
                    onChange={(e) =>
                      setOpen((o) => ({ ...o, [row.id]: e.target.value as CandidateOpen }))
                    }
                  >
                    {CANDIDATE_OPEN_STATES.map((s) => (
                      <option key={s} value={s}>
                        {t(`sites.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault()
          void run()
        }}
      >
        <label>
          {t('sites.model')}
          <select
            value={objective}
            onChange={(e) => setObjective(e.target.value as SitingObjective)}
          >
            {SITING_OBJECTIVES.map((o) => (
              <option key={o} value={o}>
                {t(`sites.models.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sites.p')}
          <input
            type="number"
            min={1}
            value={p}
            disabled={objective === 'lscp'}
            onChange={(e) => setP(Number(e.target.value))}
          />
        </label>
        <label>
          {t('sites.maxCost')}
          <input
            type="number"
            min={0}
            step={500}
            value={maxCost}
            onChange={(e) => setMaxCost(e.target.value === '' ? '' : Number(e.target.value))}
          />
        </label>
        <label>
          {t('sites.costType')}
          <select value={cost} onChange={(e) => setCost(e.target.value as 'straight' | 'network')}>
            <option value="straight">{t('sites.costTypes.straight')}</option>
            <option value="network">{t('sites.costTypes.road')}</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={singleSource}
            onChange={(e) => setSingleSource(e.target.checked)}
          />
          {t('sites.singleSource')}
        </label>
        <button type="submit" disabled={running || !data.data}>
          {running
            ? t('sites.running', {
                progress:
                  progress === null
                    ? ''
                    : formatPercent(progress > 1 ? progress / 100 : progress, state.locale),
              })
            : t('sites.run')}
        </button>
      </form>
      {running ? (
        <progress
          max={1}
          value={progress === null ? undefined : progress > 1 ? progress / 100 : progress}
        />
      ) : null}
      {error ? <ProblemView error={error} /> : null}
      {alternatives.length > 0 ? (
        <>
          <h3>{t('sites.alternatives')}</h3>
          <div className="table-scroll">
            <table data-testid="alternatives">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('sites.model')}</th>
                  <th>{t('sites.resultStatus')}</th>
                  <th>{t('sites.objective')}</th>
                  <th>{t('sites.maxDistance')}</th>
                  <th>{t('sites.peopleMoved')}</th>
                  <th>{t('sites.sitesUsed')}</th>
                  <th>{t('sites.slack')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {alternatives.map((alt) => {
                  const extra = alt.result as SitingResult & {
                    maxCost?: number
                    metrics?: { maxCost?: number }
                  }
                  const maxDistance =
                    extra.metrics?.maxCost ??
                    (alt.result.objectiveKind === 'p-center' ? alt.result.objective : null)
                  return (
                    <tr key={alt.id}>
                      <td>{alt.id}</td>
                      <td>{t(`sites.models.${alt.request.model}`)}</td>
                      <td>{statusText(alt.result)}</td>
                      <td>{formatNumber(alt.result.objective, state.locale)}</td>
                      <td>{formatDistance(maxDistance, state.locale)}</td>
                      <td>{formatNumber(alt.summary.peopleMoved, state.locale)}</td>
                      <td>{alt.summary.sitesUsed}</td>
                      <td>{formatNumber(alt.summary.slack, state.locale)}</td>
                      <td>
                        <button type="button" className="link" onClick={() => show(alt)}>
                          {t('sites.show')}
                        </button>
                        <button
                          type="button"
                          className="link"
                          onClick={() =>
                            setAlternatives((list) => list.filter((a) => a.id !== alt.id))
                          }
                        >
                          {t('sites.remove')}
                        </button>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          {alternatives
            .filter((alt) => alt.result.reason)
            .map((alt) => (
              <p key={alt.id} className="muted" data-testid="solver-reason">
                #{alt.id} {statusText(alt.result)}: {alt.result.reason}
              </p>
            ))}
        </>
      ) : null}
    </section>
  )
}
