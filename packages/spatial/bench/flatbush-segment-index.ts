/**
 * The pre-grid `SegmentIndex` (flatbush over segment boxes), kept as the baseline and the oracle of
 * `bench/nearest.ts`: the query algorithm is the one `src/segment-index.ts` had before the uniform
 * grid replaced flatbush, unchanged; only what the bench does not call is trimmed (segment and part
 * accessors, `distanceToSegmentM`). Segment lengths and ordinals are still computed and kept, as
 * before, so that build times compare like for like. Not exported from the package; bench use only.
 *
 * Original module comment:
 *
 * Nearest-segment search with distances that agree with PostGIS `ST_Distance(geography)`.
 *
 * Model (the one PostGIS uses for geography): an edge between two vertices is the great-circle arc
 * on the unit sphere; the nearest point of a line to a point is found on that sphere (within one
 * linestring the edge with the smallest spherical distance wins, first edge on ties), and the
 * reported distance is the WGS84 geodesic distance from the point to that nearest point. The minimum
 * is then taken over linestrings (the parts of multi-part features) and features.
 *
 * Index: flatbush over segment bounding boxes in a {@link LocalProjection}. A query takes the segment
 * with the nearest box (flatbush kNN) and measures it for an upper bound, then searches a box large
 * enough (after the projection's distortion bound) to hold every segment that could be within
 * 2 % + 1 m of the best, and refines those exactly. Points (single-position parts) are zero-length segments.
 */
import Flatbush from 'flatbush'
import type { Position } from 'geojson'
import {
  MEAN_EARTH_RADIUS_M,
  fromUnitVector,
  toUnitVector,
  unitVectorDistanceM,
} from '../src/geodesic'
import type { LocalProjection } from '../src/projection'

/** One indexed feature: its parts (linestrings; a single position is a point). */
export interface SegmentSource {
  parts: readonly (readonly Position[])[]
}

/** Result of a nearest query. */
export interface NearestSegment {
  /** WGS84 geodesic distance in metres from the query point to the nearest point. */
  distanceM: number
  /** Index of the feature in the array given to {@link FlatbushSegmentIndex.build}. */
  featureIndex: number
  /** Global part number (see the part numbering of the grid `SegmentIndex`). */
  partIndex: number
  /** Global segment number. */
  segment: number
  /** Position of the nearest point along the segment, 0 = start vertex, 1 = end vertex. */
  fraction: number
  /** The nearest point, `[lng, lat]`. */
  point: [number, number]
}

const BAND_FACTOR = 1.02
const BAND_M = 1

/** Nearest point of a great-circle arc to a point, PostGIS `edge_distance_to_point` semantics. */
interface ArcHit {
  /** Squared chord on the unit sphere (monotone in spherical distance). */
  chord2: number
  qx: number
  qy: number
  qz: number
  fraction: number
}

/**
 * Nearest point on the great-circle arc a→b (unit vectors, n = a×b) to unit vector p.
 * Candidates in PostGIS order: the interior foot (if inside the arc), then a, then b; strict `<`.
 */
