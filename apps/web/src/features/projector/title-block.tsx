import { useTranslation } from 'react-i18next'
import { formatDate } from '../../format'
import { useAppState } from '../../state/app-state'

export interface TitleBlockText {
  title: string
  region: string
  date: string
  ruleset: string
}

export function useTitleBlockText(): TitleBlockText {
  const { t } = useTranslation()
  const { state } = useAppState()
  const region = state.adminName ?? t('app.shortTitle')
  return {
    title: state.slideTitle ?? `${region} · ${t(`network.${state.network}`)}`,
    region,
    date: formatDate(new Date(), state.locale),
    ruleset:
      (state.locale === 'zh-CN' ? (state.rulesetNameZh ?? state.rulesetName) : state.rulesetName) ??
      t('ruleset.none'),
  }
}

/** Region, date and rule set: always on in projector mode and in every export. */
export function TitleBlock() {
  const { t } = useTranslation()
  const text = useTitleBlockText()
  return (
    <header className="title-block" data-testid="title-block">
      <h1>{text.title}</h1>
      <p>
        <span>
          {t('projector.region')}: {text.region}
        </span>
        <span>
          {t('projector.date')}: {text.date}
        </span>
        <span>
          {t('projector.ruleset')}: {text.ruleset}
        </span>
      </p>
    </header>
  )
}
