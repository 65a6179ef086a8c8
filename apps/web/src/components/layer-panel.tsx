import { useTranslation } from 'react-i18next'
import { LAYER_GROUPS } from '../map/layer-catalog'
import { useAppState } from '../state/app-state'

export function LayerPanel() {
  const { t } = useTranslation()
  const { state, dispatch } = useAppState()
  return (
    <section className="panel" data-testid="layer-panel">
      <h2>{t('layers.title')}</h2>
      <ul className="layer-list">
        {[...LAYER_GROUPS].reverse().map((group) => (
          <li key={group.id}>
            <label className="check">
              <input
                type="checkbox"
                data-testid={`layer-${group.id}`}
                checked={state.visibility[group.id]}
                onChange={() => dispatch({ type: 'toggle-layer', id: group.id })}
              />
              {t(group.titleKey)}
            </label>
          </li>
        ))}
      </ul>
    </section>
  )
}
