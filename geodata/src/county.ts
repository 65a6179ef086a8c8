/**
 * Generates the content of one county — villages, four networks with deliberate gaps, facilities,
 * service areas, hazard zones and resettlement sites — from a county plan (outline, townships, rivers, trunk roads).
 * Shared by every scale: the sample county and each county of the synthetic province / national sets.
 */
import type {
  FacilityFeature,
  FacilityKind,
  FeatureStatus,
  HazardFeature,
  Network,
  NetworkLineFeature,
  RoadClass,
  RoadSurface,
  ServiceAreaFeature,
  Severity,
  SiteFeature,
  SiteStatus,
  SiteType,
  VillageFeature,
} from '@tongcun/domain'
import { lineGeometry, multiPolygonGeometry, polygonGeometry } from './features'
import {
  PointGrid,
  bandAround,
  blob,
  circleRing,
  dist,
  pointInMultiPoly,
  pointInRing,
  polar,
  polyBoundaryDistance,
  stretchAround,
  windingLine,
  windingPath,
  type LocalProjection,
  type Poly,
  type Pt,
  type Ring,
} from './geom'
import { uniquePlaceName } from './names'
import type { Rng } from './prng'
import { createTerrain } from './terrain'

export const SOURCE = 'tongcun-geodata synthetic (fictional)'

export interface TownshipPlan {
  /** 12-digit code. */
  code: string
  name: string
  nameEn: string
  seat: Pt
  polys: Poly[]
  isTown: boolean
  isEthnic: boolean
}

export interface TrunkPlan {
  roadClass: RoadClass
  ref: string
  surface: RoadSurface
  /** Exact vertices; the line is split into one feature per leg between consecutive split waypoints. */
  waypoints: Pt[]
  /** Waypoint indexes where the line is split into separate features (besides both ends). */
  splitAt: number[]
  /** Expressways carry no village traffic: villages never attach to them. */
  attachable: boolean
}

export interface CountyPlan {
  provinceCode: string
  cityCode: string
  countyCode: string
  countyName: string
  proj: LocalProjection
  outline: Poly[]
  bbox: [number, number, number, number]
  /** Index 0 is the county-seat township. */
  townships: TownshipPlan[]
  rivers: Pt[][]
  trunks: TrunkPlan[]
  /** Links between an expressway vertex and an ordinary road vertex (interchanges), as waypoint pairs. */
  powerGates: Pt[]
  villageCount: number
  minSpacingKm: number
  detail: 'fine' | 'coarse'
  /** Villages placed first at exactly these points (the cross-boundary cluster in the sample). */
  forcedVillages: Pt[]
  /** Sample only: a few villages lose elevation/income data, a few extras (free hazards, red line). */
  extras: boolean
  hasRedLine: boolean
}

export interface CountyContent {
  villages: VillageFeature[]
  road: NetworkLineFeature[]
  water: (NetworkLineFeature | ServiceAreaFeature)[]
  power: NetworkLineFeature[]
  broadband: (NetworkLineFeature | ServiceAreaFeature)[]
  facilities: FacilityFeature[]
  sites: SiteFeature[]
  hazards: HazardFeature[]
  /** Village seats in the km plane, by village code (for the sample's checks and README numbers). */
  villageSeats: Map<string, Pt>
  villageCodesByTownship: Map<string, string[]>
}

type Category = 'good' | 'low-grade' | 'planned' | 'stub' | 'none'

interface VillageDraft {
  seat: Pt
  township: number
  elevationM: number
  slopeDeg: number
  riverKm: number
  remote: number
  forced: boolean
  code: string
  name: string
  nameEn: string
  road: Category
  water: Category
  power: Category
  broadband: Category
  busStop: boolean
  hazard: boolean
  cellCovered: boolean
}

const PAD = (n: number, width = 4): string => String(n).padStart(width, '0')

/** Picks categories for villages ordered by remoteness (most remote first, with noise). */
function assignCategories(
  drafts: VillageDraft[],
  rng: Rng,
  shares: { none: number; stub: number; lowGrade: number; planned: number },
  set: (draft: VillageDraft, category: Category) => void,
): void {
  const order = drafts
    .map((draft, index) => ({
      draft,
      index,
      key: draft.remote * 0.75 + rng.next() * 0.25 + (draft.forced ? 1 : 0),
    }))
    .sort((a, b) => b.key - a.key || a.index - b.index)
  const n = drafts.length
  const counts: [Category, number][] = [
    ['none', Math.round(n * shares.none)],
    ['stub', Math.round(n * shares.stub)],
    ['low-grade', Math.round(n * shares.lowGrade)],
    ['planned', Math.round(n * shares.planned)],
  ]
  // Interleave the gap kinds over the remote end so that each kind gets some of the most remote villages.
  const pool: Category[] = []
  let remaining = counts.map(([, c]) => c)
  while (remaining.some((c) => c > 0)) {
    counts.forEach(([category], i) => {
      if ((remaining[i] ?? 0) > 0) {
        pool.push(category)
        remaining = remaining.map((c, j) => (j === i ? c - 1 : c))
      }
    })
  }
  order.forEach((entry, rank) => set(entry.draft, pool[rank] ?? 'good'))
}

interface Tree {
  grid: PointGrid<number>
}

function newTree(cellKm: number, roots: readonly Pt[]): Tree {
  const grid = new PointGrid<number>(cellKm)
  roots.forEach((p) => grid.add(p, -1))
  return { grid }
}

