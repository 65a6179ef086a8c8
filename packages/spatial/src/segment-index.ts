/**
 * Nearest-segment search with distances that agree with PostGIS `ST_Distance(geography)`.
 *
 * Model (the one PostGIS uses for geography): an edge between two vertices is the great-circle arc
 * on the unit sphere; the nearest point of a line to a point is found on that sphere (within one
 * linestring the edge with the smallest spherical distance wins, first edge on ties), and the
 * reported distance is the WGS84 geodesic distance from the point to that nearest point. The minimum
 * is then taken over linestrings (the parts of multi-part features) and features.
 *
 * Index: a uniform grid of segment bounding boxes in a {@link LocalProjection} (compressed cell
 * lists on typed arrays). A query measures the segments of rings of cells around the point, outwards,
 * until the rings hold every segment that could be within 2 % + 1 m of the best found (after the
 * projection's distortion bound), then refines those exactly. A part mask is checked per segment, so
 * "only the counting roads at this stage" needs no index of its own. Points (single-position parts)
 * are zero-length segments. Why a grid and not flatbush: see the package README.
 */
import type { Position } from 'geojson'
import { MEAN_EARTH_RADIUS_M, toUnitVector, unitVectorDistanceM } from './geodesic'
import { PLAIN_ALLOCATOR } from './arena'
import type { TypedAllocator } from './arena'
import type { LocalProjection } from './projection'

/**
 * One indexed feature: its parts (linestrings; a single position is a point), as positions or as
 * one part's lng, lat pairs in a typed array (`flat`: what a worker thread is handed, no array per
 * position).
 */
export type SegmentSource = { parts: readonly (readonly Position[])[] } | { flat: Float64Array }

/** Number of parts of `source` (empty ones included). */
export function countSourceParts(source: SegmentSource): number {
  return 'flat' in source ? 1 : source.parts.length
}

/** Number of positions of part `k` of `source`. */
export function countPartPositions(source: SegmentSource, k: number): number {
  return 'flat' in source ? source.flat.length >> 1 : (source.parts[k]?.length ?? 0)
}

/**
 * Reads parts as lng, lat pairs: a flat part as it is, a part of positions copied into a buffer
 * reused from part to part (one loop for both kinds, no array per position).
 */
export class PartReader {
  /** lng, lat of the positions of the part last read. */
  flat: Float64Array = new Float64Array(0)
  private own = new Float64Array(256)

  /** Reads part `k` of `source` into {@link flat}; returns its number of positions. */
  read(source: SegmentSource, k: number): number {
    if ('flat' in source) {
      this.flat = source.flat
      return source.flat.length >> 1
    }
    const part = source.parts[k] ?? []
    const n = part.length
    if (this.own.length < 2 * n) this.own = new Float64Array(Math.max(2 * n, 2 * this.own.length))
    const own = this.own
    for (let i = 0; i < n; i++) {
      const position = part[i]
      own[2 * i] = position?.[0] ?? 0
      own[2 * i + 1] = position?.[1] ?? 0
    }
    this.flat = own
    return n
  }
}

/** Result of a nearest query. */
export interface NearestSegment {
  /** WGS84 geodesic distance in metres from the query point to the nearest point. */
  distanceM: number
  /** Index of the feature in the array given to {@link SegmentIndex.build}. */
  featureIndex: number
  /** Global part number (see {@link SegmentIndex.partFeature}). */
  partIndex: number
  /** Global segment number. */
  segment: number
  /** Position of the nearest point along the segment, 0 = start vertex, 1 = end vertex. */
  fraction: number
}

const DEG = Math.PI / 180
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
 * Nearest point on the great-circle arc a→b (unit vectors, n = a×b, at `vec[o .. o + 9]`) to the
 * unit vector `p`. Candidates in PostGIS order: the interior foot (if inside the arc), then a, then
 * b; strict `<`. Arrays in, fields out: doubles passed as arguments or returned were boxed on every
 * call where the caller did not inline this (hundreds of MB of garbage per 50k-village run).
 */
