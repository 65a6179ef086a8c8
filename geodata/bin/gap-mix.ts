/**
 * Brute-force check of the gap mix designed into a generated region (independent of packages/coverage):
 * geodesic point-to-line distances with turf over every feature, connectivity by exact vertex matching.
 *   npx tsx geodata/bin/gap-mix.ts [dir]      (default geodata/sample)
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { booleanPointInPolygon, distance, lineString, point, pointToLineDistance } from '@turf/turf'
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson'

const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'sample')
const read = <T extends FeatureCollection>(name: string): T =>
  JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8')) as T
type Props = Record<string, unknown>
const villages =
  read<FeatureCollection<{ type: 'Point'; coordinates: Position }, Props>>('villages').features
const facilities =
  read<FeatureCollection<{ type: 'Point'; coordinates: Position }, Props>>('facilities').features
const layers = ['road', 'water', 'power', 'broadband'].map(
  (n) =>
    read<FeatureCollection<LineString | MultiLineString | Polygon | MultiPolygon, Props>>(n)
      .features,
)
const [road, water, power, broadband] = layers as [
  (typeof layers)[0],
  (typeof layers)[0],
  (typeof layers)[0],
  (typeof layers)[0],
]
const isLine = (f: Feature): f is Feature<LineString | MultiLineString, Props> =>
  f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString'
const partsOf = (f: Feature<LineString | MultiLineString>): Position[][] =>
  f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates
const key = (p: Position): string => `${p[0]},${p[1]}`

/** Union-find components over lines by shared vertices; returns the set of line ids connected to any source point. */
function connectedTo(
  lines: Feature<LineString | MultiLineString, Props>[],
  sources: Position[],
): Set<string> {
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r) as string
    parent.set(k, r)
    return r
  }
  const union = (a: string, b: string): void => {
    parent.set(find(a), find(b))
  }
  for (const f of lines) {
    const id = `line:${String(f.properties.id)}`
    parent.set(id, id)
    for (const part of partsOf(f))
      for (const p of part) {
        if (!parent.has(key(p))) parent.set(key(p), key(p))
        union(id, key(p))
      }
  }
  const roots = new Set(sources.filter((p) => parent.has(key(p))).map((p) => find(key(p))))
  return new Set(
    lines
      .filter((f) => roots.has(find(`line:${String(f.properties.id)}`)))
      .map((f) => String(f.properties.id)),
  )
}

function minDistanceM(p: Position, lines: Feature<LineString | MultiLineString, Props>[]): number {
  let best = Infinity
  for (const f of lines)
    for (const part of partsOf(f)) {
      best = Math.min(
        best,
        pointToLineDistance(point(p), lineString(part), { units: 'meters', method: 'geodesic' }),
      )
    }
  return best
}

const existing = (f: { properties: Props | null }): boolean => f.properties?.status === 'existing'
const facilityPoints = (kinds: string[], status = true): Position[] =>
  facilities
    .filter((f) => kinds.includes(String(f.properties.kind)) && (!status || existing(f)))
    .map((f) => f.geometry.coordinates)
const countySeatStop = facilityPoints(['bus-stop'])

// Road: surfaced, existing, village class or above (not expressway), connected to the county network
// (the component holding the township bus stations, which sit on township seats).
const surfaced = road
  .filter(isLine)
  .filter(
    (f) =>
      existing(f) &&
      ['asphalt', 'cement'].includes(String(f.properties.surface)) &&
      ['national', 'provincial', 'county', 'township', 'village'].includes(
        String(f.properties.class),
      ),
  )
const stations = facilities
  .filter((f) => String(f.properties.name).endsWith('客运站'))
  .map((f) => f.geometry.coordinates)
const roadConnected = connectedTo(surfaced, stations)
const qualifyingRoads = surfaced.filter((f) => roadConnected.has(String(f.properties.id)))
const anySurfaced = surfaced
const plannedRoads = road.filter(isLine).filter((f) => !existing(f))

const waterLines = water.filter(isLine).filter(existing)
const waterConnected = connectedTo(waterLines, facilityPoints(['water-plant']))
const qualifyingWater = waterLines.filter((f) => waterConnected.has(String(f.properties.id)))
const waterAreas = water.filter((f) => !isLine(f) && existing(f)) as Feature<
  Polygon | MultiPolygon,
  Props
>[]

const powerLines = power
  .filter(isLine)
  .filter((f) => existing(f) && Number(f.properties.voltage_kv) >= 10)
const powerConnected = connectedTo(powerLines, facilityPoints(['substation']))
const qualifyingPower = powerLines.filter((f) => powerConnected.has(String(f.properties.id)))

