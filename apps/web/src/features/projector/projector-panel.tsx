import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemView } from '../../components/problem-view'
import { buildLegend } from '../../map/layer-catalog'
import { useLayerContext } from '../../map/use-layer-context'
import { getCurrentMap } from '../../map/map-registry'
import { useAppState } from '../../state/app-state'
import {
  canvasToPdfBlob,
  canvasToPngBlob,
  composeOverlay,
  downloadBlob,
  renderMapImage,
} from './export-view'
import { type Slide } from './slides'
import { useTitleBlockText } from './title-block'

/** Renders the current view with legend and title block; used by the buttons and by tests. */
export function useExporter() {
  const { t } = useTranslation()
  const { state } = useAppState()
  const ctx = useLayerContext()
  const title = useTitleBlockText()
  return async (format: 'png' | 'pdf', widthPx: number, heightPx: number, dpi: number) => {
    const map = getCurrentMap()
    if (!map) throw new Error('export: the map is not ready')
    const canvas = await renderMapImage(map, { widthPx, heightPx, dpi })
    composeOverlay(
      canvas,
      buildLegend(state.visibility, ctx),
      title,
      (key, params) => t(key, params ?? {}),
      {
        region: t('projector.region'),
        date: t('projector.date'),
        ruleset: t('projector.ruleset'),
        legend: t('legend.title'),
      },
    )
    const stamp = new Date().toISOString().slice(0, 10)
    const name = `tongcun-${state.adminCode ?? 'map'}-${stamp}-${widthPx}x${heightPx}`
    if (format === 'png') downloadBlob(await canvasToPngBlob(canvas, dpi), `${name}.png`)
    else downloadBlob(await canvasToPdfBlob(canvas, dpi), `${name}.pdf`)
  }
}

export function ProjectorPanel({
  slides,
  slideIndex,
  onAdd,
  onRemove,
  onShow,
}: {
  slides: Slide[]
  slideIndex: number | null
  onAdd: (title: string) => void
  onRemove: (id: string) => void
  onShow: (index: number) => void
}) {
  const { t } = useTranslation()
  const exportView = useExporter()
  const [title, setTitle] = useState('')
  const [widthPx, setWidthPx] = useState(1920)
  const [heightPx, setHeightPx] = useState(1080)
  const [dpi, setDpi] = useState(150)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const run = async (format: 'png' | 'pdf') => {
    setBusy(true)
    setError(null)
    try {
      await exportView(format, widthPx, heightPx, dpi)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" data-testid="projector-panel">
      <h2>{t('projector.slides')}</h2>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault()
          onAdd(title)
          setTitle('')
        }}
      >
        <input
          placeholder={t('projector.slideTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit">{t('projector.addSlide')}</button>
      </form>
      <ol className="slides">
        {slides.map((slide, index) => (
          <li key={slide.id} className={index === slideIndex ? 'selected' : undefined}>
            <button type="button" className="link" onClick={() => onShow(index)}>
              {slide.title}
            </button>
            <button type="button" className="link" onClick={() => onRemove(slide.id)}>
              {t('projector.removeSlide')}
            </button>
          </li>
        ))}
      </ol>
      <h2>{t('projector.exportPng')} / PDF</h2>
      <div className="form-grid">
        <label>
          {t('projector.width')}
          <input
            data-testid="export-width"
            type="number"
            min={100}
            max={8000}
            value={widthPx}
            onChange={(e) => setWidthPx(Number(e.target.value))}
          />
        </label>
        <label>
          {t('projector.height')}
          <input
            data-testid="export-height"
            type="number"
            min={100}
            max={8000}
            value={heightPx}
            onChange={(e) => setHeightPx(Number(e.target.value))}
          />
        </label>
        <label>
          {t('projector.dpi')}
          <input
            data-testid="export-dpi"
            type="number"
            min={48}
            max={600}
            value={dpi}
            onChange={(e) => setDpi(Number(e.target.value))}
          />
        </label>
        <button
          type="button"
          data-testid="export-png"
          disabled={busy}
          onClick={() => void run('png')}
        >
          {busy ? t('projector.exporting') : t('projector.exportPng')}
        </button>
        <button
          type="button"
          data-testid="export-pdf"
          disabled={busy}
          onClick={() => void run('pdf')}
        >
          {t('projector.exportPdf')}
        </button>
      </div>
      {error ? <ProblemView error={error} /> : null}
    </section>
  )
}
