import type { LayerVisibility } from '../../map/layer-catalog'
import type { ViewNetwork } from '../../map/layers/types'

/** A saved view: camera + layers + highlighted unit + title. */
export interface Slide {
  id: string
  title: string
  view: { center: [number, number]; zoom: number; bearing: number; pitch: number }
  visibility: LayerVisibility
  network: ViewNetwork
  adminCode: string | null
  adminName: string | null
  villageCode: string | null
}

export const SLIDES_KEY = 'tongcun.slides'

export function loadSlides(storage: Pick<Storage, 'getItem'> = localStorage): Slide[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(SLIDES_KEY) ?? '[]')
    return Array.isArray(parsed)
      ? (parsed as Slide[]).filter((s) => typeof s?.id === 'string' && !!s.view)
      : []
  } catch {
    return []
  }
}

export function saveSlides(slides: Slide[], storage: Pick<Storage, 'setItem'> = localStorage) {
  storage.setItem(SLIDES_KEY, JSON.stringify(slides))
}

/** Next slide index when stepping by `delta` (clamped, not wrapping: the last slide stays up). */
export function stepSlide(current: number | null, delta: number, count: number): number | null {
  if (count === 0) return null
  if (current === null) return delta >= 0 ? 0 : count - 1
  return Math.min(count - 1, Math.max(0, current + delta))
}
