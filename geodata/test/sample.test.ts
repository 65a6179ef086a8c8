/**
 * Checks the committed sample files as a consumer sees them, with independent computations
 * (turf point-in-polygon, areas and geodesic distances; union-find over exactly shared vertices).
 */
import {
  area,
  bbox,
  booleanPointInPolygon,
  distance,
  featureCollection,
  intersect,
  lineString,
  point,
  pointToLineDistance,
} from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import {
  FACILITY_KINDS,
  FACILITY_NETWORK,
  FEATURE_STATUSES,
  HAZARD_KINDS,
  ROAD_CLASSES,
  ROAD_SURFACES,
  SEVERITIES,
  SITE_STATUSES,
  SITE_TYPES,
  adminLevelOfCode,
  isWithinAdmin,
} from '@tongcun/domain'
import { isLine, lineComponents, partsOf, positionKey, readSample, type AnyLine } from './helpers'

const region = readSample()
const admin = region.admin.features
const villages = region.villages.features
const current = admin.filter((f) => !f.properties.valid_to)
const townships = current.filter((f) => f.properties.level === 'township')
const county = current.find((f) => f.properties.level === 'county')
const facilities = region.facilities.features
const existing = (f: { properties: { status: string } }): boolean =>
  f.properties.status === 'existing'

describe('admin units', () => {
  it('has one fictional province/city/county chain and 10 current townships with 12-digit codes', () => {
    expect(
      current.map((f) => f.properties.level).filter((l) => l !== 'township' && l !== 'village'),
    ).toEqual(['province', 'city', 'county'])
    expect(townships.length).toBe(10)
    expect(county?.properties.name).toContain('虚构')
    expect(county?.properties.name_en).toContain('fictional')
    const codes = new Set(admin.map((f) => f.properties.code))
    for (const unit of admin) {
      expect(unit.properties.code).toMatch(/^\d{12}$/)
      expect(adminLevelOfCode(unit.properties.code)).toBe(unit.properties.level)
      if (unit.properties.parent_code) {
        expect(codes.has(unit.properties.parent_code)).toBe(true)
        expect(isWithinAdmin(unit.properties.code, unit.properties.parent_code)).toBe(true)
      }
    }
  })

  it('keeps merged units as history pointing to current units', () => {
    const historic = admin.filter((f) => f.properties.valid_to)
    expect(historic.length).toBeGreaterThanOrEqual(2)
    const currentCodes = new Set([
      ...current.map((f) => f.properties.code),
      ...villages.map((v) => v.properties.code),
    ])
    for (const unit of historic) {
      expect(unit.properties.valid_to).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(currentCodes.has(unit.properties.replaced_by as string), unit.properties.code).toBe(
        true,
      )
      expect(currentCodes.has(unit.properties.code)).toBe(false)
    }
    expect(historic.some((f) => f.properties.level === 'township')).toBe(true)
  })

  it('tiles the county with township polygons: no gaps, no overlaps', () => {
    const countyArea = area(county as Feature<MultiPolygon>)
    const sum = townships.reduce((s, t) => s + area(t as Feature<MultiPolygon>), 0)
    expect(Math.abs(sum - countyArea) / countyArea).toBeLessThan(1e-6)
    let overlapM2 = 0
    for (let i = 0; i < townships.length; i++) {
      for (let j = i + 1; j < townships.length; j++) {
        const shared = intersect(
          featureCollection([townships[i], townships[j]] as Feature<MultiPolygon>[]),
        )
        if (shared) overlapM2 += area(shared)
      }
    }
    expect(overlapM2).toBeLessThan(1)
  })
})

