import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchRulesets } from '../../api/endpoints'
import { useApi } from '../../api/use-api'
import { useAppState } from '../../state/app-state'
import { VIEW_NETWORKS, type ViewNetwork } from '../../map/layers/types'

/** Rule-set and network switchers (top bar). Picks the first rule set when none is chosen. */
export function RulesetSwitcher() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  const rulesets = useApi('rulesets', fetchRulesets)
  if (rulesets.error) throw rulesets.error
  const list = rulesets.data ?? []

  useEffect(() => {
    if (state.rulesetId === null && list.length > 0) {
      const preferred = list.find((r) => r.id === 'policy-2015') ?? list[0]!
      dispatch({ type: 'set-ruleset', id: preferred.id, name: preferred.name })
    }
  }, [list, state.rulesetId, dispatch])

  return (
    <div className="switchers">
      <label>
        {t('ruleset.label')}
        <select
          data-testid="ruleset-select"
          value={state.rulesetId ?? ''}
          onChange={(event) => {
            const chosen = list.find((r) => r.id === event.target.value)
            dispatch({ type: 'set-ruleset', id: chosen?.id ?? null, name: chosen?.name ?? null })
          }}
        >
          {state.rulesetId === null ? <option value="">{t('ruleset.none')}</option> : null}
          {list.map((ruleset) => (
            <option key={ruleset.id} value={ruleset.id}>
              {ruleset.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('network.label')}
        <select
          data-testid="network-select"
          value={state.network}
          onChange={(event) => dispatch({ type: 'set-network', network: event.target.value as ViewNetwork })}
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