function nearestOnArc(vec: Float64Array, o: number, p: Float64Array, out: ArcHit): void {
  const px = p[0] ?? 0
  const py = p[1] ?? 0
  const pz = p[2] ?? 0
  const ax = vec[o] ?? 0
  const ay = vec[o + 1] ?? 0
  const az = vec[o + 2] ?? 0
  const bx = vec[o + 3] ?? 0
  const by = vec[o + 4] ?? 0
  const bz = vec[o + 5] ?? 0
  const nx = vec[o + 6] ?? 0
  const ny = vec[o + 7] ?? 0
  const nz = vec[o + 8] ?? 0
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
 * Scratch of one query: segments already seen (stamped with the query number), the measured
 * segments and their chords, and the best segment per part. Shared by an index and its views, so
 * that a view per stage and rule costs no allocation (the national set's views each allocated tens of
 * MB, and the collector then marked a 6 GB heap for them).
 */
class QueryScratch {
  /** Where the per-segment and per-part arrays come from (the index's allocator). */
  constructor(readonly allocate: TypedAllocator) {}
  readonly scratchHit: ArcHit = { chord2: 0.5, qx: 0.5, qy: 0.5, qz: 0.5, fraction: 0.5 }
  /** The query point as a unit vector. */
  readonly point = new Float64Array(3)
  query = 0
  seen: Int32Array | null = null
  foundSegments = new Int32Array(256)
  foundChords = new Float64Array(256)
  partSeen: Int32Array | null = null
  partPick: Int32Array | null = null
  partChord: Float64Array | null = null
  touchedParts = new Int32Array(64)
}

/** The segments and their grid, shared by an index and its masked views. */
interface SegmentData {
  scratch: QueryScratch
  projection: LocalProjection
  /** a.xyz, b.xyz, n.xyz per segment. */
  vec: Float64Array
  segPart: Int32Array
  partFeatures: Int32Array
  segLength: Float64Array
  /** minX, minY, maxX, maxY per segment in the projection. */
  boxes: Float64Array
  grid: Grid
}

/**
 * Uniform grid over the segment boxes: cell (cx, cy) lists, in `items[start[c] .. start[c + 1]]`,
 * every segment whose box overlaps it (c = cy × columns + cx), in ascending segment order.
 */
interface Grid {
  originX: number
  originY: number
  cellSize: number
  columns: number
  rows: number
  start: Int32Array
  items: Int32Array
}

function buildGrid(boxes: Float64Array, count: number, allocate: TypedAllocator): Grid {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  let sizes = 0
  for (let s = 0; s < count; s++) {
    const o = s * 4
    const x0 = boxes[o] ?? 0
    const y0 = boxes[o + 1] ?? 0
    const x1 = boxes[o + 2] ?? 0
    const y1 = boxes[o + 3] ?? 0
    if (x0 < minX) minX = x0
    if (y0 < minY) minY = y0
    if (x1 > maxX) maxX = x1
    if (y1 > maxY) maxY = y1
    sizes += x1 - x0 + (y1 - y0)
  }
  if (count === 0) {
    return {
      originX: 0,
      originY: 0,
      cellSize: 1,
      columns: 1,
      rows: 1,
      start: new Int32Array(2),
      items: new Int32Array(0),
    }
  }
  // About a typical segment box (w + h) per cell: a national extent is mostly empty, and sizing by
  // extent ÷ count made cells three times wider than the province's, with dozens of segments to
  // measure per cell where the villages are. Points (zero-size boxes) get about two per cell over the
  // extent. At most ~4 cells per segment overall.
  const width = Math.max(maxX - minX, 1)
  const height = Math.max(maxY - minY, 1)
  const meanBox = sizes / count
  const byExtent = Math.sqrt((width * height) / Math.max(1, count / 2))
  let cellSize = Math.max(meanBox > 0 ? Math.min(byExtent, meanBox * 1.25) : byExtent, 1)
  while (Math.ceil(width / cellSize) * Math.ceil(height / cellSize) > 4 * count + 16)
    cellSize *= 1.5
  const columns = Math.floor(width / cellSize) + 1
  const rows = Math.floor(height / cellSize) + 1
  const start = allocate.int32(columns * rows + 1)
  const cellOf = (value: number, origin: number, limit: number) =>
    Math.min(limit - 1, Math.max(0, Math.floor((value - origin) / cellSize)))
  for (let pass = 0; pass < 2; pass++) {
    // Pass 0 counts the entries per cell, pass 1 fills them (segments ascending within a cell).
    let fill: Int32Array | null = null
    if (pass === 1) {
      fill = allocate.int32(start.length)
      fill.set(start)
    }
    const items = pass === 1 ? allocate.int32(start[columns * rows] ?? 0) : null
    for (let s = 0; s < count; s++) {
      const o = s * 4
      const cx0 = cellOf(boxes[o] ?? 0, minX, columns)
      const cy0 = cellOf(boxes[o + 1] ?? 0, minY, rows)
      const cx1 = cellOf(boxes[o + 2] ?? 0, minX, columns)
      const cy1 = cellOf(boxes[o + 3] ?? 0, minY, rows)
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const cell = cy * columns + cx
          if (fill && items) {
            const slot = fill[cell] ?? 0
            items[slot] = s
            fill[cell] = slot + 1
          } else start[cell + 1] = (start[cell + 1] ?? 0) + 1
        }
      }
    }
    if (items) return { originX: minX, originY: minY, cellSize, columns, rows, start, items }
    for (let cell = 0; cell < columns * rows; cell++)
      start[cell + 1] = (start[cell + 1] ?? 0) + (start[cell] ?? 0)
  }
  throw new Error('unreachable')
}

