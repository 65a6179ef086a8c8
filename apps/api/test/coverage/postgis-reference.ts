/**
 * Independent PostGIS reference for the coverage engine: per village, the minimum
 * `ST_Distance(v.geom::geography, part::geography)` over the qualifying line parts, with the
 * qualification filters (network, status, class, surface, voltage) written in SQL here. Only
 * connectivity comes from the engine (`listCountingParts`), as a list of `id:part` keys that SQL
 * intersects with its own filter. Bus: nearest existing bus stop. Service areas and cell sites are
 * tested with `ST_Covers` / `ST_DWithin` on geography.
 */
import { sql } from 'kysely'
import type { CoverageResult, RegionData, RuleSet } from '@tongcun/domain'
import { listCountingParts } from '@tongcun/coverage'
import type { Database } from '../../src/db/client'

export interface ReferenceRow {
  code: string
  /** PostGIS distance in metres, null when no qualifying feature. */
  distanceM: number | null
  /** Covered by a service area or a cell site (water, broadband). */
  coveredOtherwise: boolean
}

/**
 * PostGIS distances for `network` and the villages of `result`. With `searchRadiusFrom` the minimum
 * is taken over parts within (engine distance + 5 m) — a search radius only: a closer part the
 * engine missed is still inside it, and a wrong engine distance still shows as a different minimum.
 */
export async function referenceDistances(
  database: Database,
  region: RegionData,
  ruleset: RuleSet,
  result: CoverageResult,
  network: 'road' | 'bus' | 'water' | 'power' | 'broadband',
  options: { codes?: string[]; searchRadiusFrom?: boolean } = {},
): Promise<Map<string, ReferenceRow>> {
  const wanted = new Set(options.codes ?? result.villages.map((v) => v.code))
  const villages = result.villages.filter((v) => wanted.has(v.code))
  const codes = villages.map((v) => v.code)
  const radii = villages.map((v) => (v.coverage[network].distanceM ?? 1e7) + 5)
  return database.db.connection().execute(async (db) => {
    await sql`DROP TABLE IF EXISTS ref_targets`.execute(db)
    if (network === 'bus') {
      await sql`CREATE TEMP TABLE ref_targets AS
        SELECT f.id, f.geom::geography AS geog FROM facility f
        WHERE f.kind = 'bus-stop' AND f.status = 'existing'`.execute(db)
    } else {
      const keys = listCountingParts(region, ruleset)[network].map((p) => `${p.id}:${p.part}`)
      if (network === 'road') {
        const rule = ruleset.road
        if (!rule) throw new Error('rule set has no road rule')
        await sql`CREATE TEMP TABLE ref_targets AS
          SELECT l.id, (d.path[1] - 1) AS part, d.geom::geography AS geog
          FROM network_line l, ST_Dump(l.geom) d
          WHERE l.network = 'road' AND l.status = 'existing'
            AND l.class = ANY(${rule.classes}::text[]) AND coalesce(l.surface, 'unknown') = ANY(${rule.surfaces}::text[])
            AND (l.id || ':' || (d.path[1] - 1)) = ANY(${keys}::text[])`.execute(db)
      } else {
        const rule = ruleset[network]
        if (!rule) throw new Error(`rule set has no ${network} rule`)
        await sql`CREATE TEMP TABLE ref_targets AS
          SELECT l.id, (d.path[1] - 1) AS part, d.geom::geography AS geog
          FROM network_line l, ST_Dump(l.geom) d
          WHERE l.network = ${network} AND l.status = 'existing'
            AND (cardinality(${rule.classes}::text[]) = 0 OR l.class = ANY(${rule.classes}::text[]))
            AND (${rule.minVoltageKv}::float8 IS NULL OR l.voltage_kv >= ${rule.minVoltageKv}::float8)
            AND (l.id || ':' || (d.path[1] - 1)) = ANY(${keys}::text[])`.execute(db)
      }
    }
    await sql`CREATE INDEX ref_targets_geog ON ref_targets USING gist (geog)`.execute(db)
    const lineRule =
      network === 'water' || network === 'power' || network === 'broadband'
        ? ruleset[network]
        : null
    const areaKinds = lineRule?.serviceAreaKinds ?? []
    const cells = lineRule?.countCellSites ?? false
    const distance = options.searchRadiusFrom
      ? sql`(SELECT min(ST_Distance(v.geom::geography, t.geog)) FROM ref_targets t WHERE ST_DWithin(t.geog, v.geom::geography, q.radius))`
      : sql`(SELECT min(ST_Distance(v.geom::geography, t.geog)) FROM ref_targets t)`
    const rows = await sql<{ code: string; distance: number | null; covered_otherwise: boolean }>`
      SELECT v.code, ${distance} AS distance,
        (EXISTS (SELECT 1 FROM service_area a WHERE a.network = ${network} AND a.status = 'existing'
                  AND a.kind = ANY(${areaKinds}::text[]) AND ST_Covers(a.geom, v.geom))
         OR (${cells}::boolean AND EXISTS (SELECT 1 FROM facility f WHERE f.kind = 'cell-site' AND f.status = 'existing'
                  AND ST_DWithin(v.geom::geography, f.geom::geography, f.radius_m)))) AS covered_otherwise
      FROM unnest(${codes}::text[], ${radii}::float8[]) AS q(code, radius)
      JOIN village v ON v.code = q.code
      ORDER BY v.code`.execute(db)
    await sql`DROP TABLE ref_targets`.execute(db)
    return new Map(
      rows.rows.map((row) => [
        row.code,
        {
          code: row.code,
          distanceM: row.distance === null ? null : Number(row.distance),
          coveredOtherwise: row.covered_otherwise,
        },
      ]),
    )
  })
}
