import type { BuiltNetwork, CostRule, TerrainClass } from '@tongcun/domain'

/** Terrain class of a village from its slope (degrees); `defaultTerrain` when unknown. */
export function classifyTerrain(
  slopeDeg: number | null | undefined,
  costs: CostRule,
): TerrainClass {
  if (slopeDeg === null || slopeDeg === undefined || !Number.isFinite(slopeDeg))
    return costs.defaultTerrain
  if (slopeDeg >= costs.mountainSlopeDeg) return 'mountain'
  if (slopeDeg >= costs.hillySlopeDeg) return 'hilly'
  return 'flat'
}

/** Rounds metres to 0.1 m (deterministic half-up on the absolute value). */
export function roundMetres(value: number): number {
  return (Math.sign(value) * Math.round(Math.abs(value) * 10)) / 10
}

/** Rounds CNY to whole yuan. */
export function roundYuan(value: number): number {
  return Math.round(value)
}

/** Built length (metres) for a straight length in a terrain. */
export function builtLengthM(straightM: number, terrain: TerrainClass, costs: CostRule): number {
  return straightM * costs.routeFactor[terrain]
}

/** Cost (CNY, unrounded) of building `builtM` metres of `network` in `terrain`. */
export function buildCost(
  builtM: number,
  network: BuiltNetwork,
  terrain: TerrainClass,
  costs: CostRule,
): number {
  return (builtM / 1000) * costs.perKm[network][terrain]
}