function nearestOnArc(
  px: number,
  py: number,
  pz: number,
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  nx: number,
  ny: number,
  nz: number,
  out: ArcHit,
): void {
  let best = Infinity
  const nn = nx * nx + ny * ny + nz * nz
  if (nn > 1e-30) {
    const s = (px * nx + py * ny + pz * nz) / nn
    let kx = px - s * nx
    let ky = py - s * ny
    let kz = pz - s * nz
    const kn = Math.sqrt(kx * kx + ky * ky + kz * kz)
    if (kn > 1e-15) {
      kx /= kn
      ky /= kn
      kz /= kn
      // k lies on the arc when a×k and k×b both point along n.
      const c1 = (ay * kz - az * ky) * nx + (az * kx - ax * kz) * ny + (ax * ky - ay * kx) * nz
      const c2 = (ky * bz - kz * by) * nx + (kz * bx - kx * bz) * ny + (kx * by - ky * bx) * nz
      if (c1 >= 0 && c2 >= 0) {
        const dx = px - kx
        const dy = py - ky
        const dz = pz - kz
        best = dx * dx + dy * dy + dz * dz
        out.qx = kx
        out.qy = ky
        out.qz = kz
        const ex = kx - ax
        const ey = ky - ay
        const ez = kz - az
        const fx = bx - ax
        const fy = by - ay
        const fz = bz - az
        const lenAB = Math.sqrt(fx * fx + fy * fy + fz * fz)
        out.fraction = lenAB > 0 ? Math.min(1, Math.sqrt(ex * ex + ey * ey + ez * ez) / lenAB) : 0
      }
    }
  }
  const dax = px - ax
  const day = py - ay
  const daz = pz - az
  const da = dax * dax + day * day + daz * daz
  if (da < best) {
    best = da
    out.qx = ax
    out.qy = ay
    out.qz = az
    out.fraction = 0
  }
  const dbx = px - bx
  const dby = py - by
  const dbz = pz - bz
  const db = dbx * dbx + dby * dby + dbz * dbz
  if (db < best) {
    best = db
    out.qx = bx
    out.qy = by
    out.qz = bz
    out.fraction = 1
  }
  out.chord2 = best
}

function chordToMetres(chord2: number): number {
  const chord = Math.sqrt(chord2)
  return 2 * MEAN_EARTH_RADIUS_M * Math.asin(Math.min(1, chord / 2))
}

/**
 * Static index of the segments of a set of line (or point) features. Build once, query many times.
 * Immutable after build; never modifies its input.
 */
export class FlatbushSegmentIndex {
  /** Number of segments. */
  readonly size: number
  private readonly projection: LocalProjection
  private readonly flat: Flatbush | null
  /** a.xyz, b.xyz, n.xyz per segment. */
  private readonly vec: Float64Array
  private readonly segPart: Int32Array
  /** Kept (unread here) so that the build does the work it did: see the module comment. */
  private readonly segOrdinal: Int32Array
  private readonly partFeatures: Int32Array
  /** Kept (unread here), as {@link segOrdinal}. */
  private readonly segLength: Float64Array
  /** minX, minY, maxX, maxY per segment in the projection. */
  private readonly boxes: Float64Array
  /**
   * Global segment number of each flatbush item; null when every segment is indexed in order (then
   * item = segment). Set on indexes made by {@link FlatbushSegmentIndex.withParts}.
   */
  private readonly itemSegment: Int32Array | null
  /** First search radius (projected metres): the mean segment box size (w + h), at least 500 m. */
  private readonly startRadius: number
  private readonly scratchHit: ArcHit = { chord2: 0, qx: 0, qy: 0, qz: 0, fraction: 0 }
  private scratchChords = new Float64Array(64)

  private constructor(
    projection: LocalProjection,
    flat: Flatbush | null,
    vec: Float64Array,
    segPart: Int32Array,
    segOrdinal: Int32Array,
    partFeatures: Int32Array,
    segLength: Float64Array,
    boxes: Float64Array,
    itemSegment: Int32Array | null,
  ) {
    this.boxes = boxes
    this.itemSegment = itemSegment
    const itemCount = itemSegment ? itemSegment.length : segPart.length
    let sizes = 0
    for (let item = 0; item < itemCount; item++) {
      const o = (itemSegment ? (itemSegment[item] ?? 0) : item) * 4
      sizes += (boxes[o + 2] ?? 0) - (boxes[o] ?? 0) + (boxes[o + 3] ?? 0) - (boxes[o + 1] ?? 0)
    }
    this.startRadius = Math.max(500, itemCount > 0 ? sizes / itemCount : 0)
    this.projection = projection
    this.flat = flat
    this.vec = vec
    this.segPart = segPart
    this.segOrdinal = segOrdinal
    this.partFeatures = partFeatures
    this.segLength = segLength
    this.size = segPart.length
  }

