import { useCallback, useEffect, useMemo, useReducer, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { setApiLocale } from './api/client'
import { fetchRulesets, fetchTileJson } from './api/endpoints'
import { useApi } from './api/use-api'
import { LayerPanel } from './components/layer-panel'
import { Legend } from './components/legend'
import { PanelBoundary } from './components/panel-boundary'
import { ProblemView } from './components/problem-view'
import { RelocationPanel } from './features/clusters/relocation-panel'
import { AdminPanel } from './features/coverage/admin-panel'
import { GapList } from './features/coverage/gap-list'
import { RulesetSwitcher } from './features/coverage/ruleset-switcher'
import { VillageCard } from './features/coverage/village-card'
import { ProjectorPanel } from './features/projector/projector-panel'
import { loadSlides, saveSlides, stepSlide, type Slide } from './features/projector/slides'
import { TitleBlock } from './features/projector/title-block'
import { SitePanel } from './features/sites/site-panel'
import { changeLocale, LOCALES, type Locale } from './i18n'
import { getCurrentMap } from './map/map-registry'
import { MapView } from './map/map-view'
import type { TileSource } from './map/style'
import { AppStateContext, appReducer, createInitialState } from './state/app-state'

type Tab = 'coverage' | 'relocation' | 'sites' | 'layers' | 'slides'
const TABS: Tab[] = ['coverage', 'relocation', 'sites', 'layers', 'slides']
const TAB_LABEL: Record<Tab, string> = {
  coverage: 'gaps.title',
  relocation: 'clusters.title',
  sites: 'sites.title',
  layers: 'layers.title',
  slides: 'projector.slides',
}

/**
 * Resolves TileJSON `tiles` against our own origin (the page's, whatever host name the server saw)
 * and adds the `ruleset` parameter, and `rev` (a cache-buster the server ignores) once the data
 * the tiles show was changed from this page (`revision` > 0).
 */
export function toTileSource(
  tileJson: {
    tiles: string[]
    minzoom?: number
    maxzoom?: number
    bounds?: [number, number, number, number]
  },
  ruleset: string | null,
  origin: string,
  revision = 0,
): TileSource {
  const tiles = tileJson.tiles.map((template) => {
    const [path, query = ''] = template.replace(/^https?:\/\/[^/]+/, '').split('?')
    const absolute = new URL(path!, origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}')
    const params = new URLSearchParams(query)
    if (ruleset && !params.has('ruleset')) params.set('ruleset', ruleset)
    if (revision > 0) params.set('rev', String(revision))
    const search = params.toString()
    return search ? `${absolute}?${search}` : absolute
  })
  return {
    tiles,
    minzoom: tileJson.minzoom ?? 0,
    maxzoom: tileJson.maxzoom ?? 14,
    ...(tileJson.bounds ? { bounds: tileJson.bounds } : {}),
  }
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))