/**
 * Static index of the segments of a set of line (or point) features. Build once, query many times.
 * Immutable after build (queries use scratch buffers shared by its views); never modifies its input.
 */
export class SegmentIndex {
  /** Number of segments. */
  readonly size: number
  private readonly data: SegmentData
  /** Parts searchable through this index ({@link withParts}); null: all. */
  private readonly partMask: Uint8Array | null
  /** Per-query scratch, shared with the views of the same segments (queries never overlap). */
  private readonly scratch: QueryScratch

  private constructor(data: SegmentData, partMask: Uint8Array | null) {
    this.data = data
    this.partMask = partMask
    this.size = data.segPart.length
    this.scratch = data.scratch
  }

  /**
   * Indexes every segment of every part of `sources`. Parts with one position become zero-length
   * segments (points); parts with no positions are ignored. Consecutive duplicate vertices are kept
   * (they give zero-length segments, which are harmless).
   * @param allocate where the index's typed arrays come from (a {@link TypedArena} for big runs)
   */
  static build(
    sources: readonly SegmentSource[],
    projection: LocalProjection,
    allocate: TypedAllocator = PLAIN_ALLOCATOR,
  ): SegmentIndex {
    let segmentCount = 0
    let partCount = 0
    for (const source of sources) {
      for (let k = 0; k < countSourceParts(source); k++) {
        const length = countPartPositions(source, k)
        if (length === 0) continue
        partCount++
        segmentCount += Math.max(1, length - 1)
      }
    }
    const vec = allocate.float64(segmentCount * 9)
    const segPart = allocate.int32(segmentCount)
    const segLength = allocate.float64(segmentCount)
    const partFeatures = allocate.int32(partCount)
    const boxes = allocate.float64(segmentCount * 4)
    let seg = 0
    let partIndex = 0
    const reader = new PartReader()
    sources.forEach((source, featureIndex) => {
      for (let k = 0; k < countSourceParts(source); k++) {
        const length = reader.read(source, k)
        if (length === 0) continue
        const flat = reader.flat
        partFeatures[partIndex] = featureIndex
        // Each vertex is converted once and shared by the two segments that meet at it.
        let lng = flat[0] ?? 0
        let lat = flat[1] ?? 0
        let cosPhi = Math.cos(lat * DEG)
        let ax = cosPhi * Math.cos(lng * DEG)
        let ay = cosPhi * Math.sin(lng * DEG)
        let az = Math.sin(lat * DEG)
        let x1 = projection.x(lng)
        let y1 = projection.y(lat)
        const last = Math.max(1, length - 1)
        for (let i = 0; i < last; i++) {
          // A one-position part is a zero-length segment from the point to itself.
          const end = Math.min(i + 1, length - 1)
          lng = flat[2 * end] ?? 0
          lat = flat[2 * end + 1] ?? 0
          cosPhi = Math.cos(lat * DEG)
          // toUnitVector, without an array per vertex.
          const bx = cosPhi * Math.cos(lng * DEG)
          const by = cosPhi * Math.sin(lng * DEG)
          const bz = Math.sin(lat * DEG)
          const x2 = projection.x(lng)
          const y2 = projection.y(lat)
          const o = seg * 9
          vec[o] = ax
          vec[o + 1] = ay
          vec[o + 2] = az
          vec[o + 3] = bx
          vec[o + 4] = by
          vec[o + 5] = bz
          vec[o + 6] = ay * bz - az * by
          vec[o + 7] = az * bx - ax * bz
          vec[o + 8] = ax * by - ay * bx
          segLength[seg] = unitVectorDistanceM(ax, ay, az, bx, by, bz)
          segPart[seg] = partIndex
          boxes[seg * 4] = Math.min(x1, x2)
          boxes[seg * 4 + 1] = Math.min(y1, y2)
          boxes[seg * 4 + 2] = Math.max(x1, x2)
          boxes[seg * 4 + 3] = Math.max(y1, y2)
          seg++
          ax = bx
          ay = by
          az = bz
          x1 = x2
          y1 = y2
        }
        partIndex++
      }
    })
    const grid = buildGrid(boxes, segmentCount, allocate)
    return new SegmentIndex(
      {
        projection,
        vec,
        segPart,
        partFeatures,
        segLength,
        boxes,
        grid,
        scratch: new QueryScratch(allocate),
      },
      null,
    )
  }