  /**
   * Indexes every segment of every part of `sources`. Parts with one position become zero-length
   * segments (points); parts with no positions are ignored. Consecutive duplicate vertices are kept
   * (they give zero-length segments, which are harmless).
   */
  static build(
    sources: readonly SegmentSource[],
    projection: LocalProjection,
  ): FlatbushSegmentIndex {
    let segmentCount = 0
    let partCount = 0
    for (const source of sources) {
      for (const part of source.parts) {
        if (part.length === 0) continue
        partCount++
        segmentCount += Math.max(1, part.length - 1)
      }
    }
    const vec = new Float64Array(segmentCount * 9)
    const segPart = new Int32Array(segmentCount)
    const segOrdinal = new Int32Array(segmentCount)
    const segLength = new Float64Array(segmentCount)
    const partFeatures = new Int32Array(partCount)
    const flat = segmentCount > 0 ? new Flatbush(segmentCount) : null
    const boxes = new Float64Array(segmentCount * 4)
    let seg = 0
    let partIndex = 0
    sources.forEach((source, featureIndex) => {
      for (const part of source.parts) {
        if (part.length === 0) continue
        partFeatures[partIndex] = featureIndex
        const last = Math.max(1, part.length - 1)
        for (let i = 0; i < last; i++) {
          const start = part[i] as Position
          const end = (part[i + 1] ?? start) as Position
          const a = toUnitVector(start[0] ?? 0, start[1] ?? 0)
          const b = toUnitVector(end[0] ?? 0, end[1] ?? 0)
          const o = seg * 9
          vec[o] = a[0]
          vec[o + 1] = a[1]
          vec[o + 2] = a[2]
          vec[o + 3] = b[0]
          vec[o + 4] = b[1]
          vec[o + 5] = b[2]
          vec[o + 6] = a[1] * b[2] - a[2] * b[1]
          vec[o + 7] = a[2] * b[0] - a[0] * b[2]
          vec[o + 8] = a[0] * b[1] - a[1] * b[0]
          segLength[seg] = unitVectorDistanceM(a[0], a[1], a[2], b[0], b[1], b[2])
          segPart[seg] = partIndex
          segOrdinal[seg] = i
          const [x1, y1] = projection.project(start[0] ?? 0, start[1] ?? 0)
          const [x2, y2] = projection.project(end[0] ?? 0, end[1] ?? 0)
          boxes[seg * 4] = Math.min(x1, x2)
          boxes[seg * 4 + 1] = Math.min(y1, y2)
          boxes[seg * 4 + 2] = Math.max(x1, x2)
          boxes[seg * 4 + 3] = Math.max(y1, y2)
          flat?.add(
            boxes[seg * 4] ?? 0,
            boxes[seg * 4 + 1] ?? 0,
            boxes[seg * 4 + 2] ?? 0,
            boxes[seg * 4 + 3] ?? 0,
          )
          seg++
        }
        partIndex++
      }
    })
    flat?.finish()
    return new FlatbushSegmentIndex(
      projection,
      flat,
      vec,
      segPart,
      segOrdinal,
      partFeatures,
      segLength,
      boxes,
      null,
    )
  }

