/**
 * Per-village attributes that depend on a rule set (`?ruleset=<id>` on tile URLs): coverage status
 * per network, full coverage, and — once the relocation engine is in — the relocation status.
 *
 * The tiles code does not compute any of this: each value comes from a provider (the coverage or
 * relocation engine), asked once per (data version, rule set) and cached by the tile service.
 *
 * Hook for the relocation engineer: `registerVillageStatusProvider({ name: 'relocation', fields:
 * { relocation: 'String' }, load })` at module load of your route plugin (or pass `statusProviders`
 * to `tilesRoutes`); the `villages` layer then carries `relocation` on both engines.
 */
import type { Database } from '../db/client'
import type { TileFieldType } from './tile-layers'

/** Attribute values one provider adds to one village (null/absent = left out of the tile). */
export type VillageTileStatus = Record<string, string | number | null>

export interface VillageStatusProvider {
  /** Unique name (`coverage`, `relocation`); a later registration with the same name replaces it. */
  name: string
  /** Attributes added to the `villages` layer, for TileJSON `vector_layers`. */
  fields: Record<string, TileFieldType>
  /**
   * Statuses of every village for `rulesetId`, keyed by village code. Called once per data
   * version and rule set; must throw `DomainError('ruleset-not-found', …)` for an unknown rule set.
   */
  load(database: Database, options: { rulesetId: string }): Promise<Map<string, VillageTileStatus>>
}

/** Coverage status strings as carried in tiles (`cov_<network>`). */
export type TileCoverageStatus = 'covered' | 'gap' | 'covered-when-planned'

export const COVERAGE_TILE_FIELDS: Record<string, TileFieldType> = {
  cov_road: 'String',
  cov_bus: 'String',
  cov_water: 'String',
  cov_power: 'String',
  cov_broadband: 'String',
  fully_covered: 'Number',
}

const registered = new Map<string, VillageStatusProvider>()

/** Adds (or replaces, by name) a provider used by every tile service that was not given its own list. */
export function registerVillageStatusProvider(provider: VillageStatusProvider): void {
  registered.set(provider.name, provider)
}

/** Removes a registered provider (tests). */
export function unregisterVillageStatusProvider(name: string): void {
  registered.delete(name)
}

/** Registered providers in registration order. */
export function registeredVillageStatusProviders(): VillageStatusProvider[] {
  return [...registered.values()]
}
