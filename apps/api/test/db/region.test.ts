import { DomainError, isWithinAdmin, type ImportLayer, type VillageFeature } from '@tongcun/domain'
import type { Feature, Geometry, Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bbox } from '../../src/db/postgis'
import {
  adminBbox,
  getAdminUnitDetail,
  listAdminChildren,
  listTopAdminUnits,
  resolveAdminCode,
} from '../../src/db/queries/admin'
import { listLayerFeatures } from '../../src/db/queries/layers'
import { loadRegionData } from '../../src/db/queries/region'
import { getVillage, listVillages } from '../../src/db/queries/villages'
import { insertFeatures } from '../../src/db/queries/write'
import * as mini from '../fixtures/mini-region'
import { createTestDatabase, testEngines, type Database } from '../helpers/test-db'

/** Independent check: haversine distance (m) from a point to the nearest densified vertex of a geometry. */
function distanceMeters(point: Position, geometry: Geometry): number {
  const haversine = (a: Position, b: Position) => {
    const rad = Math.PI / 180
    const dLat = (b[1]! - a[1]!) * rad
    const dLng = (b[0]! - a[0]!) * rad
    const h =
      Math.sin(dLat / 2) ** 2 +
      Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLng / 2) ** 2
    return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h))
  }
  const paths: Position[][] =
    geometry.type === 'Point'
      ? [[geometry.coordinates]]
      : geometry.type === 'LineString'
        ? [geometry.coordinates]
        : geometry.type === 'MultiLineString' || geometry.type === 'Polygon'
          ? geometry.coordinates
          : geometry.type === 'MultiPolygon'
            ? geometry.coordinates.flat()
            : []
  let best = Infinity
  for (const path of paths) {
    if (path.length === 1) best = Math.min(best, haversine(point, path[0]!))
    for (let i = 1; i < path.length; i++) {
      const [a, b] = [path[i - 1]!, path[i]!]
      for (let step = 0; step <= 200; step++) {
        const t = step / 200
        best = Math.min(
          best,
          haversine(point, [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t]),
        )
      }
    }
  }
  return best
}

const inBbox = (village: VillageFeature, [w, s, e, n]: Bbox) => {
  const [lng, lat] = village.geometry.coordinates as [number, number]
  return lng >= w && lng <= e && lat >= s && lat <= n
}
const codes = (features: readonly VillageFeature[]) => features.map((f) => f.properties.code)
const ids = (features: readonly Feature<Geometry | null>[]) =>
  features.map((f) => String(f.properties?.id))

