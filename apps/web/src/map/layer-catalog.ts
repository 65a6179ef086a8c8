import type { LayerSpecification } from 'maplibre-gl'
import { adminGroup } from './layers/admin'
import { broadbandGroup } from './layers/broadband'
import { candidatesGroup } from './layers/candidates'
import { clustersGroup, regionsGroup } from './layers/clusters'
import { busStopsGroup, facilitiesGroup } from './layers/facilities'
import { hazardsGroup } from './layers/hazards'
import { powerGroup } from './layers/power'
import { roadGroup } from './layers/road'
import { serviceAreasGroup } from './layers/service-areas'
import { sitesGroup } from './layers/sites'
import { solutionGroup } from './layers/solution'
import type { LayerContext, LayerGroup, LayerGroupId, LegendEntry } from './layers/types'
import { villagesGroup } from './layers/villages'
import { waterGroup } from './layers/water'

/** Every layer group, bottom to top: the drawing order and the legend order. */
export const LAYER_GROUPS: readonly LayerGroup[] = [
  hazardsGroup,
  serviceAreasGroup,
  adminGroup,
  regionsGroup,
  clustersGroup,
  waterGroup,
  powerGroup,
  broadbandGroup,
  roadGroup,
  busStopsGroup,
  facilitiesGroup,
  sitesGroup,
  solutionGroup,
  candidatesGroup,
  villagesGroup,
]

export type LayerVisibility = Record<LayerGroupId, boolean>

export const DEFAULT_VISIBILITY: LayerVisibility = {
  admin: true,
  hazards: false,
  'service-areas': false,
  road: true,
  water: false,
  power: false,
  broadband: false,
  villages: true,
  candidates: false,
  'bus-stops': false,
  facilities: false,
  sites: false,
  clusters: false,
  regions: false,
  solution: false,
}

/** Style layers of the visible groups, in drawing order. */
export function buildLayers(visibility: LayerVisibility, ctx: LayerContext): LayerSpecification[] {
  return LAYER_GROUPS.filter((group) => visibility[group.id]).flatMap((group) => group.layers(ctx))
}

export interface LegendSection {
  groupId: LayerGroupId
  titleKey: string
  entries: LegendEntry[]
}

/**
 * The legend for the visible groups, top-most group first (as a reader scans the map).
 * Entries come from the same tables the layer builders use.
 */
export function buildLegend(visibility: LayerVisibility, ctx: LayerContext): LegendSection[] {
  return [...LAYER_GROUPS]
    .reverse()
    .filter((group) => visibility[group.id])
    .map((group) => ({ groupId: group.id, titleKey: group.titleKey, entries: group.legend(ctx) }))
}