describe('villages', () => {
  it('has ~300 villages with unique 12-digit codes inside their township code prefix', () => {
    expect(villages.length).toBe(300)
    expect(new Set(villages.map((v) => v.properties.code)).size).toBe(300)
    const townshipCodes = new Set(townships.map((t) => t.properties.code))
    for (const v of villages) {
      const p = v.properties
      expect(p.code).toMatch(/^\d{12}$/)
      expect(adminLevelOfCode(p.code)).toBe('village')
      expect(townshipCodes.has(p.township_code)).toBe(true)
      expect(isWithinAdmin(p.code, p.township_code)).toBe(true)
      expect(p.county_code).toBe(county?.properties.code)
    }
  })

  it('places every village seat inside its own township polygon and no other', () => {
    for (const v of villages) {
      const containing = townships
        .filter((t) => booleanPointInPolygon(v, t as Feature<MultiPolygon>))
        .map((t) => t.properties.code)
      expect(containing, v.properties.code).toEqual([v.properties.township_code])
    }
  })

  it('mixes valley and high-slope settlements with consistent poverty figures', () => {
    const slopes = villages
      .map((v) => v.properties.slope_deg)
      .filter((s): s is number => s !== null)
    expect(slopes.filter((s) => s < 10).length / villages.length).toBeGreaterThan(0.1)
    expect(slopes.filter((s) => s > 25).length / villages.length).toBeGreaterThan(0.04)
    for (const v of villages) {
      const p = v.properties
      expect(p.poor_people as number).toBeLessThanOrEqual(p.population as number)
      expect(p.poor_households as number).toBeLessThanOrEqual(p.households as number)
      expect(p.poverty_causes.length).toBeGreaterThan(0)
    }
  })
})

describe('properties follow the domain model', () => {
  const keys = (f: { properties: object }): string[] => Object.keys(f.properties)
  it('uses exactly the domain property names on every layer', () => {
    const lineKeys = [
      'id',
      'network',
      'name',
      'class',
      'surface',
      'voltage_kv',
      'status',
      'completion_year',
      'owner',
      'source',
    ]
    const areaKeys = [
      'id',
      'network',
      'kind',
      'name',
      'status',
      'completion_year',
      'owner',
      'source',
    ]
    for (const f of admin)
      expect(keys(f)).toEqual([
        'code',
        'name',
        'name_en',
        'level',
        'parent_code',
        'valid_from',
        'valid_to',
        'replaced_by',
      ])
    for (const f of villages) {
      expect(keys(f)).toEqual([
        'code',
        'name',
        'name_en',
        'township_code',
        'county_code',
        'city_code',
        'province_code',
        'population',
        'households',
        'poor_households',
        'poor_people',
        'poverty_causes',
        'elevation_m',
        'slope_deg',
        'land_per_person_mu',
        'income_per_person_cny',
        'flags',
      ])
    }
    for (const layer of ['road', 'water', 'power', 'broadband'] as const) {
      for (const f of region[layer].features)
        expect(keys(f)).toEqual(isLine(f as Feature) ? lineKeys : areaKeys)
    }
    for (const f of facilities)
      expect(keys(f)).toEqual([
        'id',
        'network',
        'kind',
        'name',
        'radius_m',
        'status',
        'completion_year',
        'owner',
        'source',
      ])
    for (const f of region.sites.features)
      expect(keys(f)).toEqual([
        'id',
        'name',
        'type',
        'status',
        'capacity_households',
        'capacity_people',
        'facilities',
        'admin_code',
      ])
    for (const f of region.hazards.features)
      expect(keys(f)).toEqual(['id', 'kind', 'severity', 'name', 'source'])
  })

  it('uses only the domain enums, with networks matching the file and completion years on planned work', () => {
    for (const layer of ['road', 'water', 'power', 'broadband'] as const) {
      for (const f of region[layer].features) {
        const p = f.properties
        expect(p.network).toBe(layer)
        expect(FEATURE_STATUSES).toContain(p.status)
        if (p.status === 'existing') expect(p.completion_year).toBeNull()
        else expect(p.completion_year).toBeGreaterThanOrEqual(2026)
        if (isLine(f as Feature) && 'class' in p) {
          if (layer === 'road') {
            expect(ROAD_CLASSES).toContain(p.class)
            expect(ROAD_SURFACES).toContain(p.surface)
          } else {
            const classes = {
              water: ['main', 'branch'],
              power: ['transmission', 'distribution'],
              broadband: ['backbone', 'fibre'],
            }[layer]
            expect(classes).toContain(p.class)
          }
          if (layer === 'power') expect([10, 35, 110]).toContain(p.voltage_kv)
        } else if ('kind' in p) {
          expect(p.kind).toBe(layer === 'water' ? 'water-supply' : 'cell-coverage')
        }
      }
    }
    for (const f of facilities) {
      expect(FACILITY_KINDS).toContain(f.properties.kind)
      expect(f.properties.network).toBe(FACILITY_NETWORK[f.properties.kind])
      if (f.properties.kind === 'cell-site') expect(f.properties.radius_m).toBeGreaterThan(0)
      else expect(f.properties.radius_m).toBeNull()
    }
    for (const f of region.sites.features) {
      expect(SITE_TYPES).toContain(f.properties.type)
      expect(SITE_STATUSES).toContain(f.properties.status)
    }
    for (const f of region.hazards.features) {
      expect(HAZARD_KINDS).toContain(f.properties.kind)
      expect(SEVERITIES).toContain(f.properties.severity)
    }
    const years = region.road.features
      .map((f) => f.properties.completion_year)
      .filter((y) => y !== null)
    expect(Math.max(...(years as number[]))).toBeLessThanOrEqual(2028)
    expect(region.road.features.some((f) => f.geometry.type === 'MultiLineString')).toBe(true)
  })

  it('has every road class and surface the programme distinguishes', () => {
    const classes = new Set(region.road.features.map((f) => f.properties.class))
    for (const c of ['expressway', 'national', 'provincial', 'county', 'township', 'village'])
      expect(classes).toContain(c)
    const surfaces = new Set(region.road.features.map((f) => f.properties.surface))
    for (const s of ['asphalt', 'cement', 'gravel', 'dirt']) expect(surfaces).toContain(s)
  })
})

