/**
 * The sample region: one fictional mountain county (通村示范县（虚构）) of ~300 villages near 104.5°E 26.5°N,
 * townships tiled by a Voronoi diagram of their seats clipped to the county outline.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf'
import type { AdminUnitFeature } from '@tongcun/domain'
import {
  generateCounty,
  type CountyContent,
  type CountyPlan,
  type TownshipPlan,
  type TrunkPlan,
} from './county'
import { adminFeature, multiPolygonGeometry } from './features'
import {
  LocalProjection,
  dist,
  pointInMultiPoly,
  polar,
  polyBoundaryDistance,
  type Poly,
  type Pt,
  type Ring,
} from './geom'
import { uniquePlaceName } from './names'
import type { Rng } from './prng'

export const SAMPLE_CODES = {
  province: '590000000000',
  city: '590100000000',
  county: '590123000000',
} as const

export interface SampleRegion {
  admin: AdminUnitFeature[]
  content: CountyContent
  plan: CountyPlan
}

const ORIGIN_LNG = 104.5
const ORIGIN_LAT = 26.5

function mainRiverY(x: number, phase: number): number {
  return -4 + 0.1 * x + 3 * Math.sin(x / 6 + phase) + 1.2 * Math.sin(x / 2.3 + phase * 1.7)
}

/** Tributary: x as a function of y, joining the main river exactly at (x0, mainRiverY(x0)). */
function tributary(x0: number, yJoin: number, yEnd: number, phase: number): Pt[] {
  const points: Pt[] = []
  const steps = Math.round(Math.abs(yEnd - yJoin) / 0.5)
  for (let i = 0; i <= steps; i++) {
    const y = yEnd + ((yJoin - yEnd) * i) / steps
    const fade = (y - yJoin) / (yEnd - yJoin)
    points.push([x0 + 2.5 * Math.sin(y / 4 + phase) * fade, y])
  }
  return points
}

function toKmPolys(geometry: Polygon | MultiPolygon): Poly[] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polys.map((poly) =>
    poly.map((ring) => ring.slice(0, -1).map((c) => [c[0] as number, c[1] as number] as Pt)),
  )
}