describe.each(testEngines())('region queries on %s', (engine) => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await database.db.transaction().execute(async (trx) => {
      for (const [layer, features] of Object.entries(mini.miniRegionLayers)) {
        await insertFeatures(trx, layer as ImportLayer, features)
      }
    })
  })
  afterAll(async () => {
    await database?.close()
  })

  it('selects villages by admin code like a TS prefix filter', async () => {
    for (const code of [mini.COUNTY, mini.TOWNSHIP_A, mini.TOWNSHIP_B, '990102002002', '9901']) {
      const region = await loadRegionData(database.db, { adminCode: code })
      const expected = mini.villages
        .filter((v) => isWithinAdmin(v.properties.code, code.padEnd(12, '0')))
        .map((v) => v.properties.code)
        .sort()
      expect(codes(region.villages), code).toEqual(expected)
    }
  })

  it('selects villages by bbox like a TS point-in-box filter, and combines with admin', async () => {
    const boxes: Bbox[] = [
      [103.0, 25.0, 103.25, 25.25],
      [103.28, 25.0, 103.5, 25.5],
      [100, 20, 101, 21],
    ]
    for (const bbox of boxes) {
      const region = await loadRegionData(database.db, { bbox })
      expect(codes(region.villages)).toEqual(
        codes(mini.villages.filter((v) => inBbox(v, bbox))).sort(),
      )
      const both = await loadRegionData(database.db, { bbox, adminCode: mini.TOWNSHIP_A })
      expect(codes(both.villages)).toEqual(
        codes(
          mini.villages.filter(
            (v) => inBbox(v, bbox) && isWithinAdmin(v.properties.code, mini.TOWNSHIP_A),
          ),
        ).sort(),
      )
    }
  })

  it('includes every network feature within 20 km of a selected village and leaves far ones out', async () => {
    const region = await loadRegionData(database.db, { adminCode: mini.TOWNSHIP_A })
    const seats = region.villages.map((v) => v.geometry.coordinates)
    const near = (feature: Feature) =>
      seats.some((seat) => distanceMeters(seat, feature.geometry!) <= 20_000)
    const expectSuperset = (actual: string[], all: Feature[]) => {
      for (const feature of all.filter(near))
        expect(actual).toContain(String(feature.properties?.id))
    }
    expectSuperset(ids(region.lines), [
      ...mini.roads,
      ...mini.waterLines,
      ...mini.powerLines,
      ...mini.broadbandLines,
    ])
    expectSuperset(ids(region.facilities), mini.facilities)
    expectSuperset(ids(region.serviceAreas), [...mini.waterAreas, ...mini.broadbandAreas])
    expectSuperset(ids(region.sites), mini.sites)
    expectSuperset(ids(region.hazards), mini.hazards)
    expect(ids(region.lines)).not.toContain('road-far')
    expect(ids(region.facilities)).not.toContain('plant-far')
    // sorted by id for deterministic analysis input
    expect(ids(region.lines)).toEqual([...ids(region.lines)].sort())
  })

  it('honours a smaller margin', async () => {
    const village = '990102001001'
    const region = await loadRegionData(database.db, { adminCode: village, marginMeters: 1000 })
    expect(codes(region.villages)).toEqual([village])
    const seat = region.villages[0]!.geometry.coordinates
    const all = [...mini.roads, ...mini.waterLines, ...mini.powerLines, ...mini.broadbandLines]
    // Independent: lines whose bbox is farther than ~5 km in both axes cannot be selected.
    for (const line of all) {
      if (
        distanceMeters(seat, line.geometry) > 5_000 &&
        !ids(region.lines).includes(line.properties.id)
      )
        continue
      if (distanceMeters(seat, line.geometry) <= 1_000)
        expect(ids(region.lines)).toContain(line.properties.id)
    }
    expect(ids(region.lines)).not.toContain('power-1') // ~16 km north
  })

  it('returns empty lists for a region without villages', async () => {
    const region = await loadRegionData(database.db, { bbox: [100, 20, 101, 21] })
    expect(region).toEqual({
      villages: [],
      lines: [],
      facilities: [],
      serviceAreas: [],
      sites: [],
      hazards: [],
    })
  })

  it('resolves old admin codes through replaced_by chains', async () => {
    expect(await resolveAdminCode(database.db, mini.OLDER_TOWNSHIP)).toEqual({
      code: mini.TOWNSHIP_B,
      chain: [mini.OLDER_TOWNSHIP, mini.OLD_TOWNSHIP, mini.TOWNSHIP_B],
    })
    expect(await resolveAdminCode(database.db, mini.TOWNSHIP_A)).toEqual({
      code: mini.TOWNSHIP_A,
      chain: [mini.TOWNSHIP_A],
    })
    expect(await resolveAdminCode(database.db, '990102999000')).toBeNull()
    const old = await loadRegionData(database.db, { adminCode: mini.OLDER_TOWNSHIP })
    const current = await loadRegionData(database.db, { adminCode: mini.TOWNSHIP_B })
    expect(codes(old.villages)).toEqual(codes(current.villages))
    expect(codes(current.villages).length).toBeGreaterThan(0)
  })

  it('throws admin-not-found for an unknown code and invalid-input for a malformed one', async () => {
    await expect(loadRegionData(database.db, { adminCode: '980000000000' })).rejects.toMatchObject({
      code: 'admin-not-found',
    })
    await expect(loadRegionData(database.db, { adminCode: 'abc' })).rejects.toBeInstanceOf(
      DomainError,
    )
  })

  it('gives unit detail with bbox and current children', async () => {
    const detail = await getAdminUnitDetail(database.db, mini.OLD_TOWNSHIP)
    expect(detail.unit.properties.code).toBe(mini.TOWNSHIP_B)
    expect(detail.resolvedFrom).toBe(mini.OLD_TOWNSHIP)
    // boundary of township B: two squares 103.25-103.5 x 25.0-25.25 and 103.25-103.35 x 25.3-25.4
    expect(detail.bbox).toHaveLength(4)
    detail.bbox!.forEach((value, i) => expect(value).toBeCloseTo([103.25, 25, 103.5, 25.4][i]!, 9))
    const county = await listAdminChildren(database.db, mini.COUNTY)
    expect(county.map((u) => u.properties.code)).toEqual([mini.TOWNSHIP_A, mini.TOWNSHIP_B])
    expect((await listTopAdminUnits(database.db)).map((u) => u.properties.code)).toEqual([
      mini.PROVINCE,
    ])
    // a unit without boundary: bbox from its village seats
    expect(await adminBbox(database.db, '990102002003')).toEqual([103.3, 25.35, 103.3, 25.35])
  })

  it('finds a village by code and reports a missing one', async () => {
    expect((await getVillage(database.db, '990102001002')).properties.name_en).toBe('Upper Gully')
    await expect(getVillage(database.db, '990102001999')).rejects.toMatchObject({
      code: 'village-not-found',
    })
  })

  it('filters layers by bbox and admin unit', async () => {
    const roads = await listLayerFeatures(database.db, 'road', { bbox: [104, 25.5, 105, 26.5] })
    expect(ids(roads)).toEqual(['road-far'])
    const inCounty = await listLayerFeatures(database.db, 'road', { adminCode: mini.COUNTY })
    expect(ids(inCounty)).toEqual(['road-1', 'road-2'])
    const admin = await listLayerFeatures(database.db, 'admin', { adminCode: mini.TOWNSHIP_A })
    expect(admin.map((f) => f.properties?.code)).toEqual([mini.TOWNSHIP_A])
    const villagesInBox = await listVillages(database.db, { bbox: [103.0, 25.0, 103.15, 25.25] })
    expect(codes(villagesInBox)).toEqual(['990102001001', '990102001002'])
  })
})