describe('networks connect through exactly shared vertices', () => {
  const linesOf = (layer: 'road' | 'water' | 'power' | 'broadband'): AnyLine[] =>
    (region[layer].features as Feature[])
      .filter(isLine)
      .filter((f) => f.properties.status === 'existing')
  const points = (kinds: string[]): Position[] =>
    facilities
      .filter((f) => kinds.includes(f.properties.kind) && existing(f))
      .map((f) => f.geometry.coordinates)

  it('joins all surfaced roads into one network through every township seat; isolated stubs touch nothing', () => {
    const surfaced = linesOf('road').filter(
      (f) =>
        ['asphalt', 'cement'].includes(String(f.properties.surface)) &&
        f.properties.class !== 'expressway',
    )
    const stubs = surfaced.filter((f) => String(f.properties.name).includes('未连通'))
    const network = surfaced.filter((f) => !stubs.includes(f))
    expect(stubs.length).toBeGreaterThan(0)
    const components = lineComponents(network)
    const stations = facilities.filter((f) => String(f.properties.name).endsWith('客运站'))
    expect(stations.length).toBe(10)
    const main = components.ofPoint(stations[0]?.geometry.coordinates as Position)
    for (const s of stations)
      expect(components.ofPoint(s.geometry.coordinates), s.properties.name ?? '').toBe(main)
    for (const f of network) expect(components.ofLine(f.properties.id), f.properties.id).toBe(main)
    const allVertices = new Map<string, number>()
    for (const f of linesOf('road')) {
      for (const key of new Set(partsOf(f).flat().map(positionKey)))
        allVertices.set(key, (allVertices.get(key) ?? 0) + 1)
    }
    // Every branch road (village/township/county/other class, not an isolated stub) starts on a vertex of
    // another road: the junction is an exactly shared coordinate, not a near miss.
    const branches = linesOf('road').filter(
      (f) =>
        !stubs.includes(f) &&
        ['county', 'township', 'village', 'other'].includes(String(f.properties.class)),
    )
    expect(branches.length).toBeGreaterThan(250)
    for (const f of branches) {
      for (const part of partsOf(f)) {
        const start = positionKey(part[0] as Position)
        expect(
          allVertices.get(start),
          `${f.properties.id} starts on another road`,
        ).toBeGreaterThanOrEqual(2)
      }
    }
    for (const stub of stubs) {
      for (const p of partsOf(stub).flat())
        expect(allVertices.get(positionKey(p)), stub.properties.id).toBe(1)
    }
  })

  it('connects every utility line to a source, except the deliberately isolated ones', () => {
    const cases = [
      { layer: 'water' as const, sources: points(['water-plant']), isolated: '自建' },
      { layer: 'power' as const, sources: points(['substation']), isolated: '孤网' },
      {
        layer: 'broadband' as const,
        sources: points(['olt', 'backbone-node']),
        isolated: '\u0000',
      },
    ]
    for (const { layer, sources, isolated } of cases) {
      const lines = linesOf(layer)
      const components = lineComponents(lines)
      const sourceComponents = new Set(
        sources.map((p) => components.ofPoint(p)).filter((c) => c !== null),
      )
      for (const f of lines) {
        const connected = sourceComponents.has(components.ofLine(f.properties.id))
        expect(connected, `${f.properties.id} ${String(f.properties.name)}`).toBe(
          !String(f.properties.name).includes(isolated),
        )
      }
      if (layer !== 'broadband')
        expect(lines.some((f) => String(f.properties.name).includes(isolated))).toBe(true)
    }
  })
})

