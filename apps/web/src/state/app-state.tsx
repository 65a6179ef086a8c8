import type { FeatureCollection } from 'geojson'
import { createContext, useContext, type Dispatch } from 'react'
import type { Bbox } from '../api/types'
import type { Locale } from '../i18n'
import type { LayerVisibility } from '../map/layer-catalog'
import { DEFAULT_VISIBILITY } from '../map/layer-catalog'
import type { LayerGroupId, ViewNetwork } from '../map/layers/types'
import type { Overlays } from '../map/style'

/** A camera request the map carries out once (`seq` makes repeated requests distinct). */
export type CameraRequest =
  | { kind: 'fit'; bbox: Bbox; seq: number }
  | { kind: 'focus'; lngLat: [number, number]; zoom: number; seq: number }
  | {
      kind: 'view'
      center: [number, number]
      zoom: number
      bearing: number
      pitch: number
      seq: number
    }

export interface AppState {
  locale: Locale
  rulesetId: string | null
  rulesetName: string | null
  rulesetNameZh: string | null
  network: ViewNetwork
  visibility: LayerVisibility
  adminCode: string | null
  adminName: string | null
  villageCode: string | null
  projector: boolean
  overlays: Overlays
  camera: CameraRequest | null
  /** The map has drawn once: heavy panel requests wait for it so the first paint comes first. */
  mapReady: boolean
  /** Title shown in the projector title block (a slide's title, else the region name). */
  slideTitle: string | null
  /**
   * Bumped after a write the tiles show (a relocation decision): goes on the tile URLs as `rev=`,
   * so the map refetches its vector tiles (the old URLs are cached as immutable by the browser).
   */
  tileRevision: number
}

export type AppAction =
  | { type: 'set-locale'; locale: Locale }
  | { type: 'set-ruleset'; id: string | null; name: string | null; nameZh?: string | null }
  | { type: 'set-network'; network: ViewNetwork }
  | { type: 'toggle-layer'; id: LayerGroupId; visible?: boolean }
  | { type: 'select-admin'; code: string; name: string; bbox: Bbox | null }
  | { type: 'select-village'; code: string | null; lngLat?: [number, number] }
  | { type: 'set-projector'; on: boolean }
  | { type: 'map-ready' }
  | { type: 'tiles-changed' }
  | { type: 'admin-loaded'; code: string; name: string; bbox: Bbox | null; fit: boolean }
  | { type: 'set-overlay'; key: keyof Overlays; data: FeatureCollection | null }
  | {
      type: 'apply-slide'
      title: string
      visibility: LayerVisibility
      network: ViewNetwork
      adminCode: string | null
      adminName: string | null
      villageCode: string | null
      view: { center: [number, number]; zoom: number; bearing: number; pitch: number }
    }

export function createInitialState(locale: Locale): AppState {
  return {
    locale,
    rulesetId: null,
    rulesetName: null,
    rulesetNameZh: null,
    network: 'full',
    visibility: { ...DEFAULT_VISIBILITY },
    adminCode: null,
    adminName: null,
    villageCode: null,
    projector: false,
    overlays: { clusters: null, regions: null, solution: null },
    camera: null,
    slideTitle: null,
    mapReady: false,
    tileRevision: 0,
  }
}

let cameraSeq = 0
const nextSeq = () => ++cameraSeq

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'set-locale':
      return { ...state, locale: action.locale }
    case 'set-ruleset':
      return {
        ...state,
        rulesetId: action.id,
        rulesetName: action.name,
        rulesetNameZh: action.nameZh ?? null,
      }
    case 'set-network':
      return { ...state, network: action.network }
    case 'toggle-layer':
      return {
        ...state,
        visibility: {
          ...state.visibility,
          [action.id]: action.visible ?? !state.visibility[action.id],
        },
      }
    case 'select-admin':
      return {
        ...state,
        adminCode: action.code,
        adminName: action.name,
        slideTitle: null,
        camera: action.bbox ? { kind: 'fit', bbox: action.bbox, seq: nextSeq() } : state.camera,
      }
    case 'select-village':
      return {
        ...state,
        villageCode: action.code,
        camera: action.lngLat
          ? { kind: 'focus', lngLat: action.lngLat, zoom: 12, seq: nextSeq() }
          : state.camera,
      }
    case 'set-projector':
      return { ...state, projector: action.on }
    case 'map-ready':
      return state.mapReady ? state : { ...state, mapReady: true }
    case 'tiles-changed':
      return { ...state, tileRevision: state.tileRevision + 1 }
    case 'admin-loaded':
      if (action.code !== state.adminCode) return state
      return {
        ...state,
        adminName: action.name,
        camera:
          action.fit && action.bbox
            ? { kind: 'fit', bbox: action.bbox, seq: nextSeq() }
            : state.camera,
      }
    case 'set-overlay': {
      const overlays = { ...state.overlays, [action.key]: action.data }
      const group: LayerGroupId = action.key
      return {
        ...state,
        overlays,
        visibility: { ...state.visibility, [group]: action.data !== null },
      }
    }
    case 'apply-slide':
      return {
        ...state,
        slideTitle: action.title,
        visibility: { ...action.visibility },
        network: action.network,
        adminCode: action.adminCode,
        adminName: action.adminName,
        villageCode: action.villageCode,
        camera: { kind: 'view', ...action.view, seq: nextSeq() },
      }
  }
}

export const AppStateContext = createContext<{
  state: AppState
  dispatch: Dispatch<AppAction>
} | null>(null)

export function useAppState() {
  const value = useContext(AppStateContext)
  if (!value) throw new Error('useAppState outside <AppStateContext.Provider>')
  return value
}