  /**
   * The same segments (same numbering, features and parts) with only the parts where
   * `partMask[part] === 1` searchable: `nearest(lng, lat)` on it equals `nearest(lng, lat, partMask)`
   * on this index. A view: no copy of the segments or the grid.
   */
  withParts(partMask: Uint8Array): SegmentIndex {
    const own = this.partMask
    return new SegmentIndex(
      this.data,
      own ? partMask.map((keep, part) => (keep === 1 && own[part] === 1 ? 1 : 0)) : partMask,
    )
  }

  /** Feature index owning a global part number. */
  partFeature(partIndex: number): number {
    return this.data.partFeatures[partIndex] ?? -1
  }

  /** Feature index owning a segment. */
  segmentFeature(segment: number): number {
    return this.partFeature(this.data.segPart[segment] ?? -1)
  }

  /** Global part number of a segment. */
  segmentPart(segment: number): number {
    return this.data.segPart[segment] ?? -1
  }

  /** Geodesic length of a segment in metres. */
  segmentLengthM(segment: number): number {
    return this.data.segLength[segment] ?? 0
  }

  /** Measures `segment` against the query point in `this.scratch.point` into `out`. */
  private measure(segment: number, out: ArcHit): void {
    nearestOnArc(this.data.vec, segment * 9, this.scratch.point, out)
  }

  /** Starts a query: a fresh stamp for the segments it sees. */
  private nextQuery(): Int32Array {
    let seen = this.scratch.seen
    if (!seen || this.scratch.query >= 0x7ffffff0) {
      seen = this.scratch.seen = this.scratch.allocate.int32(this.size)
      this.scratch.query = 0
    }
    this.scratch.query++
    return seen
  }

