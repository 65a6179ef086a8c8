/**
 * PostGIS reference computations for the clustering tests and bench (independent of the package):
 * `ST_ClusterDBSCAN` labels, and core-ness from an `ST_DWithin` self-join, both on
 * `ST_Transform(geom, <epsg>)`.
 */
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema'

export interface ReferencePoint {
  id: string
  lng: number
  lat: number
}

export interface PostgisDbscan {
  /** ST_ClusterDBSCAN label per point (input order), null for noise. */
  labels: Array<number | null>
  /** Projected coordinates from ST_Transform, metres. */
  xs: number[]
  ys: number[]
}

function arrays(points: readonly ReferencePoint[]): {
  ids: string[]
  lngs: number[]
  lats: number[]
} {
  return {
    ids: points.map((p) => p.id),
    lngs: points.map((p) => p.lng),
    lats: points.map((p) => p.lat),
  }
}

/** `ST_ClusterDBSCAN(ST_Transform(geom, epsg), eps, minpoints) OVER ()` over the points, plus projected x/y. */
export async function postgisDbscan(
  db: Kysely<DB>,
  points: readonly ReferencePoint[],
  epsg: number,
  epsM: number,
  minPoints: number,
): Promise<PostgisDbscan> {
  const { ids, lngs, lats } = arrays(points)
  const result = await sql<{ id: string; cid: number | null; x: number; y: number }>`
    WITH p AS (
      SELECT t.id, ST_Transform(ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326), ${epsg}::int) AS g
      FROM unnest(${ids}::text[], ${lngs}::float8[], ${lats}::float8[]) AS t(id, lng, lat)
    )
    SELECT id, ST_ClusterDBSCAN(g, ${epsM}::float8, ${minPoints}::int) OVER () AS cid, ST_X(g) AS x, ST_Y(g) AS y FROM p`.execute(
    db,
  )
  const byId = new Map(result.rows.map((row) => [row.id, row]))
  return {
    labels: points.map((p) => byId.get(p.id)?.cid ?? null),
    xs: points.map((p) => Number(byId.get(p.id)?.x)),
    ys: points.map((p) => Number(byId.get(p.id)?.y)),
  }
}

/** Neighbour lists (indices, self included) within eps by `ST_DWithin` on the projected points. */
export async function postgisNeighbours(
  db: Kysely<DB>,
  points: readonly ReferencePoint[],
  epsg: number,
  epsM: number,
): Promise<number[][]> {
  const { ids, lngs, lats } = arrays(points)
  const result = await sql<{ a: number; b: number }>`
    WITH p AS (
      SELECT (t.ord - 1)::int AS i, ST_Transform(ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326), ${epsg}::int) AS g
      FROM unnest(${ids}::text[], ${lngs}::float8[], ${lats}::float8[]) WITH ORDINALITY AS t(id, lng, lat, ord)
    )
    SELECT p1.i AS a, p2.i AS b FROM p p1 JOIN p p2 ON ST_DWithin(p1.g, p2.g, ${epsM}::float8)`.execute(
    db,
  )
  const lists: number[][] = points.map(() => [])
  for (const row of result.rows) lists[Number(row.a)]?.push(Number(row.b))
  return lists
}

/**
 * Compares a labelling (null / -1 = noise) with PostGIS: core sets by ST_DWithin counts, identical noise,
 * identical core partition, and each border point in the cluster of one of its core neighbours (on both sides).
 * @returns mismatches, empty when equal
 */
export function comparePartitions(
  ours: ReadonlyArray<number | null>,
  oursCore: ReadonlyArray<boolean>,
  theirs: ReadonlyArray<number | null>,
  neighbours: number[][],
  minPoints: number,
): string[] {
  const problems: string[] = []
  const isCore = neighbours.map((list) => list.length >= minPoints)
  const toTheirs = new Map<number, number>()
  const toOurs = new Map<number, number>()
  ours.forEach((label, i) => {
    if (oursCore[i] !== isCore[i])
      problems.push(`point ${i}: core ${oursCore[i]} here, ${isCore[i]} by ST_DWithin`)
    if (!isCore[i]) return
    const their = theirs[i]
    if (label === null || their === null || their === undefined) {
      problems.push(`core point ${i}: labels ${label} / ${their}`)
      return
    }
    if ((toTheirs.get(label) ?? their) !== their)
      problems.push(`cluster ${label} maps to PostGIS ${toTheirs.get(label)} and ${their}`)
    if ((toOurs.get(their) ?? label) !== label)
      problems.push(`PostGIS cluster ${their} maps to ${toOurs.get(their)} and ${label}`)
    toTheirs.set(label, their)
    toOurs.set(their, label)
  })
  ours.forEach((label, i) => {
    if (isCore[i]) return
    const coreNeighbours = (neighbours[i] ?? []).filter((j) => isCore[j])
    const their = theirs[i] ?? null
    if (coreNeighbours.length === 0) {
      if (label !== null) problems.push(`noise point ${i} labelled ${label} here`)
      if (their !== null) problems.push(`noise point ${i} labelled ${their} by PostGIS`)
      return
    }
    if (label === null || !coreNeighbours.some((j) => ours[j] === label))
      problems.push(`border point ${i}: cluster ${label} has no core neighbour of it here`)
    if (their === null || !coreNeighbours.some((j) => theirs[j] === their))
      problems.push(`border point ${i}: PostGIS cluster ${their} has no core neighbour of it`)
  })
  return problems
}