export function App({ initialLocale }: { initialLocale: Locale }) {
  const { t } = useTranslation()
  const [state, dispatch] = useReducer(appReducer, initialLocale, createInitialState)
  const [tab, setTab] = useState<Tab>('coverage')
  const [slides, setSlides] = useState<Slide[]>(() => loadSlides())
  const [slideIndex, setSlideIndex] = useState<number | null>(null)

  useEffect(() => setApiLocale(state.locale), [state.locale])

  // The rule set is chosen before the first tiles are asked for, so the map loads its source once.
  const rulesets = useApi('rulesets', fetchRulesets)
  const rulesetsSettled = !rulesets.loading
  useEffect(() => {
    const list = rulesets.data ?? []
    if (state.rulesetId === null && list.length > 0) {
      const preferred = list.find((r) => r.id === 'policy-2015') ?? list[0]!
      dispatch({
        type: 'set-ruleset',
        id: preferred.id,
        name: preferred.name,
        nameZh: preferred.nameZh ?? null,
      })
    }
  }, [rulesets.data, state.rulesetId])
  const waitingForRuleset =
    !rulesetsSettled || (state.rulesetId === null && (rulesets.data?.length ?? 0) > 0)
  // TileJSON is asked for in parallel with the rule sets; `?ruleset=` goes on the tile URLs.
  const tileJson = useApi('tiles', (signal) => fetchTileJson(null, signal))
  const tiles = useMemo(
    () =>
      tileJson.data && !waitingForRuleset
        ? toTileSource(tileJson.data, state.rulesetId, window.location.origin, state.tileRevision)
        : null,
    [tileJson.data, waitingForRuleset, state.rulesetId, state.tileRevision],
  )

  const setProjector = useCallback((on: boolean) => {
    dispatch({ type: 'set-projector', on })
    if (on && document.fullscreenEnabled && !document.fullscreenElement) {
      document.documentElement.requestFullscreen().catch(() => undefined) // refused without a user gesture: stay windowed
    } else if (!on && document.fullscreenElement) {
      void document.exitFullscreen().catch(() => undefined)
    }
  }, [])

  const showSlide = useCallback(
    (index: number) => {
      const slide = slides[index]
      if (!slide) return
      setSlideIndex(index)
      dispatch({ type: 'apply-slide', ...slide })
    },
    [slides],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return
      if (event.key === 'p' || event.key === 'P') {
        event.preventDefault()
        setProjector(!state.projector)
      } else if (state.projector && event.key === 'Escape') {
        setProjector(false)
      } else if (
        state.projector &&
        ['ArrowRight', 'ArrowDown', 'PageDown', 'ArrowLeft', 'ArrowUp', 'PageUp'].includes(
          event.key,
        )
      ) {
        event.preventDefault()
        event.stopPropagation()
        const delta = ['ArrowRight', 'ArrowDown', 'PageDown'].includes(event.key) ? 1 : -1
        const next = stepSlide(slideIndex, delta, slides.length)
        if (next !== null) showSlide(next)
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [state.projector, slideIndex, slides.length, setProjector, showSlide])

  const addSlide = (title: string) => {
    const map = getCurrentMap()
    if (!map) return
    const center = map.getCenter()
    const slide: Slide = {
      id: `slide-${Date.now().toString(36)}`,
      title: title || state.adminName || t('app.shortTitle'),
      view: {
        center: [center.lng, center.lat],
        zoom: map.getZoom(),
        bearing: map.getBearing(),
        pitch: map.getPitch(),
      },
      visibility: { ...state.visibility },
      network: state.network,
      adminCode: state.adminCode,
      adminName: state.adminName,
      villageCode: state.villageCode,
    }
    const next = [...slides, slide]
    setSlides(next)
    saveSlides(next)
  }
  const removeSlide = (id: string) => {
    const next = slides.filter((slide) => slide.id !== id)
    setSlides(next)
    saveSlides(next)
    setSlideIndex(null)
  }

  const contextValue = useMemo(() => ({ state, dispatch }), [state])

  return (
    <AppStateContext.Provider value={contextValue}>
      <div
        className={state.projector ? 'app projector' : 'app'}
        data-testid="app"
        data-projector={state.projector}
      >
        <header className="topbar" data-chrome>
          <h1>{t('app.title')}</h1>
          <PanelBoundary resetKey={`rulesets:${state.locale}`}>
            <RulesetSwitcher rulesets={rulesets} />
          </PanelBoundary>
          <label>
            {t('app.language')}
            <select
              data-testid="locale-select"
              value={state.locale}
              onChange={(event) => {
                const locale = event.target.value as Locale
                changeLocale(locale)
                dispatch({ type: 'set-locale', locale })
              }}
            >
              {LOCALES.map((locale) => (
                <option key={locale} value={locale}>
                  {locale === 'zh-CN' ? '中文' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="projector-button"
            onClick={() => setProjector(true)}
            title="P"
          >
            {t('app.projector')}
          </button>
        </header>
        <nav className="sidebar" data-chrome data-testid="sidebar">
          <div className="tabs" role="tablist">
            {TABS.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                data-testid={`tab-${id}`}
                onClick={() => setTab(id)}
              >
                {t(TAB_LABEL[id])}
              </button>
            ))}
          </div>
          <div className="tab-body">
            {tab === 'coverage' ? (
              <>
                <PanelBoundary resetKey={`admin:${state.adminCode}:${state.rulesetId}`}>
                  <AdminPanel />
                </PanelBoundary>
                <PanelBoundary resetKey={`gaps:${state.adminCode}:${state.rulesetId}`}>
                  <GapList />
                </PanelBoundary>
              </>
            ) : null}
            {tab === 'relocation' ? (
              <PanelBoundary resetKey={`reloc:${state.adminCode}:${state.rulesetId}`}>
                <RelocationPanel />
              </PanelBoundary>
            ) : null}
            {tab === 'sites' ? (
              <PanelBoundary resetKey={`sites:${state.adminCode}`}>
                <SitePanel />
              </PanelBoundary>
            ) : null}
            {tab === 'layers' ? <LayerPanel /> : null}
            {tab === 'slides' ? (
              <ProjectorPanel
                slides={slides}
                slideIndex={slideIndex}
                onAdd={addSlide}
                onRemove={removeSlide}
                onShow={showSlide}
              />
            ) : null}
          </div>
        </nav>
        <main className="map-area">
          {tileJson.error ? (
            <div className="map-error">
              <ProblemView error={tileJson.error} />
            </div>
          ) : null}
          <MapView tiles={tiles} />
          {state.projector ? <TitleBlock /> : null}
          <Legend />
          {state.villageCode && !state.projector ? (
            <div className="card-host" data-chrome>
              <PanelBoundary resetKey={`village:${state.villageCode}:${state.rulesetId}`}>
                <VillageCard code={state.villageCode} />
              </PanelBoundary>
            </div>
          ) : null}
          {state.projector ? (
            <div className="projector-controls">
              {slides.length > 0 ? (
                <span>
                  {t('projector.slideOf', { n: (slideIndex ?? -1) + 1, total: slides.length })}
                </span>
              ) : null}
              <button
                type="button"
                data-testid="exit-projector"
                onClick={() => setProjector(false)}
              >
                {t('app.exitProjector')}
              </button>
            </div>
          ) : null}
        </main>
      </div>
    </AppStateContext.Provider>
  )
}