/**
 * Geodesic distance (m) from p to the nearest line, by turf, over lines whose bbox lies within `marginDeg` of p
 * (Infinity when none does: callers only compare with thresholds well inside the margin).
 */
function nearestLineM(p: Position, lines: AnyLine[], marginDeg = 0.03): number {
  let best = Infinity
  for (const f of lines) {
    const [w, s, e, n] = bbox(f) as [number, number, number, number]
    const [lng, lat] = p as [number, number]
    if (lng < w - marginDeg || lng > e + marginDeg || lat < s - marginDeg || lat > n + marginDeg)
      continue
    for (const part of partsOf(f))
      best = Math.min(
        best,
        pointToLineDistance(point(p), lineString(part), { units: 'meters', method: 'geodesic' }),
      )
  }
  return best
}

describe('designed gap mix (brute force, independent of packages/coverage)', () => {
  const connectedLines = (
    layer: 'road' | 'water' | 'power' | 'broadband',
    keep: (f: AnyLine) => boolean,
    sourceKinds: string[] | 'stations',
  ): AnyLine[] => {
    const lines = (region[layer].features as Feature[])
      .filter(isLine)
      .filter((f) => f.properties.status === 'existing')
      .filter(keep)
    const components = lineComponents(lines)
    const sources =
      sourceKinds === 'stations'
        ? facilities.filter((f) => String(f.properties.name).endsWith('客运站'))
        : facilities.filter((f) => sourceKinds.includes(f.properties.kind) && existing(f))
    const sourceComponents = new Set(sources.map((s) => components.ofPoint(s.geometry.coordinates)))
    return lines.filter((f) => sourceComponents.has(components.ofLine(f.properties.id)))
  }
  const share = (predicate: (p: Position) => boolean): number =>
    villages.filter((v) => predicate(v.geometry.coordinates)).length / villages.length

  it('road: 8-20% of villages have no connected surfaced road within 2 km', () => {
    const roads = connectedLines(
      'road',
      (f) =>
        ['asphalt', 'cement'].includes(String(f.properties.surface)) &&
        !['expressway', 'other'].includes(String(f.properties.class)),
      'stations',
    )
    const gap = share((p) => nearestLineM(p, roads) > 2000)
    expect(gap).toBeGreaterThanOrEqual(0.08)
    expect(gap).toBeLessThanOrEqual(0.2)
  })

  it('water 10-20%, power 3-8%, broadband (fibre) 15-25% beyond 500 m of a connected line', () => {
    const mains = connectedLines('water', () => true, ['water-plant'])
    const areas = region.water.features.filter(
      (f) => !isLine(f as Feature) && existing(f),
    ) as Feature<Polygon | MultiPolygon>[]
    const water = share(
      (p) => nearestLineM(p, mains, 0.008) > 500 && !areas.some((a) => booleanPointInPolygon(p, a)),
    )
    expect(water).toBeGreaterThanOrEqual(0.1)
    expect(water).toBeLessThanOrEqual(0.2)
    const powerLines = connectedLines('power', () => true, ['substation'])
    const fibreLines = connectedLines('broadband', () => true, ['olt', 'backbone-node'])
    const power = share((p) => nearestLineM(p, powerLines, 0.008) > 500)
    expect(power).toBeGreaterThanOrEqual(0.03)
    expect(power).toBeLessThanOrEqual(0.08)
    const fibre = share((p) => nearestLineM(p, fibreLines, 0.008) > 500)
    expect(fibre).toBeGreaterThanOrEqual(0.15)
    expect(fibre).toBeLessThanOrEqual(0.25)
  })

  it('bus: 15-35% of villages have no stop within 2 km even in a straight line', () => {
    const stops = facilities.filter((f) => f.properties.kind === 'bus-stop' && existing(f))
    const gap = share((p) =>
      stops.every((s) => distance(p, s.geometry.coordinates, { units: 'meters' }) > 2000),
    )
    expect(gap).toBeGreaterThanOrEqual(0.15)
    expect(gap).toBeLessThanOrEqual(0.35)
  })
})