export function generateSample(rng: Rng): SampleRegion {
  const proj = new LocalProjection(ORIGIN_LNG, ORIGIN_LAT)
  const shapeRng = rng.fork('outline')
  const a = 30
  const b = 25
  const phases = [shapeRng.range(0, 6.283), shapeRng.range(0, 6.283), shapeRng.range(0, 6.283)]
  const radiusAt = (angle: number): number => {
    const base = (a * b) / Math.hypot(b * Math.cos(angle), a * Math.sin(angle))
    return (
      base *
      (1 +
        0.06 * Math.sin(3 * angle + (phases[0] ?? 0)) +
        0.04 * Math.sin(5 * angle + (phases[1] ?? 0)) +
        0.02 * Math.sin(11 * angle + (phases[2] ?? 0)))
    )
  }
  const outlineRing: Ring = []
  for (let i = 0; i < 120; i++) {
    const angle = (2 * Math.PI * i) / 120
    outlineRing.push(polar([0, 0], radiusAt(angle), angle))
  }
  const outline: Poly[] = [[outlineRing]]
  const gate = (angle: number, factor = 1.05): Pt => polar([0, 0], radiusAt(angle) * factor, angle)

  const riverPhase = shapeRng.range(0, 6.283)
  const mainRiver: Pt[] = []
  for (let x = -42; x <= 42; x += 0.5) mainRiver.push([x, mainRiverY(x, riverPhase)])
  const trib1 = tributary(-10, mainRiverY(-10, riverPhase), 34, shapeRng.range(0, 6.283))
  const trib2 = tributary(14, mainRiverY(14, riverPhase), -34, shapeRng.range(0, 6.283))
  const trib1X = (y: number): number => {
    let best = trib1[0] as Pt
    for (const p of trib1) if (Math.abs(p[1] - y) < Math.abs(best[1] - y)) best = p
    return best[0]
  }
  const trib2X = (y: number): number => {
    let best = trib2[0] as Pt
    for (const p of trib2) if (Math.abs(p[1] - y) < Math.abs(best[1] - y)) best = p
    return best[0]
  }
  const onMain = (x: number): Pt => [x, mainRiverY(x, riverPhase) + 0.3]

  // Township seats: the county seat and four towns in the valleys, five upland townships.
  const jitter = (p: Pt, km: number): Pt => [
    p[0] + shapeRng.range(-km, km),
    p[1] + shapeRng.range(-km, km),
  ]
  const seatSpecs: { seat: Pt; isTown: boolean; isEthnic: boolean; number: string }[] = [
    { seat: onMain(0), isTown: true, isEthnic: false, number: '101' },
    { seat: onMain(-20), isTown: true, isEthnic: false, number: '102' },
    { seat: onMain(21), isTown: true, isEthnic: false, number: '103' },
    { seat: [trib1X(14) + 0.3, 14], isTown: true, isEthnic: false, number: '104' },
    { seat: [trib2X(-14) + 0.3, -14], isTown: true, isEthnic: true, number: '105' },
    { seat: jitter([-18, 11], 1.2), isTown: false, isEthnic: false, number: '201' },
    { seat: jitter([-16, -12], 1.2), isTown: false, isEthnic: true, number: '202' },
    { seat: jitter([6, 16], 1.2), isTown: false, isEthnic: true, number: '204' },
    { seat: jitter([18, 11], 1.2), isTown: false, isEthnic: false, number: '205' },
    { seat: jitter([3, -17], 1.2), isTown: false, isEthnic: true, number: '206' },
  ]
  for (const spec of seatSpecs) {
    if (!pointInMultiPoly(spec.seat, outline))
      throw new Error(`sample township seat ${spec.number} outside the county`)
  }

  // Voronoi cells of the seats (planar, in km), clipped to the county outline.
  const cells = voronoi(featureCollection(seatSpecs.map((s) => point(s.seat))), {
    bbox: [-60, -60, 60, 60],
  })
  const outlineFeature = polygon([[...outlineRing, outlineRing[0] as Pt]])
  const nameRng = rng.fork('township-names')
  const usedNames = new Set<string>()
  const county6 = SAMPLE_CODES.county.slice(0, 6)
  const townships: TownshipPlan[] = seatSpecs.map((spec, i) => {
    const cell = cells.features[i]
    if (!cell) throw new Error(`no Voronoi cell for township seat ${spec.number}`)
    const clipped = intersect(featureCollection<Polygon | MultiPolygon>([cell, outlineFeature]))
    if (!clipped) throw new Error(`township ${spec.number} does not meet the county outline`)
    const name =
      i === 0 ? { hanzi: '城关', pinyin: 'Chengguan' } : uniquePlaceName(nameRng, usedNames)
    usedNames.add(name.hanzi)
    return {
      code: `${county6}${spec.number}000`,
      name: `${name.hanzi}${spec.isTown ? '镇' : '乡'}`,
      nameEn: `${name.pinyin} ${spec.isTown ? 'Town' : 'Township'}`,
      seat: spec.seat,
      polys: toKmPolys((clipped as Feature<Polygon | MultiPolygon>).geometry),
      isTown: spec.isTown,
      isEthnic: spec.isEthnic,
    }
  })

  // Cross-boundary group: six villages straddling the boundary of two upland townships, 1.6-2.4 km apart.
  const forcedVillages = findBoundaryGroup(townships, outline, rng.fork('boundary-group'))

  const countySeat = townships[0]?.seat as Pt
  const t = (i: number): Pt => townships[i]?.seat as Pt
  const trunks: TrunkPlan[] = [
    {
      roadClass: 'national',
      ref: '国道G356',
      surface: 'asphalt',
      waypoints: [
        gate(Math.PI + 0.12),
        onMain(-30),
        t(1),
        onMain(-10),
        countySeat,
        onMain(10),
        t(2),
        onMain(30),
        gate(0.1),
      ],
      splitAt: [2, 4, 6],
      attachable: true,
    },
    {
      roadClass: 'provincial',
      ref: '省道S208',
      surface: 'asphalt',
      waypoints: [
        gate(Math.PI / 2 + 0.25),
        [trib1X(24) + 0.3, 24],
        t(3),
        [trib1X(5) + 0.3, 5],
        countySeat,
      ],
      splitAt: [2],
      attachable: true,
    },
    {
      roadClass: 'provincial',
      ref: '省道S311',
      surface: 'asphalt',
      waypoints: [
        countySeat,
        [trib2X(-5) + 0.3, -5],
        t(4),
        [trib2X(-24) + 0.3, -24],
        gate(-Math.PI / 2 + 0.3),
      ],
      splitAt: [2],
      attachable: true,
    },
    {
      roadClass: 'expressway',
      ref: '示范高速G76（虚构）',
      surface: 'asphalt',
      waypoints: [gate(Math.PI + 0.75, 1.08), [-8, -9], [8, 4], gate(0.55, 1.08)],
      splitAt: [],
      attachable: false,
    },
  ]

  const plan: CountyPlan = {
    provinceCode: SAMPLE_CODES.province,
    cityCode: SAMPLE_CODES.city,
    countyCode: SAMPLE_CODES.county,
    countyName: '通村示范县',
    proj,
    outline,
    bbox: [-a * 1.15, -b * 1.15, a * 1.15, b * 1.15],
    townships,
    rivers: [mainRiver, trib1, trib2],
    trunks,
    powerGates: [gate(0.35, 1.1), gate(Math.PI - 0.4, 1.1)],
    villageCount: 300,
    minSpacingKm: 1.9,
    detail: 'fine',
    forcedVillages,
    extras: true,
    hasRedLine: true,
  }
  const content = generateCounty(plan, rng.fork('county'))
  const admin = sampleAdmin(plan, content, proj)
  return { admin, content, plan }
}