  /**
   * Segments whose box (in the projection) meets the box of `radiusM` (plus the distortion bound
   * and a margin) around `[lng, lat]`: a superset of those within `radiusM`; callers refine with
   * {@link distanceToSegmentM}. Sorted by segment number.
   */
  candidatesWithin(lng: number, lat: number, radiusM: number): number[] {
    const { projection, grid, boxes, segPart } = this.data
    if (this.size === 0) return []
    const x = projection.x(lng)
    const y = projection.y(lat)
    const r = (radiusM * BAND_FACTOR + BAND_M) / projection.lowerBoundScale(lat, radiusM)
    const { originX, originY, cellSize, columns, rows } = grid
    const cx0 = Math.min(columns - 1, Math.max(0, Math.floor((x - r - originX) / cellSize)))
    const cx1 = Math.min(columns - 1, Math.max(0, Math.floor((x + r - originX) / cellSize)))
    const cy0 = Math.min(rows - 1, Math.max(0, Math.floor((y - r - originY) / cellSize)))
    const cy1 = Math.min(rows - 1, Math.max(0, Math.floor((y + r - originY) / cellSize)))
    const seen = this.nextQuery()
    const stamp = this.scratch.query
    const mask = this.partMask
    const result: number[] = []
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * grid.columns + cx
        const end = grid.start[c + 1] ?? 0
        for (let k = grid.start[c] ?? 0; k < end; k++) {
          const s = grid.items[k] ?? 0
          if (seen[s] === stamp) continue
          seen[s] = stamp
          if (mask && mask[segPart[s] ?? 0] !== 1) continue
          const o = s * 4
          if (
            (boxes[o] ?? 0) <= x + r &&
            (boxes[o + 2] ?? 0) >= x - r &&
            (boxes[o + 1] ?? 0) <= y + r &&
            (boxes[o + 3] ?? 0) >= y - r
          )
            result.push(s)
        }
      }
    }
    if (result.length > 48) return result.sort((a, b) => a - b)
    // Insertion sort: a few dozen items, where the comparator calls of sort cost more.
    for (let i = 1; i < result.length; i++) {
      const item = result[i] ?? 0
      let j = i - 1
      while (j >= 0 && (result[j] ?? 0) > item) {
        result[j + 1] = result[j] ?? 0
        j--
      }
      result[j + 1] = item
    }
    return result
  }

  /** Exact distance (metres) from `[lng, lat]` to one segment, PostGIS model. */
  distanceToSegmentM(
    lng: number,
    lat: number,
    segment: number,
  ): { distanceM: number; fraction: number } {
    const [px, py, pz] = toUnitVector(lng, lat)
    this.scratch.point[0] = px
    this.scratch.point[1] = py
    this.scratch.point[2] = pz
    const hit: ArcHit = { chord2: 0.5, qx: 0.5, qy: 0.5, qz: 0.5, fraction: 0.5 }
    this.measure(segment, hit)
    return {
      distanceM: unitVectorDistanceM(px, py, pz, hit.qx, hit.qy, hit.qz),
      fraction: hit.fraction,
    }
  }

  /** Doubles the query's scratch list of measured segments. */
  private growFound(): void {
    const segments = new Int32Array(this.scratch.foundSegments.length * 2)
    segments.set(this.scratch.foundSegments)
    const chords = new Float64Array(this.scratch.foundChords.length * 2)
    chords.set(this.scratch.foundChords)
    this.scratch.foundSegments = segments
    this.scratch.foundChords = chords
  }

  /**
   * The nearest feature to `[lng, lat]` and the distance in metres (PostGIS geography semantics,
   * see the module comment). Ties go to the lower feature index, then the lower part number.
   * @param partMask when given, only parts with `partMask[part] === 1` are considered
   * @param out when given, the result is written there and returned (no allocation per query:
   *   callers making millions of queries keep one or two)
   * @param withinM when given, the search stops at about this distance: a nearest feature within
   *   `withinM` is found exactly as without the bound; beyond it the answer is null or some
   *   feature beyond `withinM` (for "is anything within R?" questions, where far villages made the
   *   unbounded search walk many rings)
   * @returns null when the index is empty or no part passes the mask
   */
  nearest(
    lng: number,
    lat: number,
    partMask?: Uint8Array,
    out?: NearestSegment,
    withinM = Infinity,
  ): NearestSegment | null {
    if (this.size === 0) return null
    const { projection, grid, segPart, partFeatures } = this.data
    const own = this.partMask
    const x = projection.x(lng)
    const y = projection.y(lat)
    // The query as a unit vector (see toUnitVector), without an array.
    const phi = lat * DEG
    const lambda = lng * DEG
    const cosPhi = Math.cos(phi)
    const px = cosPhi * Math.cos(lambda)
    const py = cosPhi * Math.sin(lambda)
    const pz = Math.sin(phi)
    this.scratch.point[0] = px
    this.scratch.point[1] = py
    this.scratch.point[2] = pz
    const hit = this.scratch.scratchHit
    const seen = this.nextQuery()
    const stamp = this.scratch.query
    const { columns, rows, cellSize, start, items } = grid
    const cx = Math.floor((x - grid.originX) / cellSize)
    const cy = Math.floor((y - grid.originY) / cellSize)
    // Rings of cells around (cx, cy), outwards. After ring k every segment not yet seen lies at
    // least k cells' width away (in the projection); stop once that holds every segment within the
    // band (2 % + 1 m, after the distortion bound) of the best so far, or when the grid is covered.
    // Cells and segment boxes farther than that band are skipped without measuring.
    const { originX, originY } = grid
    const boxes = this.data.boxes
    const firstRing = Math.max(0, cx - (columns - 1), -cx, cy - (rows - 1), -cy)
    const lastRing = Math.max(cx, columns - 1 - cx, cy, rows - 1 - cy)
    let found = 0
    let bestChord = Infinity
    /** Projected radius holding the band of the best so far (squared). */
    const boundM = withinM * BAND_FACTOR + BAND_M
    let reach = Number.isFinite(withinM)
      ? boundM / projection.lowerBoundScale(lat, boundM)
      : Infinity
    let reach2 = reach * reach
    for (let k = firstRing; k <= lastRing; k++) {
      if ((k - 1) * cellSize > reach) break
      const y0 = Math.max(0, cy - k)
      const y1 = Math.min(rows - 1, cy + k)
      for (let gy = y0; gy <= y1; gy++) {
        const edgeRow = gy === cy - k || gy === cy + k
        const step = edgeRow ? 1 : 2 * k
        const cellY0 = originY + gy * cellSize
        const dy = Math.max(cellY0 - y, 0, y - cellY0 - cellSize)
        for (let gx = cx - k; gx <= cx + k; gx += step) {
          if (gx < 0 || gx >= columns) continue
          const cellX0 = originX + gx * cellSize
          const dx = Math.max(cellX0 - x, 0, x - cellX0 - cellSize)
          if (dx * dx + dy * dy > reach2) continue
          const c = gy * columns + gx
          const end = start[c + 1] ?? 0
          for (let e = start[c] ?? 0; e < end; e++) {
            const s = items[e] ?? 0
            if (seen[s] === stamp) continue
            seen[s] = stamp
            const part = segPart[s] ?? 0
            if ((own && own[part] !== 1) || (partMask && partMask[part] !== 1)) continue
            const o = s * 4
            const bx = Math.max((boxes[o] ?? 0) - x, 0, x - (boxes[o + 2] ?? 0))
            const by = Math.max((boxes[o + 1] ?? 0) - y, 0, y - (boxes[o + 3] ?? 0))
            if (bx * bx + by * by > reach2) continue
            this.measure(s, hit)
            if (found >= this.scratch.foundSegments.length) this.growFound()
            this.scratch.foundSegments[found] = s
            this.scratch.foundChords[found] = hit.chord2
            found++
            if (hit.chord2 < bestChord) {
              bestChord = hit.chord2
              const bandM = chordToMetres(bestChord) * BAND_FACTOR + BAND_M
              reach = Math.min(reach, bandM / projection.lowerBoundScale(lat, bandM))
              reach2 = reach * reach
            }
          }
        }
      }
    }
    if (found === 0) return null
    const bandM = chordToMetres(bestChord) * BAND_FACTOR + BAND_M
    // Chord threshold equivalent to the band (chord = 2 sin(angle / 2)).
    const bandAngle = Math.min(Math.PI, bandM / MEAN_EARTH_RADIUS_M)
    const bandChord = 2 * Math.sin(bandAngle / 2)
    const bandChord2 = bandChord * bandChord
    // Per part, the spherically nearest segment within the band (the lower segment on ties) ...
    const partCount = partFeatures.length
    if (!this.scratch.partSeen || !this.scratch.partPick || !this.scratch.partChord) {
      this.scratch.partSeen = this.scratch.allocate.int32(partCount)
      this.scratch.partPick = this.scratch.allocate.int32(partCount)
      this.scratch.partChord = this.scratch.allocate.float64(partCount)
    }
    const { partSeen, partPick, partChord } = this.scratch
    let touched = 0
    for (let i = 0; i < found; i++) {
      const chord2 = this.scratch.foundChords[i] ?? Infinity
      if (chord2 > bandChord2) continue
      const segment = this.scratch.foundSegments[i] ?? 0
      const part = segPart[segment] ?? 0
      if (partSeen[part] !== stamp) {
        partSeen[part] = stamp
        partPick[part] = segment
        partChord[part] = chord2
        if (touched >= this.scratch.touchedParts.length) {
          const grown = new Int32Array(this.scratch.touchedParts.length * 2)
          grown.set(this.scratch.touchedParts)
          this.scratch.touchedParts = grown
        }
        this.scratch.touchedParts[touched++] = part
      } else if (
        chord2 < (partChord[part] ?? Infinity) ||
        (chord2 === partChord[part] && segment < (partPick[part] ?? 0))
      ) {
        partPick[part] = segment
        partChord[part] = chord2
      }
    }
    // ... measured on the ellipsoid; the nearest part wins (lower feature, then lower part on ties).
    let bestDistanceM = Infinity
    let bestFeature = -1
    let bestPart = -1
    let bestSegment = -1
    let bestFraction = 0
    for (let t = 0; t < touched; t++) {
      const part = this.scratch.touchedParts[t] ?? 0
      const pick = partPick[part] ?? 0
      this.measure(pick, hit)
      const distanceM = unitVectorDistanceM(px, py, pz, hit.qx, hit.qy, hit.qz)
      const featureIndex = partFeatures[part] ?? 0
      if (
        bestFeature < 0 ||
        distanceM < bestDistanceM ||
        (distanceM === bestDistanceM &&
          (featureIndex < bestFeature || (featureIndex === bestFeature && part < bestPart)))
      ) {
        bestDistanceM = distanceM
        bestFeature = featureIndex
        bestPart = part
        bestSegment = pick
        bestFraction = hit.fraction
      }
    }
    if (bestFeature < 0) return null
    if (!out) {
      return {
        distanceM: bestDistanceM,
        featureIndex: bestFeature,
        partIndex: bestPart,
        segment: bestSegment,
        fraction: bestFraction,
      }
    }
    out.distanceM = bestDistanceM
    out.featureIndex = bestFeature
    out.partIndex = bestPart
    out.segment = bestSegment
    out.fraction = bestFraction
    return out
  }
}

/** A reusable result for {@link SegmentIndex.nearest}'s `out` (fields start as doubles where doubles go). */
export function createNearestSegment(): NearestSegment {
  return { distanceM: 0.5, featureIndex: -1, partIndex: -1, segment: -1, fraction: 0.5 }
}
