import { useTranslation } from 'react-i18next'
import type { ApiState } from '../../api/use-api'
import type { RulesetView } from '../../api/types'
import { useAppState } from '../../state/app-state'
import { VIEW_NETWORKS, type ViewNetwork } from '../../map/layers/types'

/** Rule-set and network switchers (top bar). Picks the first rule set when none is chosen. */
export function RulesetSwitcher({ rulesets }: { rulesets: ApiState<RulesetView[]> }) {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  if (rulesets.error) throw rulesets.error
  const list = rulesets.data ?? []

  return (
    <div className="switchers">
      <label>
        {t('ruleset.label')}
        <select
          data-testid="ruleset-select"
          value={state.rulesetId ?? ''}
          onChange={(event) => {
            const chosen = list.find((r) => r.id === event.target.value)
            dispatch({
              type: 'set-ruleset',
              id: chosen?.id ?? null,
              name: chosen?.name ?? null,
              nameZh: chosen?.nameZh ?? null,
            })
          }}
        >
          {state.rulesetId === null ? <option value="">{t('ruleset.none')}</option> : null}
          {list.map((ruleset) => (
            <option key={ruleset.id} value={ruleset.id}>
              {state.locale === 'zh-CN' ? (ruleset.nameZh ?? ruleset.name) : ruleset.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('network.label')}
        <select
          data-testid="network-select"
          value={state.network}
          onChange={(event) =>
            dispatch({ type: 'set-network', network: event.target.value as ViewNetwork })
          }
        >
          {VIEW_NETWORKS.map((network) => (
            <option key={network} value={network}>
              {t(`network.${network}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
