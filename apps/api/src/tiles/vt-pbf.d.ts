// Types for vt-pbf 3.1 (ships none). Only the geojson-vt entry point is used.
declare module 'vt-pbf' {
  /** A feature in geojson-vt's "legacy" tile shape: integer tile coordinates, y down. */
  export interface GeojsonVtFeature {
    /** 1 point(s), 2 line(s), 3 polygon rings (exterior clockwise in tile coordinates, then holes). */
    type: 1 | 2 | 3
    /** type 1: `[[x, y], …]`; types 2/3: `[[[x, y], …], …]` (polygon rings closed). */
    geometry: [number, number][] | [number, number][][]
    tags: Record<string, string | number | boolean | null> | null
    id?: number
  }
  export interface GeojsonVtTile {
    features: GeojsonVtFeature[]
  }
  export function fromGeojsonVt(
    layers: Record<string, GeojsonVtTile>,
    options?: { version?: number; extent?: number },
  ): Uint8Array
}
