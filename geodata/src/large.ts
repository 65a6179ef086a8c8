/**
 * Benchmark-size regions: a synthetic province (~50,000 villages, ~100 counties, ~500 x 400 km) and a
 * national set (31 provinces, ~700,000 villages). Admin units tile a jittered lattice: every township is a
 * quadrilateral cell, counties are 5 x 3 blocks of cells, cities 3 x 3 blocks of counties; neighbouring
 * units share exact vertices, so boundaries have no gaps or overlaps. Trunk roads and 110 kV lines meet
 * at points on shared county edges, so networks connect across counties.
 */
import { generateCounty, type CountyPlan, type TownshipPlan, type TrunkPlan } from './county'
import { adminFeature, polygonGeometry } from './features'
import { LocalProjection, type Pt, type Ring } from './geom'
import type { GeneratedRegion } from './generate'
import { uniquePlaceName } from './names'
import type { Rng } from './prng'

const TOWNSHIP_COLS = 5
const TOWNSHIP_ROWS = 3
const CELL_X_KM = 10
const CELL_Y_KM = 40 / 3
const VILLAGES_PER_COUNTY = 500
const CITY_BLOCK = 3

/** Province codes used for the national set (the 31 provincial-level codes of mainland China; data fictional). */
const NATIONAL_PROVINCE_CODES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]

interface ProvinceSpec {
  code2: string
  name: string
  nameEn: string
  originLng: number
  originLat: number
  villages: number
}

function emptyRegion(): GeneratedRegion {
  return {
    admin: { type: 'FeatureCollection', features: [] },
    villages: { type: 'FeatureCollection', features: [] },
    road: { type: 'FeatureCollection', features: [] },
    water: { type: 'FeatureCollection', features: [] },
    power: { type: 'FeatureCollection', features: [] },
    broadband: { type: 'FeatureCollection', features: [] },
    facilities: { type: 'FeatureCollection', features: [] },
    sites: { type: 'FeatureCollection', features: [] },
    hazards: { type: 'FeatureCollection', features: [] },
  }
}

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item)
}