  /**
   * The same segments (same numbering, features and parts) with only the parts where
   * `partMask[part] === 1` searchable. `nearest(lng, lat)` on it equals `nearest(lng, lat, partMask)`
   * on this index, but is much faster when many queries share one mask: a filter inside the tree
   * search visits every masked-out segment near the query (and the kNN seed of {@link nearest}
   * cannot prune on them), whereas rebuilding a flatbush over the kept boxes is O(n log n) once.
   */
  withParts(partMask: Uint8Array): FlatbushSegmentIndex {
    let count = 0
    for (let segment = 0; segment < this.size; segment++)
      if (partMask[this.segPart[segment] ?? 0] === 1) count++
    const itemSegment = new Int32Array(count)
    const flat = count > 0 ? new Flatbush(count) : null
    const boxes = this.boxes
    let item = 0
    for (let segment = 0; segment < this.size; segment++) {
      if (partMask[this.segPart[segment] ?? 0] !== 1) continue
      // Items are added in segment order, so item order = segment order (sorting stays valid).
      itemSegment[item++] = segment
      const o = segment * 4
      flat?.add(boxes[o] ?? 0, boxes[o + 1] ?? 0, boxes[o + 2] ?? 0, boxes[o + 3] ?? 0)
    }
    flat?.finish()
    return new FlatbushSegmentIndex(
      this.projection,
      flat,
      this.vec,
      this.segPart,
      this.segOrdinal,
      this.partFeatures,
      this.segLength,
      boxes,
      itemSegment,
    )
  }

  /** Global segment numbers of flatbush items, ascending (items are in segment order). */
  private toSegments(items: number[]): number[] {
    const itemSegment = this.itemSegment
    if (itemSegment)
      for (let i = 0; i < items.length; i++) items[i] = itemSegment[items[i] ?? 0] ?? 0
    if (items.length > 48) return items.sort((a, b) => a - b)
    // Insertion sort: searches return a few dozen items, where the comparator calls of
    // Array.prototype.sort cost more than the sorting itself.
    for (let i = 1; i < items.length; i++) {
      const item = items[i] ?? 0
      let j = i - 1
      while (j >= 0 && (items[j] ?? 0) > item) {
        items[j + 1] = items[j] ?? 0
        j--
      }
      items[j + 1] = item
    }
    return items
  }

  private measure(segment: number, px: number, py: number, pz: number, out: ArcHit): void {
    const v = this.vec
    const o = segment * 9
    nearestOnArc(
      px,
      py,
      pz,
      v[o] ?? 0,
      v[o + 1] ?? 0,
      v[o + 2] ?? 0,
      v[o + 3] ?? 0,
      v[o + 4] ?? 0,
      v[o + 5] ?? 0,
      v[o + 6] ?? 0,
      v[o + 7] ?? 0,
      v[o + 8] ?? 0,
      out,
    )
  }

  /**
   * Segments whose (spherical-model) distance to `[lng, lat]` may be within `radiusM`, plus
   * a margin; callers refine with `distanceToSegmentM`. Sorted by segment number.
   */
  candidatesWithin(lng: number, lat: number, radiusM: number): number[] {
    if (!this.flat) return []
    const [x, y] = this.projection.project(lng, lat)
    const scale = this.projection.lowerBoundScale(lat, radiusM)
    const r = (radiusM * BAND_FACTOR + BAND_M) / scale
    return this.toSegments(this.flat.search(x - r, y - r, x + r, y + r))
  }