export function generateCounty(plan: CountyPlan, rng: Rng): CountyContent {
  const { proj } = plan
  const fine = plan.detail === 'fine'
  const c6 = plan.countyCode.slice(0, 6)
  const spacing = fine ? 0.45 : 1.6
  const terrain = createTerrain(plan.rivers, rng.fork('terrain'))
  const countySeat = plan.townships[0]?.seat
  if (!countySeat) throw new Error(`county ${plan.countyCode} has no townships`)

  const seq = new Map<string, number>()
  const nextId = (kind: string): string => {
    const n = (seq.get(kind) ?? 0) + 1
    seq.set(kind, n)
    return `${kind}:${c6}:${PAD(n)}`
  }

  const road: NetworkLineFeature[] = []
  const water: (NetworkLineFeature | ServiceAreaFeature)[] = []
  const power: NetworkLineFeature[] = []
  const broadband: (NetworkLineFeature | ServiceAreaFeature)[] = []
  const facilities: FacilityFeature[] = []
  const sites: SiteFeature[] = []
  const hazards: HazardFeature[] = []

  const line = (
    network: Network,
    parts: Pt[][],
    props: {
      name: string | null
      cls: string
      surface?: RoadSurface | null
      voltageKv?: number | null
      status?: FeatureStatus
      completionYear?: number | null
      owner: string
      source?: string
    },
  ): NetworkLineFeature => ({
    type: 'Feature',
    properties: {
      id: nextId(network),
      network,
      name: props.name,
      class: props.cls,
      surface: network === 'road' ? (props.surface ?? 'unknown') : null,
      voltage_kv: network === 'power' ? (props.voltageKv ?? null) : null,
      status: props.status ?? 'existing',
      completion_year: props.completionYear ?? null,
      owner: props.owner,
      source: props.source ?? SOURCE,
    },
    geometry: lineGeometry(proj, parts),
  })

  const facility = (
    kind: FacilityKind,
    network: Network,
    p: Pt,
    name: string,
    owner: string,
    extra: { radiusM?: number; status?: FeatureStatus; completionYear?: number | null } = {},
  ): FacilityFeature => {
    const feature: FacilityFeature = {
      type: 'Feature',
      properties: {
        id: nextId(kind),
        network,
        kind,
        name,
        radius_m: kind === 'cell-site' ? (extra.radiusM ?? null) : null,
        status: extra.status ?? 'existing',
        completion_year: extra.completionYear ?? null,
        owner,
        source: SOURCE,
      },
      geometry: { type: 'Point', coordinates: proj.toLngLat(p) },
    }
    facilities.push(feature)
    return feature
  }

  const serviceArea = (
    network: Network,
    kind: string,
    ring: Ring,
    name: string,
    owner: string,
    status: FeatureStatus = 'existing',
    completionYear: number | null = null,
    idKind = kind,
  ): ServiceAreaFeature => ({
    type: 'Feature',
    properties: {
      id: nextId(idKind),
      network,
      kind,
      name,
      status,
      completion_year: completionYear,
      owner,
      source: SOURCE,
    },
    geometry: polygonGeometry(proj, ring),
  })

  const townshipOf = (p: Pt): number =>
    plan.townships.findIndex((t) => pointInMultiPoly(p, t.polys))
  const seatName = (i: number): string => plan.townships[i]?.name ?? ''

  // ---------------------------------------------------------------- trunk roads
  const roadRoots: Pt[] = []
  const trunkRng = rng.fork('trunk')
  const expresswayVertices: Pt[] = []
  const trunkPaths: { trunk: TrunkPlan; path: Pt[] }[] = []
  for (const trunk of plan.trunks) {
    const path = windingPath(trunk.waypoints, trunkRng, fine ? 0.6 : 2.5, 0.05)
    trunkPaths.push({ trunk, path })
    // Split at the requested waypoints (exact vertices of the path).
    const splitPoints = trunk.splitAt.map((i) => trunk.waypoints[i]).filter((p): p is Pt => !!p)
    let current: Pt[] = []
    for (const p of path) {
      current.push(p)
      if (current.length > 1 && splitPoints.some((s) => s[0] === p[0] && s[1] === p[1])) {
        road.push(
          line('road', [current], {
            name: trunk.ref,
            cls: trunk.roadClass,
            surface: trunk.surface,
            owner: trunk.roadClass === 'expressway' ? '省高速公路集团' : '交通运输局',
          }),
        )
        current = [p]
      }
    }
    if (current.length > 1) {
      road.push(
        line('road', [current], {
          name: trunk.ref,
          cls: trunk.roadClass,
          surface: trunk.surface,
          owner: trunk.roadClass === 'expressway' ? '省高速公路集团' : '交通运输局',
        }),
      )
    }
    if (trunk.attachable) roadRoots.push(...path)
    else expresswayVertices.push(...path)
  }
  const roadTree = newTree(fine ? 1 : 3, roadRoots)
  const attachRoad = (p: Pt): Pt => {
    const hit = roadTree.grid.nearest(p, 400)
    if (!hit) throw new Error(`county ${plan.countyCode}: no road vertex to attach to`)
    return hit.p
  }
  // Interchange: expressway vertex nearest to the county seat linked to the nearest ordinary road vertex.
  if (expresswayVertices.length > 0) {
    let bestExpressway = expresswayVertices[0] as Pt
    for (const p of expresswayVertices)
      if (dist(p, countySeat) < dist(bestExpressway, countySeat)) bestExpressway = p
    const target = attachRoad(bestExpressway)
    road.push(
      line('road', [windingLine(bestExpressway, target, trunkRng, spacing, 0.05)], {
        name: `${plan.countyName}互通连接线`,
        cls: 'other',
        surface: 'asphalt',
        owner: '省高速公路集团',
      }),
    )
  }

  // County roads from each township seat that is not already on a trunk, nearest first.
  const seatOrder = plan.townships
    .map((t, i) => ({ i, d: roadTree.grid.nearest(t.seat, 400)?.distance ?? 0 }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
  let countyRoadNo = 100 + trunkRng.int(1, 40)
  for (const { i, d } of seatOrder) {
    const seat = plan.townships[i]?.seat as Pt
    if (d < 1e-9) continue
    const from = attachRoad(seat)
    const path = windingLine(from, seat, trunkRng, spacing, 0.1)
    road.push(
      line('road', [path], {
        name: `县道X${countyRoadNo++}`,
        cls: 'county',
        surface: trunkRng.chance(0.7) ? 'asphalt' : 'cement',
        owner: '交通运输局',
      }),
    )
    path.forEach((p) => roadTree.grid.add(p, -1))
  }
  // A few township roads closing loops between neighbouring township seats.
  const loops = Math.max(1, Math.ceil(plan.townships.length / 4))
  const pairs: { a: number; b: number; d: number }[] = []
  for (let a = 1; a < plan.townships.length; a++) {
    for (let b = a + 1; b < plan.townships.length; b++) {
      pairs.push({ a, b, d: dist(plan.townships[a]?.seat as Pt, plan.townships[b]?.seat as Pt) })
    }
  }
  pairs.sort((x, y) => x.d - y.d || x.a - y.a || x.b - y.b)
  let townshipRoadNo = trunkRng.int(1, 30)
  for (const pair of pairs.slice(0, loops)) {
    const path = windingLine(
      plan.townships[pair.a]?.seat as Pt,
      plan.townships[pair.b]?.seat as Pt,
      trunkRng,
      spacing,
      0.12,
    )
    road.push(
      line('road', [path], {
        name: `乡道Y${PAD(townshipRoadNo++, 3)}`,
        cls: 'township',
        surface: 'cement',
        owner: '交通运输局',
      }),
    )
    path.forEach((p) => roadTree.grid.add(p, -1))
  }

  // ---------------------------------------------------------------- villages
  const placeRng = rng.fork('villages')
  const villageGrid = new PointGrid<number>(plan.minSpacingKm)
  const drafts: VillageDraft[] = []
  const margin = 0.3
  const addDraft = (seat: Pt, township: number, forced: boolean): void => {
    villageGrid.add(seat, drafts.length)
    drafts.push({
      seat,
      township,
      elevationM: Math.round(terrain.elevationM(seat)),
      slopeDeg: Math.round(terrain.slopeDeg(seat) * 10) / 10,
      riverKm: terrain.riverDistanceKm(seat),
      remote: 0,
      forced,
      code: '',
      name: '',
      nameEn: '',
      road: 'good',
      water: 'good',
      power: 'good',
      broadband: 'good',
      busStop: false,
      hazard: false,
      cellCovered: false,
    })
  }
  for (const p of plan.forcedVillages) {
    const t = townshipOf(p)
    if (t < 0) throw new Error(`forced village at ${p.join(',')} is outside every township`)
    addDraft(p, t, true)
  }
  const [minX, minY, maxX, maxY] = plan.bbox
  const seats = plan.townships.map((t) => t.seat)
  for (
    let attempt = 0;
    drafts.length < plan.villageCount && attempt < plan.villageCount * 400;
    attempt++
  ) {
    const p: Pt = [placeRng.range(minX, maxX), placeRng.range(minY, maxY)]
    const riverKm = terrain.riverDistanceKm(p)
    if (!placeRng.chance(0.3 + 0.7 * Math.exp(-riverKm / 4))) continue
    if (villageGrid.hasWithin(p, plan.minSpacingKm)) continue
    if (seats.some((s) => dist(s, p) < 0.8)) continue
    const t = townshipOf(p)
    if (t < 0) continue
    if (polyBoundaryDistance(p, (plan.townships[t] as TownshipPlan).polys) < margin) continue
    addDraft(p, t, false)
  }

  // Codes: per township, north to south then west to east; names unique in the county.
  const nameRng = rng.fork('names')
  const usedNames = new Set<string>(plan.townships.map((t) => t.name.slice(0, 2)))
  const villageCodesByTownship = new Map<string, string[]>()
  plan.townships.forEach((township, t) => {
    const members = drafts
      .filter((d) => d.township === t)
      .sort((a, b) => b.seat[1] - a.seat[1] || a.seat[0] - b.seat[0])
    const codes: string[] = []
    members.forEach((d, k) => {
      d.code = `${township.code.slice(0, 9)}${String(200 + k + 1).padStart(3, '0')}`
      const name = uniquePlaceName(nameRng, usedNames)
      d.name = `${name.hanzi}村`
      d.nameEn = `${name.pinyin} Village`
      codes.push(d.code)
    })
    villageCodesByTownship.set(township.code, codes)
  })
  if (drafts.some((d) => d.code.length !== 12)) throw new Error('village code assignment failed')
  drafts.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

  // Remoteness: high, far from the trunk network and far from the county seat.
  const elevations = drafts.map((d) => d.elevationM)
  const minElevation = Math.min(...elevations)
  const elevationRange = Math.max(1, Math.max(...elevations) - minElevation)
  const remoteRng = rng.fork('remote')
  for (const d of drafts) {
    const toRoad = roadTree.grid.nearest(d.seat, 400)?.distance ?? 0
    d.remote =
      0.4 * ((d.elevationM - minElevation) / elevationRange) +
      0.35 * Math.min(1, toRoad / 8) +
      0.1 * Math.min(1, dist(d.seat, countySeat) / 30) +
      0.15 * remoteRng.next()
  }
  const categoryRng = rng.fork('categories')
  assignCategories(
    drafts,
    categoryRng,
    { none: 0.035, stub: 0.02, lowGrade: 0.055, planned: 0.04 },
    (d, c) => (d.road = c),
  )
  assignCategories(
    drafts,
    categoryRng,
    { none: 0.1, stub: 0.02, lowGrade: 0, planned: 0.03 },
    (d, c) => (d.water = c),
  )
  assignCategories(
    drafts,
    categoryRng,
    { none: 0.025, stub: 0.02, lowGrade: 0, planned: 0.01 },
    (d, c) => (d.power = c),
  )
  assignCategories(
    drafts,
    categoryRng,
    { none: 0.2, stub: 0, lowGrade: 0, planned: 0.03 },
    (d, c) => (d.broadband = c),
  )

  // Grow a tree of lines from `tree` to each village of the given categories, nearest first.
  // Connected lines start exactly on an existing vertex; their vertices become attachable in turn.
  const growVillageLines = (
    tree: Tree,
    lineRng: Rng,
    pick: (d: VillageDraft) => boolean,
    endOffsetKm: [number, number],
    chainMax: number,
    emit: (parts: Pt[][], villages: VillageDraft[], start: Pt, ends: Pt[]) => void,
    attachable: boolean,
  ): void => {
    const targets = drafts
      .filter(pick)
      .map((d) => ({
        d,
        end: polar(d.seat, lineRng.range(endOffsetKm[0], endOffsetKm[1]), lineRng.range(0, 6.283)),
      }))
      .map((t) => ({ ...t, key: tree.grid.nearest(t.end, 400)?.distance ?? 0 }))
      .sort((a, b) => a.key - b.key || (a.d.code < b.d.code ? -1 : 1))
    // Chains (coarse scales): a line is extended when the next village attaches to its current end.
    const chains: { points: Pt[]; villages: VillageDraft[]; ends: Pt[] }[] = []
    const chainByEnd = new Map<Pt, number>()
    const ends = new PointGrid<number>(4)
    for (const target of targets) {
      let hit = tree.grid.nearest(target.end, 400)
      if (!hit) continue
      if (chainMax > 1) {
        // Prefer extending an open chain when its end is not much farther than the nearest vertex.
        const end = ends.nearest(target.end, hit.distance + 1.5, (p) => {
          const index = chainByEnd.get(p)
          return index !== undefined && (chains[index]?.villages.length ?? chainMax) < chainMax
        })
        if (end) hit = end
      }
      const path = windingLine(hit.p, target.end, lineRng, spacing, 0.15)
      const chainIndex = chainByEnd.get(hit.p)
      const chain = chainIndex === undefined ? undefined : chains[chainIndex]
      if (chain && chainIndex !== undefined && chain.villages.length < chainMax) {
        chain.points.push(...path.slice(1))
        chain.villages.push(target.d)
        chain.ends.push(path[path.length - 1] as Pt)
        chainByEnd.delete(hit.p)
        chainByEnd.set(path[path.length - 1] as Pt, chainIndex)
      } else {
        chains.push({ points: path, villages: [target.d], ends: [path[path.length - 1] as Pt] })
        chainByEnd.set(path[path.length - 1] as Pt, chains.length - 1)
      }
      if (chainMax > 1) ends.add(path[path.length - 1] as Pt, 0)
      if (attachable) path.slice(1).forEach((p) => tree.grid.add(p, 0))
    }
    for (const chain of chains) {
      emit([chain.points], chain.villages, chain.points[0] as Pt, chain.ends)
    }
  }
  const chainMax = fine ? 1 : 4
  const villageLabel = (vs: VillageDraft[]): string =>
    vs.length === 1 ? (vs[0]?.name ?? '') : `${vs[0]?.name ?? ''}等${vs.length}村`

  // Stub lines: start near the village and run away from the network; they touch nothing.
  const stubLine = (d: VillageDraft, lineRng: Rng, tree: Tree): Pt[] => {
    const start = polar(d.seat, lineRng.range(0.08, 0.25), lineRng.range(0, 6.283))
    const toward = tree.grid.nearest(d.seat, 400)?.p ?? countySeat
    const away = Math.atan2(d.seat[1] - toward[1], d.seat[0] - toward[0]) + lineRng.range(-0.8, 0.8)
    return windingLine(start, polar(start, lineRng.range(0.8, 1.8), away), lineRng, spacing, 0.12)
  }

  // ---------------------------------------------------------------- road: village roads
  const villageRoadRng = rng.fork('village-roads')
  const villageRoadEnds = new Map<VillageDraft, Pt>()
  const villageRoads: {
    feature: NetworkLineFeature
    parts: Pt[][]
    villages: VillageDraft[]
    start: Pt
  }[] = []
  growVillageLines(
    roadTree,
    villageRoadRng,
    (d) => d.road === 'good',
    [0.03, 0.25],
    chainMax,
    (parts, vs, start, ends) => {
      const feature = line('road', parts, {
        name: `${villageLabel(vs)}通村路`,
        cls: 'village',
        surface: villageRoadRng.chance(0.85) ? 'cement' : 'asphalt',
        owner: '交通运输局',
      })
      vs.forEach((v, k) => villageRoadEnds.set(v, ends[k] as Pt))
      villageRoads.push({ feature, parts, villages: vs, start })
      road.push(feature)
    },
    true,
  )
  growVillageLines(
    roadTree,
    villageRoadRng,
    (d) => d.road === 'low-grade' || d.road === 'planned',
    [0.03, 0.25],
    1,
    (parts, vs, _start, ends) => {
      const v = vs[0] as VillageDraft
      const end = ends[0] as Pt
      if (v.road === 'planned') {
        const year = villageRoadRng.pick([2026, 2027, 2027, 2028])
        road.push(
          line('road', parts, {
            name: `${v.name}通村路（硬化工程）`,
            cls: 'village',
            surface: 'cement',
            status: year === 2026 ? 'under-construction' : 'planned',
            completionYear: year,
            owner: '交通运输局',
          }),
        )
        if (villageRoadRng.chance(0.5)) {
          facility('bus-stop', 'road', end, `${v.name}招呼站（规划）`, '交通运输局', {
            status: year === 2026 ? 'under-construction' : 'planned',
            completionYear: year,
          })
        }
      } else {
        road.push(
          line('road', parts, {
            name: `${v.name}通村路`,
            cls: 'village',
            surface: villageRoadRng.chance(0.6) ? 'gravel' : 'dirt',
            owner: '交通运输局',
          }),
        )
      }
    },
    false,
  )
  for (const d of drafts) {
    if (d.road === 'stub') {
      road.push(
        line('road', [stubLine(d, villageRoadRng, roadTree)], {
          name: `${d.name}组组通硬化路（未连通）`,
          cls: 'village',
          surface: 'cement',
          owner: '村民委员会',
        }),
      )
    } else if (d.road === 'none' && villageRoadRng.chance(0.5)) {
      // A dirt track that reaches the network but is not a qualifying road.
      const end = polar(d.seat, villageRoadRng.range(0.1, 0.4), villageRoadRng.range(0, 6.283))
      road.push(
        line('road', [windingLine(attachRoad(end), end, villageRoadRng, spacing, 0.18)], {
          name: `${d.name}便道`,
          cls: 'other',
          surface: 'dirt',
          owner: '村民委员会',
        }),
      )
    }
  }
  // A few village roads merged pairwise into one MultiLineString feature (a 组 road with two branches).
  const leafRoads = villageRoads.filter((r) => r.villages.length === 1)
  const mergeCount = fine ? 5 : Math.floor(leafRoads.length / 60)
  const merged = new Set<NetworkLineFeature>()
  let mergedPairs = 0
  for (let i = 0; i < leafRoads.length && mergedPairs < mergeCount; i++) {
    const a = leafRoads[i] as (typeof leafRoads)[number]
    if (merged.has(a.feature) || villageRoadRng.chance(0.5)) continue
    const b = leafRoads
      .slice(i + 1, i + 12)
      .find(
        (r) =>
          !merged.has(r.feature) &&
          r.villages[0]?.township === a.villages[0]?.township &&
          dist(a.start, r.start) < 4,
      )
    if (!b) continue
    merged.add(a.feature)
    merged.add(b.feature)
    mergedPairs++
    a.feature.geometry = lineGeometry(proj, [...a.parts, ...b.parts])
    a.feature.properties.name = `${a.villages[0]?.name ?? ''}—${b.villages[0]?.name ?? ''}连村路`
    const index = road.indexOf(b.feature)
    if (index >= 0) road.splice(index, 1)
  }

  // ---------------------------------------------------------------- bus stops
  const busRng = rng.fork('bus')
  plan.townships.forEach((t, i) =>
    facility('bus-stop', 'road', t.seat, `${seatName(i)}客运站`, '交通运输局'),
  )
  for (const { trunk, path } of trunkPaths) {
    if (!trunk.attachable) continue
    let acc = 0
    for (let i = 1; i < path.length - 1; i++) {
      acc += dist(path[i - 1] as Pt, path[i] as Pt)
      if (acc >= 4 && pointInMultiPoly(path[i] as Pt, plan.outline)) {
        facility('bus-stop', 'road', path[i] as Pt, `${trunk.ref}沿线招呼站`, '交通运输局')
        acc = 0
      }
    }
  }
  for (const d of drafts) {
    const end = villageRoadEnds.get(d)
    if (!end) continue
    d.busStop = busRng.chance(1.12 - 0.5 * d.remote)
    if (d.busStop) facility('bus-stop', 'road', end, `${d.name}招呼站`, '交通运输局')
  }

  // ---------------------------------------------------------------- water
  const waterRng = rng.fork('water')
  const plantTownships = plan.townships
    .map((t, i) => (i === 0 || t.isTown ? i : -1))
    .filter((i) => i >= 0)
  const plantPoints = new Map<number, Pt>()
  for (const i of plantTownships) {
    const t = plan.townships[i] as TownshipPlan
    const p = polar(t.seat, waterRng.range(0.4, 0.8), waterRng.range(0, 6.283))
    plantPoints.set(i, p)
    facility('water-plant', 'water', p, `${t.name}水厂`, '水务局')
  }
  const waterRoots: Pt[] = [...plantPoints.values()]
  const waterTree = newTree(fine ? 1 : 3, waterRoots)
  const mainOrder = plan.townships
    .map((t, i) => ({ i, d: Math.min(...[...plantPoints.values()].map((p) => dist(p, t.seat))) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
  for (const { i } of mainOrder) {
    const t = plan.townships[i] as TownshipPlan
    const plant = plantPoints.get(i)
    const from = plant ?? (waterTree.grid.nearest(t.seat, 400)?.p as Pt)
    const path = windingLine(from, t.seat, waterRng, spacing, 0.1)
    water.push(line('water', [path], { name: `${t.name}供水主管`, cls: 'main', owner: '水务局' }))
    path.slice(1).forEach((p) => waterTree.grid.add(p, 0))
  }
  const plannedAreaTownship = plan.townships.findIndex((t, i) => i > 0 && !t.isTown)
  plan.townships.forEach((t, i) => {
    if (plantPoints.has(i)) {
      water.push(
        serviceArea(
          'water',
          'water-supply',
          blob(t.seat, waterRng.range(1.3, 2.3), waterRng, 28, 0.2),
          `${t.name}集镇供水区`,
          '水务局',
        ),
      )
    } else if (i === plannedAreaTownship) {
      water.push(
        serviceArea(
          'water',
          'water-supply',
          blob(t.seat, waterRng.range(1.0, 1.6), waterRng, 28, 0.2),
          `${t.name}集镇供水区（规划）`,
          '水务局',
          'planned',
          2027,
        ),
      )
    }
  })
  growVillageLines(
    waterTree,
    waterRng,
    (d) => d.water === 'good',
    [0.02, 0.15],
    chainMax,
    (parts, vs) =>
      water.push(
        line('water', parts, {
          name: `${villageLabel(vs)}供水支管`,
          cls: 'branch',
          owner: '水务局',
        }),
      ),
    true,
  )
  growVillageLines(
    waterTree,
    waterRng,
    (d) => d.water === 'planned',
    [0.02, 0.15],
    1,
    (parts, vs) => {
      const year = waterRng.pick([2026, 2027])
      water.push(
        line('water', parts, {
          name: `${vs[0]?.name ?? ''}饮水安全工程`,
          cls: 'branch',
          status: year === 2026 ? 'under-construction' : 'planned',
          completionYear: year,
          owner: '水务局',
        }),
      )
    },
    false,
  )
  for (const d of drafts) {
    if (d.water !== 'stub') continue
    water.push(
      line('water', [stubLine(d, waterRng, waterTree).reverse()], {
        name: `${d.name}山泉引水管（自建）`,
        cls: 'branch',
        owner: '村民委员会',
      }),
    )
  }

  // ---------------------------------------------------------------- power
  const powerRng = rng.fork('power')
  const sub110 = polar(countySeat, powerRng.range(0.5, 0.9), powerRng.range(0, 6.283))
  facility('substation', 'power', sub110, `110kV ${seatName(0)}变电站`, '供电局')
  const subs35: { i: number; p: Pt }[] = []
  plan.townships.forEach((t, i) => {
    if (i === 0 || !t.isTown) return
    const p = polar(t.seat, powerRng.range(0.3, 0.7), powerRng.range(0, 6.283))
    subs35.push({ i, p })
    facility('substation', 'power', p, `35kV ${t.name}变电站`, '供电局')
  })
  for (const gate of plan.powerGates) {
    power.push(
      line('power', [windingLine(gate, sub110, powerRng, fine ? 1 : 3, 0.05)], {
        name: `110kV ${plan.countyName}进线`,
        cls: 'transmission',
        voltageKv: 110,
        owner: '供电局',
      }),
    )
  }
  const connectedSubs: Pt[] = [sub110]
  for (const sub of [...subs35].sort(
    (a, b) => dist(a.p, sub110) - dist(b.p, sub110) || a.i - b.i,
  )) {
    let from = connectedSubs[0] as Pt
    for (const c of connectedSubs) if (dist(c, sub.p) < dist(from, sub.p)) from = c
    power.push(
      line('power', [windingLine(from, sub.p, powerRng, fine ? 1 : 3, 0.06)], {
        name: `35kV ${seatName(sub.i)}线`,
        cls: 'transmission',
        voltageKv: 35,
        owner: '供电局',
      }),
    )
    connectedSubs.push(sub.p)
  }
  const powerTree = newTree(fine ? 1 : 3, connectedSubs)
  plan.townships.forEach((t) => {
    const from = powerTree.grid.nearest(t.seat, 400)?.p as Pt
    if (dist(from, t.seat) < 0.05) return
    const path = windingLine(from, t.seat, powerRng, spacing, 0.08)
    power.push(
      line('power', [path], {
        name: `10kV ${t.name}线`,
        cls: 'distribution',
        voltageKv: 10,
        owner: '供电局',
      }),
    )
    path.slice(1).forEach((p) => powerTree.grid.add(p, 0))
  })
  growVillageLines(
    powerTree,
    powerRng,
    (d) => d.power === 'good',
    [0.02, 0.2],
    chainMax,
    (parts, vs) =>
      power.push(
        line('power', parts, {
          name: `10kV ${villageLabel(vs)}支线`,
          cls: 'distribution',
          voltageKv: 10,
          owner: '供电局',
        }),
      ),
    true,
  )
  growVillageLines(
    powerTree,
    powerRng,
    (d) => d.power === 'planned',
    [0.02, 0.2],
    1,
    (parts, vs) =>
      power.push(
        line('power', parts, {
          name: `10kV ${vs[0]?.name ?? ''}支线（农网改造）`,
          cls: 'distribution',
          voltageKv: 10,
          status: 'planned',
          completionYear: 2026,
          owner: '供电局',
        }),
      ),
    false,
  )
  for (const d of drafts) {
    if (d.power !== 'stub') continue
    power.push(
      line('power', [stubLine(d, powerRng, powerTree).reverse()], {
        name: `10kV ${d.name}小水电线路（孤网）`,
        cls: 'distribution',
        voltageKv: 10,
        owner: '村民委员会',
      }),
    )
  }

  // ---------------------------------------------------------------- broadband
  const bbRng = rng.fork('broadband')
  const backbone = polar(countySeat, bbRng.range(0.15, 0.35), bbRng.range(0, 6.283))
  facility('backbone-node', 'broadband', backbone, `${plan.countyName}传输汇聚节点`, '电信运营商')
  const olts = plan.townships.map((t) =>
    polar(t.seat, bbRng.range(0.1, 0.25), bbRng.range(0, 6.283)),
  )
  olts.forEach((p, i) => facility('olt', 'broadband', p, `${seatName(i)}OLT`, '电信运营商'))
  const connectedOlt: Pt[] = [backbone]
  const oltOrder = olts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => dist(a.p, backbone) - dist(b.p, backbone) || a.i - b.i)
  for (const { p, i } of oltOrder) {
    let from = connectedOlt[0] as Pt
    for (const c of connectedOlt) if (dist(c, p) < dist(from, p)) from = c
    broadband.push(
      line('broadband', [windingLine(from, p, bbRng, spacing, 0.08)], {
        name: `${seatName(i)}光缆干线`,
        cls: 'backbone',
        owner: '电信运营商',
      }),
    )
    connectedOlt.push(p)
  }
  const fibreTree = newTree(fine ? 1 : 3, olts)
  growVillageLines(
    fibreTree,
    bbRng,
    (d) => d.broadband === 'good',
    [0.02, 0.2],
    chainMax,
    (parts, vs) =>
      broadband.push(
        line('broadband', parts, {
          name: `${villageLabel(vs)}光纤`,
          cls: 'fibre',
          owner: '电信运营商',
        }),
      ),
    true,
  )
  growVillageLines(
    fibreTree,
    bbRng,
    (d) => d.broadband === 'planned',
    [0.02, 0.2],
    1,
    (parts, vs) => {
      const year = bbRng.pick([2026, 2027])
      broadband.push(
        line('broadband', parts, {
          name: `${vs[0]?.name ?? ''}光纤（宽带乡村工程）`,
          cls: 'fibre',
          status: year === 2026 ? 'under-construction' : 'planned',
          completionYear: year,
          owner: '电信运营商',
        }),
      )
    },
    false,
  )
  const cellSite = (
    p: Pt,
    radiusM: number,
    name: string,
    status: FeatureStatus = 'existing',
    year: number | null = null,
  ): void => {
    facility('cell-site', 'broadband', p, name, '电信运营商', {
      radiusM,
      status,
      completionYear: year,
    })
    broadband.push(
      serviceArea(
        'broadband',
        'cell-coverage',
        circleRing(p, radiusM / 1000, fine ? 48 : 24),
        `${name}覆盖范围`,
        '电信运营商',
        status,
        year,
      ),
    )
  }
  plan.townships.forEach((t, i) => cellSite(olts[i] as Pt, 2000, `${seatName(i)}基站`))
  const uncovered = drafts.filter((d) => d.broadband === 'none')
  uncovered.forEach((d, k) => {
    // Roughly one in four fibre-less villages sees a mountain-top cell site; one more is planned.
    if (k % 6 === 1) {
      cellSite(
        polar(d.seat, bbRng.range(0.4, 1.0), bbRng.range(0, 6.283)),
        Math.round(bbRng.range(1500, 2500)),
        `${d.name}山顶基站`,
      )
    } else if (k === 2) {
      cellSite(
        polar(d.seat, bbRng.range(0.4, 1.0), bbRng.range(0, 6.283)),
        2500,
        `${d.name}基站（规划）`,
        'planned',
        2026,
      )
    }
  })
  drafts
    .filter((d) => d.broadband === 'good' && d.elevationM > minElevation + elevationRange * 0.5)
    .forEach((d, k) => {
      if (k % 8 === 0) {
        cellSite(
          polar(d.seat, bbRng.range(0.5, 1.2), bbRng.range(0, 6.283)),
          Math.round(bbRng.range(1500, 3000)),
          `${d.name}基站`,
        )
      }
    })

  // ---------------------------------------------------------------- hazards
  const hazardRng = rng.fork('hazards')
  const hazardRings: Ring[] = []
  const hazard = (
    kind: HazardFeature['properties']['kind'],
    severity: Severity,
    ring: Ring,
    name: string,
  ): void => {
    hazardRings.push(ring)
    hazards.push({
      type: 'Feature',
      properties: { id: nextId('hazard'), kind, severity, name, source: SOURCE },
      geometry: polygonGeometry(proj, ring),
    })
  }
  const forced = drafts.filter((d) => d.forced)
  if (forced.length > 0) {
    const cx = forced.reduce((s, d) => s + d.seat[0], 0) / forced.length
    const cy = forced.reduce((s, d) => s + d.seat[1], 0) / forced.length
    const r = Math.max(...forced.map((d) => dist(d.seat, [cx, cy]))) + 0.7
    hazard(
      'geological',
      'high',
      blob([cx, cy], r, hazardRng, 32, 0.08),
      `${forced[0]?.name ?? ''}一带泥石流易发区`,
    )
  }
  const steep = drafts
    .filter((d) => !d.forced)
    .sort((a, b) => b.slopeDeg - a.slopeDeg || (a.code < b.code ? -1 : 1))
    .slice(0, Math.max(1, Math.round(drafts.length * 0.04)))
  for (const d of steep) {
    const r = hazardRng.range(0.5, 1.1)
    const center = polar(d.seat, hazardRng.range(0, 0.3 * r), hazardRng.range(0, 6.283))
    const severity: Severity = d.slopeDeg > 30 ? 'high' : d.slopeDeg > 22 ? 'medium' : 'low'
    const kindName = hazardRng.chance(0.5) ? '滑坡隐患区' : '崩塌隐患区'
    hazard('geological', severity, blob(center, r, hazardRng, 24, 0.2), `${d.name}${kindName}`)
  }
  if (plan.extras) {
    for (let k = 0; k < 3; k++) {
      // Hazard zones away from any village seat (a hazard layer is not only about villages).
      for (let attempt = 0; attempt < 200; attempt++) {
        const p: Pt = [hazardRng.range(minX, maxX), hazardRng.range(minY, maxY)]
        if (townshipOf(p) < 0 || villageGrid.hasWithin(p, 1.6) || terrain.slopeDeg(p) < 18) continue
        hazard(
          'geological',
          hazardRng.pick<Severity>(['low', 'medium']),
          blob(p, hazardRng.range(0.4, 0.8), hazardRng, 20, 0.25),
          `无名沟${k + 1}号泥石流沟`,
        )
        break
      }
    }
  }
  // Flood zones along the main river next to riverside villages.
  const mainRiver = plan.rivers[0]
  if (mainRiver) {
    const riverside = drafts
      .filter((d) => !d.forced && d.riverKm < 0.6 && pointInMultiPoly(d.seat, plan.outline))
      .sort((a, b) => a.riverKm - b.riverKm || (a.code < b.code ? -1 : 1))
      .slice(0, fine ? 4 : 1)
    for (const d of riverside) {
      const stretch = stretchAround(mainRiver, d.seat, hazardRng.range(3, 5))
      hazard(
        'flood',
        d.riverKm < 0.3 ? 'high' : 'medium',
        bandAround(stretch, Math.max(0.35, d.riverKm + 0.15)),
        `${d.name}河段洪水淹没区（20年一遇）`,
      )
    }
  }
  if (plan.hasRedLine) {
    const top = drafts
      .filter((d) => !d.forced && forced.every((f) => dist(f.seat, d.seat) > 8))
      .sort((a, b) => b.elevationM - a.elevationM || (a.code < b.code ? -1 : 1))[0]
    if (top) {
      const center = polar(top.seat, hazardRng.range(0.5, 1.2), hazardRng.range(0, 6.283))
      hazard(
        'ecological-red-line',
        'high',
        blob(center, hazardRng.range(3, 3.8), hazardRng, 40, 0.15),
        `${top.name.slice(0, 2)}山自然保护区生态保护红线`,
      )
    }
  }
  for (const d of drafts) d.hazard = hazardRings.some((ring) => pointInRing(d.seat, ring))

  // ---------------------------------------------------------------- resettlement sites
  const siteRng = rng.fork('sites')
  const siteIn = (p: Pt): string => {
    const t = townshipOf(p)
    return t >= 0 ? (plan.townships[t] as TownshipPlan).code : plan.countyCode
  }
  const site = (
    p: Pt,
    name: string,
    type: SiteType,
    status: SiteStatus,
    households: number,
    facilityList: string[],
  ): void => {
    sites.push({
      type: 'Feature',
      properties: {
        id: nextId('site'),
        name,
        type,
        status,
        capacity_households: households,
        capacity_people: Math.round(households * 3.6),
        facilities: facilityList,
        admin_code: siteIn(p),
      },
      geometry: { type: 'Point', coordinates: proj.toLngLat(p) },
    })
  }
  const sitePoints: Pt[] = []
  const addSite = (p: Pt, ...rest: [string, SiteType, SiteStatus, number, string[]]): void => {
    sitePoints.push(p)
    site(p, ...rest)
  }
  addSite(
    polar(countySeat, siteRng.range(0.8, 1.4), siteRng.range(0, 6.283)),
    `${plan.countyName}城区易地扶贫搬迁安置区`,
    'county-seat',
    'existing',
    fine ? 3000 : 2000,
    ['clinic', 'hospital', 'jobs', 'kindergarten', 'market', 'school'],
  )
  addSite(
    polar(countySeat, siteRng.range(2.5, 3.5), siteRng.range(0, 6.283)),
    `${plan.countyName}产业园区安置点`,
    'industrial-park',
    'candidate',
    fine ? 800 : 500,
    ['jobs', 'market'],
  )
  let townSites = 0
  plan.townships.forEach((t, i) => {
    if (i === 0 || !t.isTown) return
    const status: SiteStatus =
      townSites === 0 ? 'existing' : townSites === 1 ? 'planned' : 'candidate'
    townSites++
    addSite(
      polar(t.seat, siteRng.range(0.6, 1.0), siteRng.range(0, 6.283)),
      `${t.name}集镇安置点`,
      'town',
      status,
      siteRng.int(3, 8) * 100,
      ['clinic', 'kindergarten', 'market', 'school'],
    )
  })
  const centralCount = fine ? 7 : 2
  const centralCandidates = drafts
    .filter((d) => !d.hazard && d.slopeDeg < 14 && d.road === 'good' && d.water === 'good')
    .sort((a, b) => b.riverKm - a.riverKm || (a.code < b.code ? -1 : 1))
    .reverse()
  // Near the forced cluster: the nearest safe valley village 3-9 km away.
  if (forced.length > 0) {
    const fc: Pt = [
      forced.reduce((s, d) => s + d.seat[0], 0) / forced.length,
      forced.reduce((s, d) => s + d.seat[1], 0) / forced.length,
    ]
    const nearClusterVillage = drafts
      .filter(
        (d) =>
          !d.hazard && !d.forced && d.road === 'good' && d.slopeDeg < 22 && dist(d.seat, fc) > 3,
      )
      .sort((a, b) => dist(a.seat, fc) - dist(b.seat, fc) || (a.code < b.code ? -1 : 1))[0]
    if (nearClusterVillage) {
      addSite(
        polar(nearClusterVillage.seat, siteRng.range(0.3, 0.6), siteRng.range(0, 6.283)),
        `${nearClusterVillage.name}中心村安置点`,
        'central-village',
        'candidate',
        150,
        ['clinic', 'school'],
      )
    }
  }
  let central = 0
  for (const d of centralCandidates) {
    if (central >= centralCount) break
    if (sitePoints.some((p) => dist(p, d.seat) < 5)) continue
    let p = polar(d.seat, siteRng.range(0.3, 0.6), siteRng.range(0, 6.283))
    for (
      let attempt = 0;
      attempt < 20 && hazardRings.some((ring) => pointInRing(p, ring));
      attempt++
    ) {
      p = polar(d.seat, siteRng.range(0.3, 0.6), siteRng.range(0, 6.283))
    }
    if (hazardRings.some((ring) => pointInRing(p, ring))) continue
    central++
    addSite(
      p,
      `${d.name}中心村安置点`,
      'central-village',
      'candidate',
      siteRng.int(6, 20) * 10,
      siteRng.chance(0.5) ? ['clinic', 'school'] : ['clinic'],
    )
  }
  // One candidate inside a flood zone: a planner must see it ruled out.
  const floodRing = hazards.findIndex((h) => h.properties.kind === 'flood')
  if (floodRing >= 0 && fine) {
    const ring = hazardRings[floodRing] as Ring
    const inside = drafts.find((d) => pointInRing(d.seat, ring))
    if (inside) {
      let p: Pt = [inside.seat[0] + 0.01, inside.seat[1]]
      for (let attempt = 0; attempt < 40; attempt++) {
        const q = polar(inside.seat, siteRng.range(0.05, 0.2), siteRng.range(0, 6.283))
        if (pointInRing(q, ring)) {
          p = q
          break
        }
      }
      addSite(p, `${inside.name}河滩安置点`, 'central-village', 'candidate', 120, ['school'])
    }
  }

  // ---------------------------------------------------------------- village attributes
  const attrRng = rng.fork('attributes')
  const causesOrder = [
    'illness',
    'disability',
    'lack-of-education',
    'lack-of-land',
    'lack-of-water',
    'lack-of-skills',
    'lack-of-labour',
    'lack-of-capital',
    'poor-transport',
    'natural-disaster',
    'lack-of-motivation',
  ]
  const villages: VillageFeature[] = []
  const villageSeats = new Map<string, Pt>()
  drafts.forEach((d, index) => {
    const township = plan.townships[d.township] as TownshipPlan
    const valley = d.slopeDeg < 15 && d.riverKm < 3
    const population = d.forced
      ? attrRng.int(300, 700)
      : valley
        ? attrRng.int(1200, 3200)
        : attrRng.int(450, 1600)
    const households = Math.round(population / attrRng.range(3.2, 3.8))
    const roadGap = d.road !== 'good'
    const waterGap = d.water !== 'good'
    let incidence = d.forced
      ? attrRng.range(0.3, 0.45)
      : valley
        ? attrRng.range(0.03, 0.12)
        : attrRng.range(0.1, 0.3)
    if (roadGap) incidence += 0.06
    if (waterGap) incidence += 0.05
    const poorHouseholds = Math.round(households * Math.min(0.6, incidence))
    const poorPeople = Math.min(population, Math.round(poorHouseholds * attrRng.range(3.0, 3.8)))
    const land =
      Math.round((valley ? attrRng.range(0.9, 2.0) : attrRng.range(0.3, 1.2)) * 100) / 100
    const income = Math.round(
      valley ? attrRng.range(5200, 9500) : attrRng.range(2900, 5600) - (roadGap ? 400 : 0),
    )
    const causes = new Set<string>(['illness'])
    if (attrRng.chance(0.4)) causes.add('disability')
    if (attrRng.chance(0.3)) causes.add('lack-of-skills')
    if (attrRng.chance(0.25))
      causes.add(
        attrRng.pick([
          'lack-of-labour',
          'lack-of-capital',
          'lack-of-education',
          'lack-of-motivation',
        ]),
      )
    if (waterGap) causes.add('lack-of-water')
    if (roadGap) causes.add('poor-transport')
    if (d.hazard) causes.add('natural-disaster')
    if (land < 0.6) causes.add('lack-of-land')
    const flags: string[] = []
    if (incidence >= 0.2) flags.push('poor-village')
    if (incidence >= 0.25 && d.elevationM > minElevation + elevationRange * 0.45)
      flags.push('deep-poverty')
    if (township.isEthnic) flags.push('ethnic-minority')
    // Sample: a handful of villages whose survey data are missing (nulls are valid input).
    const missingTerrain = plan.extras ? index % 97 === 41 : index % 401 === 17
    const missingEconomy = plan.extras ? index % 71 === 23 : index % 331 === 5
    villageSeats.set(d.code, d.seat)
    villages.push({
      type: 'Feature',
      properties: {
        code: d.code,
        name: d.name,
        name_en: d.nameEn,
        township_code: township.code,
        county_code: plan.countyCode,
        city_code: plan.cityCode,
        province_code: plan.provinceCode,
        population,
        households,
        poor_households: poorHouseholds,
        poor_people: poorPeople,
        poverty_causes: causesOrder.filter((c) => causes.has(c)),
        elevation_m: missingTerrain ? null : d.elevationM,
        slope_deg: missingTerrain ? null : d.slopeDeg,
        land_per_person_mu: missingEconomy ? null : land,
        income_per_person_cny: missingEconomy ? null : income,
        flags: flags.sort(),
      },
      geometry: { type: 'Point', coordinates: proj.toLngLat(d.seat) },
    })
  })

  return {
    villages,
    road,
    water,
    power,
    broadband,
    facilities,
    sites,
    hazards,
    villageSeats,
    villageCodesByTownship,
  }
}

/** Admin features helper shared by scales. */
export function adminOutlineGeometry(
  proj: LocalProjection,
  polys: readonly Poly[],
): ReturnType<typeof multiPolygonGeometry> {
  return multiPolygonGeometry(proj, polys)
}