/** Generates one province into `region`. */
function generateProvince(
  region: GeneratedRegion,
  spec: ProvinceSpec,
  rng: Rng,
  coarse: boolean,
): void {
  const proj = new LocalProjection(spec.originLng, spec.originLat)
  const countyCount = Math.max(1, Math.round(spec.villages / VILLAGES_PER_COUNTY))
  const cols = Math.max(1, Math.round(Math.sqrt(countyCount)))
  const rows = Math.max(1, Math.round(countyCount / cols))
  const counties = cols * rows
  const nx = cols * TOWNSHIP_COLS
  const ny = rows * TOWNSHIP_ROWS
  const width = nx * CELL_X_KM
  const height = ny * CELL_Y_KM

  // Jittered lattice, centred on the province origin; the outer boundary keeps straight edges.
  const latticeRng = rng.fork('lattice')
  const lattice: Pt[][] = []
  for (let i = 0; i <= nx; i++) {
    const column: Pt[] = []
    for (let j = 0; j <= ny; j++) {
      const jx = i === 0 || i === nx ? 0 : latticeRng.range(-0.22, 0.22) * CELL_X_KM
      const jy = j === 0 || j === ny ? 0 : latticeRng.range(-0.22, 0.22) * CELL_Y_KM
      column.push([i * CELL_X_KM + jx - width / 2, j * CELL_Y_KM + jy - height / 2])
    }
    lattice.push(column)
  }
  const vertex = (i: number, j: number): Pt => lattice[i]?.[j] as Pt
  /** Counter-clockwise ring around the lattice rectangle [i0, i1] x [j0, j1]. */
  const blockRing = (i0: number, j0: number, i1: number, j1: number): Ring => {
    const ring: Ring = []
    for (let i = i0; i < i1; i++) ring.push(vertex(i, j0))
    for (let j = j0; j < j1; j++) ring.push(vertex(i1, j))
    for (let i = i1; i > i0; i--) ring.push(vertex(i, j1))
    for (let j = j1; j > j0; j--) ring.push(vertex(i0, j))
    return ring
  }
  const mid = (a: Pt, b: Pt): Pt => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]

  const provinceCode = `${spec.code2}0000000000`
  region.admin.features.push(
    adminFeature(
      provinceCode,
      spec.name,
      spec.nameEn,
      'province',
      null,
      polygonGeometry(proj, blockRing(0, 0, nx, ny)),
    ),
  )
  const names = new Set<string>()
  const nameRng = rng.fork('names')
  const cityCols = Math.ceil(cols / CITY_BLOCK)
  const cityRows = Math.ceil(rows / CITY_BLOCK)
  const cityCodes: string[] = []
  for (let cj = 0; cj < cityRows; cj++) {
    for (let ci = 0; ci < cityCols; ci++) {
      const cityNo = cj * cityCols + ci + 1
      const code = `${spec.code2}${String(cityNo).padStart(2, '0')}00000000`
      cityCodes.push(code)
      const name = uniquePlaceName(nameRng, names)
      const i0 = ci * CITY_BLOCK * TOWNSHIP_COLS
      const j0 = cj * CITY_BLOCK * TOWNSHIP_ROWS
      const i1 = Math.min(cols, (ci + 1) * CITY_BLOCK) * TOWNSHIP_COLS
      const j1 = Math.min(rows, (cj + 1) * CITY_BLOCK) * TOWNSHIP_ROWS
      region.admin.features.push(
        adminFeature(
          code,
          `${name.hanzi}市`,
          `${name.pinyin} City`,
          'city',
          provinceCode,
          polygonGeometry(proj, blockRing(i0, j0, i1, j1)),
        ),
      )
    }
  }

  const base = Math.floor(spec.villages / counties)
  const extra = spec.villages - base * counties
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const k = cy * cols + cx
      const ci = Math.floor(cx / CITY_BLOCK)
      const cj = Math.floor(cy / CITY_BLOCK)
      const cityCode = cityCodes[cj * cityCols + ci] as string
      const indexInCity = (cy % CITY_BLOCK) * CITY_BLOCK + (cx % CITY_BLOCK)
      const countyCode = `${cityCode.slice(0, 4)}${String(21 + indexInCity).padStart(2, '0')}000000`
      const countyNameStem = uniquePlaceName(nameRng, names)
      const countyName = `${countyNameStem.hanzi}县`
      const i0 = cx * TOWNSHIP_COLS
      const j0 = cy * TOWNSHIP_ROWS
      const i1 = i0 + TOWNSHIP_COLS
      const j1 = j0 + TOWNSHIP_ROWS
      const outlineRing = blockRing(i0, j0, i1, j1)
      region.admin.features.push(
        adminFeature(
          countyCode,
          countyName,
          `${countyNameStem.pinyin} County`,
          'county',
          cityCode,
          polygonGeometry(proj, outlineRing),
        ),
      )
      const countyRng = rng.fork(`county:${countyCode}`)
      const townshipNames = new Set<string>()
      const townships: TownshipPlan[] = []
      // The county seat is the middle cell; towns are the cells next to it and every fourth other cell.
      const cells: { i: number; j: number }[] = []
      for (let j = 0; j < TOWNSHIP_ROWS; j++)
        for (let i = 0; i < TOWNSHIP_COLS; i++) cells.push({ i, j })
      const seatCell = cells.findIndex((c) => c.i === 2 && c.j === 1)
      const ordered = [
        cells[seatCell] as { i: number; j: number },
        ...cells.filter((_, index) => index !== seatCell),
      ]
      let townNo = 101
      let townshipNo = 201
      ordered.forEach((cell, n) => {
        const ring: Ring = [
          vertex(i0 + cell.i, j0 + cell.j),
          vertex(i0 + cell.i + 1, j0 + cell.j),
          vertex(i0 + cell.i + 1, j0 + cell.j + 1),
          vertex(i0 + cell.i, j0 + cell.j + 1),
        ]
        const cxKm = ring.reduce((s, p) => s + p[0], 0) / 4
        const cyKm = ring.reduce((s, p) => s + p[1], 0) / 4
        const isTown = n === 0 || n % 3 === 1
        const seat: Pt =
          n === 0
            ? [cxKm, cyKm]
            : [
                cxKm + countyRng.range(-0.12, 0.12) * CELL_X_KM,
                cyKm + countyRng.range(-0.12, 0.12) * CELL_Y_KM,
              ]
        const stem =
          n === 0
            ? { hanzi: '城关', pinyin: 'Chengguan' }
            : uniquePlaceName(countyRng, townshipNames)
        townships.push({
          code: `${countyCode.slice(0, 6)}${isTown ? townNo++ : townshipNo++}000`,
          name: `${stem.hanzi}${isTown ? '镇' : '乡'}`,
          nameEn: `${stem.pinyin} ${isTown ? 'Town' : 'Township'}`,
          seat,
          polys: [[ring]],
          isTown,
          isEthnic: countyRng.chance(0.2),
        })
      })
      const countySeat = townships[0]?.seat as Pt
      const phase = countyRng.range(0, 6.283)
      const river: Pt[] = []
      const west = vertex(i0, j0)[0] - 3
      const east = vertex(i1, j0)[0] + 3
      for (let x = west; x <= east; x += coarse ? 1 : 0.5) {
        river.push([
          x,
          countySeat[1] -
            0.3 +
            2.5 * Math.sin((x - countySeat[0]) / 6 + phase) -
            2.5 * Math.sin(phase),
        ])
      }
      const westGate = mid(vertex(i0, j0 + 1), vertex(i0, j0 + 2))
      const eastGate = mid(vertex(i1, j0 + 1), vertex(i1, j0 + 2))
      const southGate = mid(vertex(i0 + 2, j0), vertex(i0 + 3, j0))
      const northGate = mid(vertex(i0 + 2, j1), vertex(i0 + 3, j1))
      const trunks: TrunkPlan[] = [
        {
          roadClass: 'national',
          ref: `国道G${300 + ((k * 7) % 99)}`,
          surface: 'asphalt',
          waypoints: [westGate, countySeat, eastGate],
          splitAt: [1],
          attachable: true,
        },
        {
          roadClass: 'provincial',
          ref: `省道S${200 + ((k * 11) % 99)}`,
          surface: 'asphalt',
          waypoints: [southGate, countySeat, northGate],
          splitAt: [1],
          attachable: true,
        },
      ]
      let minX = Infinity
      let minY = Infinity
      let maxX = -Infinity
      let maxY = -Infinity
      for (const p of outlineRing) {
        minX = Math.min(minX, p[0])
        minY = Math.min(minY, p[1])
        maxX = Math.max(maxX, p[0])
        maxY = Math.max(maxY, p[1])
      }
      const plan: CountyPlan = {
        provinceCode,
        cityCode,
        countyCode,
        countyName,
        proj,
        outline: [[outlineRing]],
        bbox: [minX, minY, maxX, maxY],
        townships,
        rivers: [river],
        trunks,
        powerGates: [
          mid(vertex(i0, j0), vertex(i0, j0 + 1)),
          mid(vertex(i1, j0), vertex(i1, j0 + 1)),
        ],
        villageCount: base + (k < extra ? 1 : 0),
        minSpacingKm: 1.2,
        detail: 'coarse',
        forcedVillages: [],
        extras: false,
        hasRedLine: k % 3 === 0,
      }
      const content = generateCounty(plan, countyRng)
      for (const t of townships) {
        region.admin.features.push(
          adminFeature(
            t.code,
            t.name,
            t.nameEn,
            'township',
            countyCode,
            polygonGeometry(proj, t.polys[0]?.[0] as Ring),
          ),
        )
      }
      append(region.villages.features, content.villages)
      append(region.road.features, content.road)
      append(region.water.features, content.water)
      append(region.power.features, content.power)
      append(region.broadband.features, content.broadband)
      append(region.facilities.features, content.facilities)
      append(region.sites.features, content.sites)
      append(region.hazards.features, content.hazards)
    }
  }
}

