/**
 * Exports the current map view at a requested pixel size and DPI, with the legend and title block
 * composed on top: a second, off-screen MapLibre map renders the same style and bounds at
 * `pixelRatio = dpi / 96` into a canvas, which is then drawn into a 2D canvas of exactly
 * `widthPx × heightPx`.
 */
import { Map as MapLibreMap } from 'maplibre-gl'
import type { LegendSection } from '../../map/layer-catalog'
import type { LegendEntry } from '../../map/layers/types'
import type { TitleBlockText } from './title-block'

export interface ExportOptions {
  widthPx: number
  heightPx: number
  dpi: number
}

type Translate = (key: string, params?: Record<string, string | number>) => string

const FONT = '"Noto Sans SC", sans-serif'

/** Renders `source`'s style and bounds off screen; resolves with a canvas of the exact size. */
export async function renderMapImage(
  source: MapLibreMap,
  options: ExportOptions,
): Promise<HTMLCanvasElement> {
  const pixelRatio = Math.max(0.5, options.dpi / 96)
  const host = document.createElement('div')
  host.style.cssText = `position:fixed;left:-20000px;top:0;width:${options.widthPx / pixelRatio}px;height:${
    options.heightPx / pixelRatio
  }px;`
  document.body.appendChild(host)
  const offscreen = new MapLibreMap({
    container: host,
    style: source.getStyle(),
    bounds: source.getBounds(),
    bearing: source.getBearing(),
    pixelRatio,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  })
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = window.setTimeout(
        () => reject(new Error('export: map did not finish rendering in 60 s')),
        60_000,
      )
      offscreen.once('idle', () => {
        window.clearTimeout(timer)
        resolve()
      })
    })
    const out = document.createElement('canvas')
    out.width = options.widthPx
    out.height = options.heightPx
    const ctx = out.getContext('2d')
    if (!ctx) throw new Error('export: no 2D canvas context')
    ctx.drawImage(offscreen.getCanvas(), 0, 0, options.widthPx, options.heightPx)
    return out
  } finally {
    offscreen.remove()
    host.remove()
  }
}

function drawSwatch(
  ctx: CanvasRenderingContext2D,
  entry: LegendEntry,
  x: number,
  y: number,
  s: number,
) {
  const size = entry.size ?? 6
  ctx.save()
  if (entry.symbol === 'line') {
    ctx.strokeStyle = entry.color
    ctx.lineWidth = Math.max(1, Math.min(size, 8)) * s
    ctx.setLineDash(entry.dashed ? [5 * s, 3 * s] : [])
    ctx.beginPath()
    ctx.moveTo(x, y)
    ctx.lineTo(x + 24 * s, y)
    ctx.stroke()
  } else if (entry.symbol === 'circle') {
    const r = Math.max(3, Math.min(size, 12)) * s
    ctx.fillStyle = entry.color
    ctx.strokeStyle = entry.strokeColor ?? '#ffffff'
    ctx.lineWidth = 2 * s
    ctx.beginPath()
    ctx.arc(x + 12 * s, y, r, 0, Math.PI * 2)
    ctx.fill()
    ctx.stroke()
  } else {
    ctx.globalAlpha = 0.5
    ctx.fillStyle = entry.color
    ctx.fillRect(x + 2 * s, y - 6 * s, 20 * s, 12 * s)
    ctx.globalAlpha = 1
    ctx.strokeStyle = entry.color
    ctx.strokeRect(x + 2 * s, y - 6 * s, 20 * s, 12 * s)
  }
  ctx.restore()
}