  /**
   * The nearest feature to `[lng, lat]` and the distance in metres (PostGIS geography semantics,
   * see the module comment). Ties go to the lower feature index, then the lower part number.
   * @param partMask when given, only parts with `partMask[part] === 1` are considered
   * @returns null when the index is empty or no part passes the mask
   */
  nearest(lng: number, lat: number, partMask?: Uint8Array): NearestSegment | null {
    const flat = this.flat
    if (!flat) return null
    const [x, y] = this.projection.project(lng, lat)
    const [px, py, pz] = toUnitVector(lng, lat)
    const hit = this.scratchHit
    const itemSegment = this.itemSegment
    const passes = partMask
      ? (item: number) =>
          partMask[this.segPart[itemSegment ? (itemSegment[item] ?? 0) : item] ?? 0] === 1
      : undefined
    // A box search of the start radius usually finds segments. When it does not, the passing segment
    // with the nearest box (flatbush kNN, slower per call than a box search) bounds the best, and
    // one box of that radius suffices; growing boxes (× 4) measured thousands of far segments.
    let r = this.startRadius
    let found = flat.search(x - r, y - r, x + r, y + r, passes)
    if (found.length === 0) {
      const seedItem = flat.neighbors(x, y, 1, Infinity, passes)[0]
      if (seedItem === undefined) return null
      this.measure(itemSegment ? (itemSegment[seedItem] ?? 0) : seedItem, px, py, pz, hit)
      const seedBandM = chordToMetres(hit.chord2) * BAND_FACTOR + BAND_M
      r = Math.max(r, seedBandM / this.projection.lowerBoundScale(lat, seedBandM))
      found = flat.search(x - r, y - r, x + r, y + r, passes)
    }
    let chords = this.scratchChords
    let bestChord = Infinity
    for (;;) {
      found = this.toSegments(found)
      if (chords.length < found.length)
        chords = this.scratchChords = new Float64Array(found.length * 2)
      bestChord = Infinity
      for (let i = 0; i < found.length; i++) {
        this.measure(found[i] ?? 0, px, py, pz, hit)
        chords[i] = hit.chord2
        if (hit.chord2 < bestChord) bestChord = hit.chord2
      }
      // Every segment within the band of the best must be in `found`: widen once if needed.
      const radiusM = chordToMetres(bestChord) * BAND_FACTOR + BAND_M
      const needed = radiusM / this.projection.lowerBoundScale(lat, radiusM)
      if (needed <= r && found.length > 0) break
      r = Math.max(needed, r * 2)
      found = flat.search(x - r, y - r, x + r, y + r, passes)
    }
    const bandM = chordToMetres(bestChord) * BAND_FACTOR + BAND_M
    // Chord threshold equivalent to the band (chord = 2 sin(angle / 2)).
    const bandAngle = Math.min(Math.PI, bandM / MEAN_EARTH_RADIUS_M)
    const bandChord = 2 * Math.sin(bandAngle / 2)
    const bandChord2 = bandChord * bandChord
    // Segments of a part are numbered consecutively, so `found` (sorted) groups them: per part the
    // spherically nearest segment (first on ties) is measured on the ellipsoid.
    // The best so far in locals: one result object (and one nearest point) per query, not per part.
    let bestDistanceM = Infinity
    let bestFeature = -1
    let bestPart = -1
    let bestSegment = -1
    let bestFraction = 0
    let bestX = 0
    let bestY = 0
    let bestZ = 0
    let i = 0
    while (i < found.length) {
      const part = this.segPart[found[i] ?? 0] ?? 0
      let pick = -1
      let pickChord = Infinity
      while (i < found.length && this.segPart[found[i] ?? 0] === part) {
        const chord2 = chords[i] ?? Infinity
        if (chord2 <= bandChord2 && chord2 < pickChord) {
          pick = found[i] ?? 0
          pickChord = chord2
        }
        i++
      }
      if (pick < 0) continue
      this.measure(pick, px, py, pz, hit)
      const distanceM = unitVectorDistanceM(px, py, pz, hit.qx, hit.qy, hit.qz)
      const featureIndex = this.partFeatures[part] ?? 0
      if (
        bestFeature < 0 ||
        distanceM < bestDistanceM ||
        (distanceM === bestDistanceM && featureIndex < bestFeature)
      ) {
        bestDistanceM = distanceM
        bestFeature = featureIndex
        bestPart = part
        bestSegment = pick
        bestFraction = hit.fraction
        bestX = hit.qx
        bestY = hit.qy
        bestZ = hit.qz
      }
    }
    if (bestFeature < 0) return null
    return {
      distanceM: bestDistanceM,
      featureIndex: bestFeature,
      partIndex: bestPart,
      segment: bestSegment,
      fraction: bestFraction,
      point: fromUnitVector(bestX, bestY, bestZ),
    }
  }
}
