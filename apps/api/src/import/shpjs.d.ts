// shpjs 6 ships no types; only the two parsers we use are declared.
declare module 'shpjs' {
  import type { Geometry } from 'geojson'
  /** Parses .shp bytes; with `prj` false the coordinates are returned as stored. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string | false): Geometry[]
  /** Parses .dbf bytes, decoding text with the .cpg encoding label (TextDecoder). */
  export function parseDbf(
    dbf: ArrayBuffer | ArrayBufferView,
    cpg?: string,
  ): Record<string, unknown>[]
}