/** Draws the title block (top left) and legend (bottom right) onto an exported map image. */
export function composeOverlay(
  canvas: HTMLCanvasElement,
  legend: LegendSection[],
  title: TitleBlockText,
  t: Translate,
  labels: { region: string; date: string; ruleset: string; legend: string },
) {
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  const s = Math.max(1, Math.min(canvas.width, canvas.height) / 700)
  // Title block.
  const titleFont = `bold ${Math.round(22 * s)}px ${FONT}`
  const metaFont = `${Math.round(13 * s)}px ${FONT}`
  const meta = `${labels.region}: ${title.region}   ${labels.date}: ${title.date}   ${labels.ruleset}: ${title.ruleset}`
  ctx.font = titleFont
  const titleWidth = ctx.measureText(title.title).width
  ctx.font = metaFont
  const metaWidth = ctx.measureText(meta).width
  const boxWidth = Math.min(canvas.width - 20 * s, Math.max(titleWidth, metaWidth) + 24 * s)
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(10 * s, 10 * s, boxWidth, 62 * s)
  ctx.strokeStyle = '#000000'
  ctx.lineWidth = 1.5 * s
  ctx.strokeRect(10 * s, 10 * s, boxWidth, 62 * s)
  ctx.fillStyle = '#000000'
  ctx.textBaseline = 'alphabetic'
  ctx.font = titleFont
  ctx.fillText(title.title, 22 * s, 38 * s, boxWidth - 24 * s)
  ctx.font = metaFont
  ctx.fillText(meta, 22 * s, 60 * s, boxWidth - 24 * s)

  // Legend.
  const rowHeight = 20 * s
  const rows: Array<
    { kind: 'head'; text: string } | { kind: 'entry'; text: string; entry: LegendEntry }
  > = [{ kind: 'head', text: labels.legend }]
  for (const section of legend) {
    rows.push({ kind: 'head', text: t(section.titleKey) })
    for (const entry of section.entries)
      rows.push({ kind: 'entry', text: t(entry.labelKey, entry.labelParams ?? {}), entry })
  }
  ctx.font = `${Math.round(13 * s)}px ${FONT}`
  const textWidth = Math.max(...rows.map((row) => ctx.measureText(row.text).width))
  const width = textWidth + 50 * s
  const height = rows.length * rowHeight + 12 * s
  const x0 = canvas.width - width - 10 * s
  const y0 = Math.max(80 * s, canvas.height - height - 10 * s)
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(x0, y0, width, height)
  ctx.strokeRect(x0, y0, width, height)
  rows.forEach((row, i) => {
    const y = y0 + 6 * s + (i + 0.5) * rowHeight
    ctx.fillStyle = '#000000'
    ctx.textBaseline = 'middle'
    if (row.kind === 'head') {
      ctx.font = `bold ${Math.round(13 * s)}px ${FONT}`
      ctx.fillText(row.text, x0 + 8 * s, y)
    } else {
      drawSwatch(ctx, row.entry, x0 + 8 * s, y, s)
      ctx.font = `${Math.round(13 * s)}px ${FONT}`
      ctx.fillText(row.text, x0 + 40 * s, y)
    }
  })
}

export function canvasToPngBlob(canvas: HTMLCanvasElement, dpi: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('export: PNG encoding failed'))
      resolve(dpi === 96 ? blob : withPngDpi(blob, dpi))
    }, 'image/png')
  })
}

/** Adds a pHYs chunk so image viewers and print tools see the chosen DPI. */
async function withPngDpi(blob: Blob, dpi: number): Promise<Blob> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  const ppm = Math.round(dpi / 0.0254)
  const chunk = new Uint8Array(21)
  const view = new DataView(chunk.buffer)
  view.setUint32(0, 9)
  chunk.set([0x70, 0x48, 0x59, 0x73], 4) // 'pHYs'
  view.setUint32(8, ppm)
  view.setUint32(12, ppm)
  chunk[16] = 1 // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)))
  // Insert after IHDR (8-byte signature + 25-byte IHDR chunk).
  const out = new Uint8Array(bytes.length + chunk.length)
  out.set(bytes.subarray(0, 33), 0)
  out.set(chunk, 33)
  out.set(bytes.subarray(33), 33 + chunk.length)
  return new Blob([out], { type: 'image/png' })
}

let crcTable: Uint32Array | null = null
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export async function canvasToPdfBlob(canvas: HTMLCanvasElement, dpi: number): Promise<Blob> {
  const { jsPDF } = await import('jspdf')
  // Page in points at the chosen DPI, so the image prints at its intended physical size.
  const widthPt = (canvas.width / dpi) * 72
  const heightPt = (canvas.height / dpi) * 72
  const pdf = new jsPDF({
    orientation: widthPt >= heightPt ? 'landscape' : 'portrait',
    unit: 'pt',
    format: [widthPt, heightPt],
  })
  pdf.addImage(canvas.toDataURL('image/png'), 'PNG', 0, 0, widthPt, heightPt)
  return pdf.output('blob')
}