/**
 * Province: one synthetic province (code 58, fictional) centred at 106.5°E 27.0°N.
 * National: 31 provinces on a 6 x 6 grid of 8° x 5° cells over 76-124°E, 20-50°N.
 */
export function generateLarge(
  rng: Rng,
  scale: 'province' | 'national',
  villageCount?: number,
): GeneratedRegion {
  const region = emptyRegion()
  if (scale === 'province') {
    generateProvince(
      region,
      {
        code2: '58',
        name: '示范省（虚构）',
        nameEn: 'Synthetic Province (fictional)',
        originLng: 106.5,
        originLat: 27,
        villages: villageCount ?? 50000,
      },
      rng.fork('province:58'),
      false,
    )
    return region
  }
  const total = villageCount ?? 700000
  const perProvince = Math.floor(total / NATIONAL_PROVINCE_CODES.length)
  NATIONAL_PROVINCE_CODES.forEach((code2, p) => {
    const villages =
      perProvince + (p < total - perProvince * NATIONAL_PROVINCE_CODES.length ? 1 : 0)
    generateProvince(
      region,
      {
        code2,
        name: `示范省${code2}（虚构）`,
        nameEn: `Synthetic Province ${code2} (fictional)`,
        originLng: 80 + (p % 6) * 8,
        originLat: 22.5 + Math.floor(p / 6) * 5,
        villages,
      },
      rng.fork(`province:${code2}`),
      true,
    )
  })
  return region
}
