/**
 * `selectInKeyRanges`: a whole layer for an analysis (a national select is 2.4M rows) read in
 * ranges of its unique key, each range as two values — its rows as one JSON array (`json_agg`)
 * and its geometries as one run of WKB (`string_agg(ST_AsBinary(…))`) — instead of a protocol row
 * per feature. Why (national set, PostgreSQL, CPU profile of the plain select): `pg` decoded ~12
 * text fields per row in JavaScript and kept every row of the result alive until the last arrived,
 * so a million rows of a dozen strings each were copied by V8's young-generation collector and
 * promoted before they became garbage (9.6 s of a 38 s select). Here the rows are parsed by the
 * engine's JSON parser, geometry needs no decimal text either way, a range's garbage dies young,
 * and with a few ranges in flight the server prepares the next while this process maps the current
 * one (`pg` pools 4 connections; PGlite runs them one after another).
 */
import { ColumnNode, ReferenceNode, sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { Geometry } from 'geojson'
import type { DB } from '../schema'
import { readWkbSequence } from '../wkb'

/** Rows per range: a round trip is noise beside it, and its garbage fits the young generation. */
const RANGE_ROWS = 8192
/** Ranges requested at once. */
const IN_FLIGHT = 3

export interface KeyRangeSelect<TB extends keyof DB, Row> {
  /** Plain columns (no geometry, no expressions), filtered, not ordered. */
  attributes: SelectQueryBuilder<DB, TB, Row>
  /** The unique, indexed key, qualified (`network_line.id`). */
  key: string
  /** The geometry column, qualified (`network_line.geom`). */
  geometry: string
  /**
   * Output names of the columns of `attributes` to select; the others are not selected and come
   * as null in every row (same row shape). Default: all.
   */
  only?: readonly string[]
}

/** A select's columns, in order: qualified reference and output name (plain columns only). */
function listColumns(
  query: SelectQueryBuilder<DB, keyof DB, unknown>,
): { ref: string; name: string }[] {
  return (query.toOperationNode().selections ?? []).map(({ selection }) => {
    if (ReferenceNode.is(selection) && ColumnNode.is(selection.column) && selection.table) {
      const name = selection.column.column.name
      return { ref: `${selection.table.table.identifier.name}.${name}`, name }
    }
    throw new Error(`selectInKeyRanges: only qualified plain columns, got a ${selection.kind}`)
  })
}

/**
 * The rows of `select.attributes` in key order, each handed to `map` with its geometry (WKB read at
 * full precision; a Multi* of one part comes back as that part) as its range arrives. Values are
 * as JSON carries them: numbers, strings, arrays, null (numeric columns hold finite numbers: the
 * importer rejects NaN and infinities). `rangeRows` (default 8192) is for tests.
 */
export async function selectInKeyRanges<TB extends keyof DB, Row, Out>(
  db: Kysely<DB>,
  select: KeyRangeSelect<TB, Row>,
  map: (row: Row & { geometry: Geometry }) => Out,
  options: { rangeRows?: number } = {},
): Promise<Out[]> {
  const rangeRows = options.rangeRows ?? RANGE_ROWS
  const key = sql.ref(select.key)
  const listed = listColumns(select.attributes)
  const only = select.only
  const unknown = only?.filter((name) => !listed.some((column) => column.name === name)) ?? []
  if (unknown.length > 0)
    throw new Error(`selectInKeyRanges: no column ${unknown.join(', ')} in ${select.key}'s select`)
  const columns = only ? listed.filter((column) => only.includes(column.name)) : listed
  const absent = listed.filter((column) => !columns.includes(column)).map((column) => column.name)
  // Every RANGE_ROWS-th key: a sort of the keys alone, not of the rows.
  const counted = select.attributes
    .clearSelect()
    .select([key.as('range_key'), sql<number>`row_number() OVER (ORDER BY ${key})`.as('range_row')])
  const { rows: edgeRows } = await sql<{ range_key: string }>`SELECT range_key
    FROM (${counted}) AS counted WHERE range_row % ${rangeRows} = 0 ORDER BY range_key`.execute(db)
  const edges = edgeRows.map((row) => row.range_key)
  const values = sql.join(columns.map((column) => sql.ref(column.ref)))

  const fetchRange = async (index: number): Promise<Out[]> => {
    let query = select.attributes.clearSelect()
    const after = edges[index - 1]
    const upTo = edges[index]
    if (after !== undefined) query = query.where(sql<boolean>`${key} > ${after}`)
    if (upTo !== undefined) query = query.where(sql<boolean>`${key} <= ${upTo}`)
    const found = await query
      .select([
        // Arrays, not objects: JSON without the column names is a third of the text to parse.
        sql<unknown[][] | null>`json_agg(json_build_array(${values}) ORDER BY ${key})`.as('rows'),
        sql<Uint8Array | null>`string_agg(ST_AsBinary(${sql.ref(select.geometry)}), ''::bytea ORDER BY ${key})`.as(
          'wkb',
        ),
      ])
      .executeTakeFirst()
    const rows = found?.rows ?? []
    const geometries = readWkbSequence(found?.wkb ?? new Uint8Array(0))
    if (geometries.length !== rows.length) {
      throw new Error(`bulk select: ${rows.length} rows but ${geometries.length} geometries`)
    }
    return rows.map((values, i) => {
      // Properties added in one order, so every row shares one object shape.
      const row: Record<string, unknown> = {}
      for (let c = 0; c < columns.length; c++)
        row[(columns[c] as { name: string }).name] = values[c]
      for (const name of absent) row[name] = null
      row.geometry = geometries[i]
      return map(row as Row & { geometry: Geometry })
    })
  }

  const count = edges.length + 1
  const inFlight = new Map<number, Promise<Out[]>>()
  const out: Out[] = []
  for (let index = 0; index < count; index++) {
    for (let next = index; next < Math.min(count, index + IN_FLIGHT); next++) {
      if (inFlight.has(next)) continue
      const range = fetchRange(next)
      // Awaited in order below; marked handled now so that a range failing while an earlier one
      // is awaited rejects this call instead of ending the process as an unhandled rejection.
      range.catch(() => undefined)
      inFlight.set(next, range)
    }
    const range = await (inFlight.get(index) as Promise<Out[]>)
    inFlight.delete(index)
    for (const item of range) out.push(item)
  }
  return out
}
