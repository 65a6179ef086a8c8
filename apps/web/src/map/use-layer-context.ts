import { useMemo } from 'react'
import { useAppState } from '../state/app-state'
import type { LayerContext } from './layers/types'

/** The layer builders' input, derived from the app state. */
export function useLayerContext(): LayerContext {
  const { state } = useAppState()
  return useMemo(
    () => ({
      network: state.network,
      theme: state.projector ? 'projector' : 'normal',
      hasCoverage: state.rulesetId !== null,
      selectedVillage: state.villageCode,
      selectedAdmin: state.adminCode,
    }),
    [state.network, state.projector, state.rulesetId, state.villageCode, state.adminCode],
  )
}