describe('hazards, sites and the cross-boundary group', () => {
  const hazards = region.hazards.features
  const inside = (p: Position, kind: string): boolean =>
    hazards.some((h) => h.properties.kind === kind && booleanPointInPolygon(p, h))

  it('puts villages inside every kind of hazard zone', () => {
    const count = (kind: string): number =>
      villages.filter((v) => inside(v.geometry.coordinates, kind)).length
    expect(count('geological')).toBeGreaterThanOrEqual(8)
    expect(count('flood')).toBeGreaterThanOrEqual(2)
    expect(count('ecological-red-line')).toBeGreaterThanOrEqual(2)
  })

  it('has 10-20 sites of every type, mostly candidates, one of them inside a hazard zone', () => {
    const sites = region.sites.features
    expect(sites.length).toBeGreaterThanOrEqual(10)
    expect(sites.length).toBeLessThanOrEqual(20)
    expect(new Set(sites.map((s) => s.properties.type))).toEqual(new Set(SITE_TYPES))
    expect(sites.filter((s) => s.properties.status === 'candidate').length).toBeGreaterThan(
      sites.length / 2,
    )
    expect(sites.filter((s) => s.properties.status === 'existing').length).toBeGreaterThanOrEqual(2)
    const hazardous = sites.filter((s) =>
      hazards.some((h) => booleanPointInPolygon(s.geometry.coordinates, h)),
    )
    expect(hazardous.length).toBe(1)
  })

  it('has a DBSCAN cluster (eps 3 km, min 3) of hazard-exposed villages that crosses a township line', () => {
    const exposed = villages.filter((v) => inside(v.geometry.coordinates, 'geological'))
    const epsM = 3000
    const neighbours = exposed.map((a) =>
      exposed.filter(
        (b) =>
          distance(a.geometry.coordinates, b.geometry.coordinates, { units: 'meters' }) <= epsM,
      ),
    )
    const label = new Map<string, number>()
    let cluster = 0
    exposed.forEach((v, i) => {
      if (label.has(v.properties.code) || (neighbours[i]?.length ?? 0) < 3) return
      const queue = [i]
      label.set(v.properties.code, cluster)
      while (queue.length > 0) {
        const k = queue.pop() as number
        if ((neighbours[k]?.length ?? 0) < 3) continue
        for (const n of neighbours[k] ?? []) {
          if (label.has(n.properties.code)) continue
          label.set(n.properties.code, cluster)
          queue.push(exposed.indexOf(n))
        }
      }
      cluster++
    })
    const spans = Array.from(
      { length: cluster },
      (_, c) =>
        new Set(
          exposed
            .filter((v) => label.get(v.properties.code) === c)
            .map((v) => v.properties.township_code),
        ).size,
    )
    expect(Math.max(0, ...spans)).toBeGreaterThanOrEqual(2)
  })
})