const fibre = broadband.filter(isLine).filter(existing)
const fibreConnected = connectedTo(fibre, facilityPoints(['olt', 'backbone-node']))
const qualifyingFibre = fibre.filter((f) => fibreConnected.has(String(f.properties.id)))
const cells = facilities.filter((f) => f.properties.kind === 'cell-site' && existing(f))

// Bus along the network: multi-source Dijkstra from existing stops over existing non-expressway roads
// (stops sit on road vertices); a village reaches the network at its nearest road vertex.
const haversineM = (a: Position, b: Position): number =>
  distance(point(a), point(b), { units: 'meters' })
const graph = new Map<string, { to: string; m: number }[]>()
const vertexPos = new Map<string, Position>()
for (const f of road
  .filter(isLine)
  .filter((f) => existing(f) && f.properties.class !== 'expressway')) {
  for (const part of partsOf(f)) {
    for (let i = 0; i < part.length; i++) {
      const k = key(part[i] as Position)
      vertexPos.set(k, part[i] as Position)
      if (i === 0) continue
      const j = key(part[i - 1] as Position)
      const m = haversineM(part[i - 1] as Position, part[i] as Position)
      graph.set(k, [...(graph.get(k) ?? []), { to: j, m }])
      graph.set(j, [...(graph.get(j) ?? []), { to: k, m }])
    }
  }
}
const best = new Map<string, number>()
const frontier: [number, string][] = facilityPoints(['bus-stop'])
  .filter((p) => vertexPos.has(key(p)))
  .map((p) => [0, key(p)])
while (frontier.length > 0) {
  frontier.sort((a, b) => b[0] - a[0])
  const [d, k] = frontier.pop() as [number, string]
  if (best.has(k) || d > 2500) continue
  best.set(k, d)
  for (const e of graph.get(k) ?? []) if (!best.has(e.to)) frontier.push([d + e.m, e.to])
}
const vertices = [...vertexPos.entries()]
const thresholds = [500, 1000, 2000]
const counts: Record<string, number> = {}
const bump = (k: string): void => {
  counts[k] = (counts[k] ?? 0) + 1
}
for (const v of villages) {
  const p = v.geometry.coordinates
  const dRoad = minDistanceM(p, qualifyingRoads)
  const dAnySurfaced = minDistanceM(p, anySurfaced)
  const dPlanned = minDistanceM(p, plannedRoads)
  for (const t of thresholds) {
    if (dRoad > t) bump(`road gap @${t} m`)
    if (dRoad > t && dAnySurfaced <= t)
      bump(`road gap @${t} m, only an isolated surfaced fragment within`)
    if (dRoad > t && dPlanned <= t) bump(`road gap @${t} m, planned road within`)
  }
  const dStop = Math.min(
    ...countySeatStop.map((s) => distance(point(p), point(s), { units: 'meters' })),
  )
  if (dStop > 2000)
    bump('bus: no stop within 2 km straight line (lower bound of along-network gaps)')
  let access = Infinity
  let accessKey = ''
  for (const [k, q] of vertices) {
    const d = haversineM(p, q)
    if (d < access) {
      access = d
      accessKey = k
    }
  }
  if (access + (best.get(accessKey) ?? Infinity) > 2000)
    bump('bus: no stop within 2 km along the road network (seat -> nearest road vertex -> stop)')
  const dWater = minDistanceM(p, qualifyingWater)
  const inArea = waterAreas.some((a) => booleanPointInPolygon(point(p), a))
  for (const t of [500, 1000])
    if (dWater > t && !inArea)
      bump(`water gap @${t} m (no connected main within, not in a supply area)`)
  const dPower = minDistanceM(p, qualifyingPower)
  for (const t of [500, 1000]) if (dPower > t) bump(`power gap @${t} m`)
  const dFibre = minDistanceM(p, qualifyingFibre)
  const inCell = cells.some(
    (c) =>
      distance(point(p), point(c.geometry.coordinates), { units: 'meters' }) <=
      Number(c.properties.radius_m),
  )
  for (const t of [500, 1000]) {
    if (dFibre > t) bump(`broadband gap @${t} m, fibre only`)
    if (dFibre > t && !inCell) bump(`broadband gap @${t} m, fibre or cell`)
  }
}
console.log(`${villages.length} villages in ${dir}`)
for (const [k, n] of Object.entries(counts).sort())
  console.log(
    `${String(n).padStart(5)}  ${((100 * n) / villages.length).toFixed(1).padStart(5)}%  ${k}`,
  )
