import Delaunator from 'delaunator'
import KDBush from 'kdbush'
import type { MultiPolygon, Polygon } from 'geojson'
import { UnionFind } from './union-find'

/** A contiguity (neighbourhood) graph over n units. */
export interface ContiguityGraph {
  /** Sorted neighbour lists. */
  neighbours: number[][]
  /** Edges added to connect separate parts (islands, enclaves): [i, j, distance in metres]. */
  bridges: Array<[number, number, number]>
  /** Delaunay edges dropped for being longer than `maxEdgeM`. */
  prunedEdgeCount: number
  edgeCount: number
}

function addEdge(sets: Array<Set<number>>, i: number, j: number): void {
  if (i === j) return
  ;(sets[i] as Set<number>).add(j)
  ;(sets[j] as Set<number>).add(i)
}

/**
 * Contiguity from the Delaunay triangulation of projected points (metres): two villages are neighbours
 * when they share a triangle edge. Edges longer than `maxEdgeM` (when given) are dropped; the parts this
 * leaves (and duplicate points, which Delaunay skips) are then bridged to their nearest neighbours
 * (see {@link bridgeComponents}), so the graph is always connected.
 */
export function delaunayContiguity(
  xs: Float64Array,
  ys: Float64Array,
  options: { maxEdgeM?: number | null } = {},
): ContiguityGraph {
  const n = xs.length
  const sets: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>())
  let pruned = 0
  if (n >= 2) {
    const coords = new Float64Array(2 * n)
    for (let i = 0; i < n; i++) {
      coords[2 * i] = xs[i] as number
      coords[2 * i + 1] = ys[i] as number
    }
    const delaunay = new Delaunator(coords)
    const maxEdge = options.maxEdgeM ?? Infinity
    const consider = (i: number, j: number): void => {
      const length = Math.hypot(
        (xs[i] as number) - (xs[j] as number),
        (ys[i] as number) - (ys[j] as number),
      )
      if (length > maxEdge) {
        if (!(sets[i] as Set<number>).has(j)) pruned++
        return
      }
      addEdge(sets, i, j)
    }
    const triangles = delaunay.triangles
    for (let e = 0; e < triangles.length; e++) {
      // each half-edge once: from triangles[e] to the next vertex of its triangle
      const next = e % 3 === 2 ? e - 2 : e + 1
      const opposite = delaunay.halfedges[e] as number
      if (opposite !== -1 && opposite < e) continue
      consider(triangles[e] as number, triangles[next] as number)
    }
    if (triangles.length === 0) {
      // all points collinear: Delaunator gives the hull only; chain it
      const hull = delaunay.hull
      for (let h = 1; h < hull.length; h++) consider(hull[h - 1] as number, hull[h] as number)
    }
  }
  const bridges = bridgeComponents(sets, xs, ys)
  return finishGraph(sets, bridges, pruned)
}

/**
 * Queen contiguity of polygons: neighbours share at least one vertex (coordinates equal to 1e-9°).
 * Polygons that touch only along an edge without a shared vertex are not detected (topologically clean
 * data shares vertices). Parts left apart are bridged between the given representative points.
 */
export function polygonContiguity(
  polygons: ReadonlyArray<Polygon | MultiPolygon>,
  xs: Float64Array,
  ys: Float64Array,
): ContiguityGraph {
  const n = polygons.length
  const sets: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>())
  const owners = new Map<string, number[]>()
  polygons.forEach((geometry, i) => {
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()
    for (const ring of rings) {
      for (const position of ring) {
        const key = `${Math.round((position[0] as number) * 1e9)},${Math.round((position[1] as number) * 1e9)}`
        let list = owners.get(key)
        if (!list) owners.set(key, (list = []))
        if (list[list.length - 1] !== i) list.push(i)
      }
    }
  })
  for (const list of owners.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) addEdge(sets, list[a] as number, list[b] as number)
    }
  }
  const bridges = bridgeComponents(sets, xs, ys)
  return finishGraph(sets, bridges, 0)
}

/** Contiguity from explicit edges (e.g. a queen-contiguity table), bridged like the others. */
export function edgeContiguity(
  edges: ReadonlyArray<readonly [number, number]>,
  xs: Float64Array,
  ys: Float64Array,
): ContiguityGraph {
  const sets: Array<Set<number>> = Array.from({ length: xs.length }, () => new Set<number>())
  for (const [i, j] of edges) addEdge(sets, i, j)
  return finishGraph(sets, bridgeComponents(sets, xs, ys), 0)
}

function finishGraph(
  sets: Array<Set<number>>,
  bridges: Array<[number, number, number]>,
  pruned: number,
): ContiguityGraph {
  const neighbours = sets.map((s) => [...s].sort((a, b) => a - b))
  const edgeCount = neighbours.reduce((acc, list) => acc + list.length, 0) / 2
  return { neighbours, bridges, prunedEdgeCount: pruned, edgeCount }
}

/**
 * Connects the parts of a graph: repeatedly takes the smallest part (ties: smallest index) and links it to
 * the nearest point outside it (straight line, ties by index), until one part remains. Mutates `sets`.
 * @returns the added edges with their lengths in metres
 */
export function bridgeComponents(
  sets: Array<Set<number>>,
  xs: Float64Array,
  ys: Float64Array,
): Array<[number, number, number]> {
  const n = sets.length
  const bridges: Array<[number, number, number]> = []
  if (n <= 1) return bridges
  const parts = new UnionFind(n)
  sets.forEach((s, i) => s.forEach((j) => parts.union(i, j)))
  const members = (): Map<number, number[]> => {
    const byRoot = new Map<number, number[]>()
    for (let i = 0; i < n; i++) {
      const root = parts.find(i)
      let list = byRoot.get(root)
      if (!list) byRoot.set(root, (list = []))
      list.push(i)
    }
    return byRoot
  }
  let groups = members()
  if (groups.size === 1) return bridges
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(xs[i] as number, ys[i] as number)
  index.finish()
  let span = 0
  for (let i = 0; i < n; i++)
    span = Math.max(
      span,
      Math.abs((xs[i] as number) - (xs[0] as number)),
      Math.abs((ys[i] as number) - (ys[0] as number)),
    )
  while (groups.size > 1) {
    const smallest = [...groups.values()].sort(
      (a, b) => a.length - b.length || (a[0] as number) - (b[0] as number),
    )[0] as number[]
    const root = parts.find(smallest[0] as number)
    let best: [number, number, number] | null = null
    for (const p of smallest) {
      const px = xs[p] as number
      const py = ys[p] as number
      let radius = Math.max(1, span / Math.sqrt(n))
      for (;;) {
        let found: [number, number, number] | null = null
        for (const q of index.within(px, py, radius)) {
          if (parts.find(q) === root) continue
          const d = Math.hypot((xs[q] as number) - px, (ys[q] as number) - py)
          if (!found || d < found[2] || (d === found[2] && q < found[1])) found = [p, q, d]
        }
        if (found) {
          if (
            !best ||
            found[2] < best[2] ||
            (found[2] === best[2] &&
              (found[0] < best[0] || (found[0] === best[0] && found[1] < best[1])))
          )
            best = found
          break
        }
        if (radius > 4 * span + 1) break
        radius *= 2
      }
      if (best && best[2] === 0) break
    }
    if (!best) break
    addEdge(sets, best[0], best[1])
    bridges.push(best)
    parts.union(best[0], best[1])
    groups = members()
  }
  return bridges
}