function findBoundaryGroup(townships: TownshipPlan[], outline: Poly[], rng: Rng): Pt[] {
  let best: { score: number; points: Pt[] } | null = null
  for (let i = 5; i < townships.length; i++) {
    for (let j = 1; j < townships.length; j++) {
      if (i === j) continue
      const a = townships[i] as TownshipPlan
      const b = townships[j] as TownshipPlan
      const d = dist(a.seat, b.seat)
      const n: Pt = [(b.seat[0] - a.seat[0]) / d, (b.seat[1] - a.seat[1]) / d]
      const tdir: Pt = [-n[1], n[0]]
      const mid: Pt = [(a.seat[0] + b.seat[0]) / 2, (a.seat[1] + b.seat[1]) / 2]
      for (let s = -8; s <= 8; s += 1) {
        const m: Pt = [mid[0] + tdir[0] * s, mid[1] + tdir[1] * s]
        const points: Pt[] = []
        const expect: TownshipPlan[] = []
        for (const side of [-1, 1]) {
          for (const along of [-1.7, 0, 1.7]) {
            points.push([
              m[0] + n[0] * side * 0.8 + tdir[0] * along,
              m[1] + n[1] * side * 0.8 + tdir[1] * along,
            ])
            expect.push(side < 0 ? a : b)
          }
        }
        const ok = points.every(
          (p, k) =>
            pointInMultiPoly(p, (expect[k] as TownshipPlan).polys) &&
            polyBoundaryDistance(p, (expect[k] as TownshipPlan).polys) > 0.3 &&
            polyBoundaryDistance(p, outline) > 3,
        )
        if (!ok) continue
        // Prefer upland, far from every township seat.
        const score =
          Math.min(...points.map((p) => Math.min(...townships.map((t) => dist(t.seat, p))))) +
          rng.next()
        if (!best || score > best.score) best = { score, points }
      }
    }
  }
  if (!best)
    throw new Error('no township boundary long enough for the cross-boundary village group')
  return best.points.map(
    (p) => [p[0] + rng.range(-0.12, 0.12), p[1] + rng.range(-0.12, 0.12)] as Pt,
  )
}

function sampleAdmin(
  plan: CountyPlan,
  content: CountyContent,
  proj: LocalProjection,
): AdminUnitFeature[] {
  const outlineGeometry = multiPolygonGeometry(proj, plan.outline)
  const admin: AdminUnitFeature[] = [
    adminFeature(
      SAMPLE_CODES.province,
      '示范省（虚构）',
      'Demonstration Province (fictional)',
      'province',
      null,
      outlineGeometry,
    ),
    adminFeature(
      SAMPLE_CODES.city,
      '通村示范市（虚构）',
      'Tongcun Demonstration City (fictional)',
      'city',
      SAMPLE_CODES.province,
      outlineGeometry,
    ),
    adminFeature(
      SAMPLE_CODES.county,
      '通村示范县（虚构）',
      'Tongcun Demonstration County (fictional)',
      'county',
      SAMPLE_CODES.city,
      outlineGeometry,
    ),
  ]
  for (const t of plan.townships) {
    admin.push(
      adminFeature(
        t.code,
        t.name,
        t.nameEn,
        'township',
        SAMPLE_CODES.county,
        multiPolygonGeometry(proj, t.polys),
      ),
    )
  }
  // History: township 203 merged into town 102 at the end of 2019 (乡改镇/撤并), with one of its villages;
  // one village of township 204 merged into a neighbour in the 2020 village consolidation.
  const c6 = SAMPLE_CODES.county.slice(0, 6)
  const mergedInto = `${c6}102000`
  const absorbingVillage = content.villageCodesByTownship.get(mergedInto)?.[0]
  const consolidated = content.villageCodesByTownship.get(`${c6}204000`) ?? []
  const survivor = consolidated[1]
  if (!absorbingVillage || !survivor)
    throw new Error('sample history needs villages in townships 102 and 204')
  const historic = (
    code: string,
    name: string,
    nameEn: string,
    level: 'township' | 'village',
    parent: string,
    validTo: string,
    replacedBy: string,
  ): AdminUnitFeature =>
    adminFeature(code, name, nameEn, level, parent, null, {
      validFrom: '1992-01-01',
      validTo,
      replacedBy,
    })
  admin.push(
    historic(
      `${c6}203000`,
      '白岩乡',
      'Baiyan Township',
      'township',
      SAMPLE_CODES.county,
      '2019-12-31',
      mergedInto,
    ),
  )
  admin.push(
    historic(
      `${c6}203201`,
      '白岩村',
      'Baiyan Village',
      'village',
      `${c6}203000`,
      '2019-12-31',
      absorbingVillage,
    ),
  )
  const vacated = `${c6}204${String(200 + consolidated.length + 1).padStart(3, '0')}`
  admin.push(
    historic(
      vacated,
      '小松林村',
      'Xiaosonglin Village',
      'village',
      `${c6}204000`,
      '2020-06-30',
      survivor,
    ),
  )
  return admin
}
