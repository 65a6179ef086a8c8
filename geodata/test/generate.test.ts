import { booleanPointInPolygon, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { adminLevelOfCode, isWithinAdmin } from '@tongcun/domain'
import type { MultiPolygon, Polygon } from 'geojson'
import {
  DEFAULT_SEED,
  LAYER_NAMES,
  generateRegion,
  serializeCollection,
  type GeneratedRegion,
} from '../src/generate'
import { readSampleText } from './helpers'

function serialize(region: GeneratedRegion): string[] {
  return LAYER_NAMES.map((layer) => serializeCollection(region[layer]))
}

describe('generateRegion determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    expect(serialize(generateRegion({ seed: 7, scale: 'sample' }))).toEqual(
      serialize(generateRegion({ seed: 7, scale: 'sample' })),
    )
  })

  it('gives different output for a different seed', () => {
    const a = serialize(generateRegion({ seed: 7, scale: 'sample' }))
    const b = serialize(generateRegion({ seed: 8, scale: 'sample' }))
    LAYER_NAMES.forEach((layer, i) => {
      if (layer !== 'admin') expect(a[i], layer).not.toEqual(b[i])
    })
  })

  it('rejects a non-integer seed', () => {
    expect(() => generateRegion({ seed: 1.5, scale: 'sample' })).toThrow(/seed/)
  })
})

describe('committed sample', () => {
  it('is exactly what the generator writes for the default seed (files cannot drift)', () => {
    const region = generateRegion({ seed: DEFAULT_SEED, scale: 'sample' })
    for (const layer of LAYER_NAMES) {
      expect(serializeCollection(region[layer]), `geodata/sample/${layer}.geojson`).toBe(
        readSampleText(layer),
      )
    }
  })
})

function checkAdminAndVillages(region: GeneratedRegion, sampleEvery: number): void {
  const admin = region.admin.features
  const codes = new Set(admin.map((f) => f.properties.code))
  expect(codes.size).toBe(admin.length)
  for (const unit of admin) {
    expect(unit.properties.code).toMatch(/^\d{12}$/)
    expect(adminLevelOfCode(unit.properties.code)).toBe(unit.properties.level)
    if (unit.properties.parent_code !== null) {
      expect(codes.has(unit.properties.parent_code)).toBe(true)
      expect(isWithinAdmin(unit.properties.code, unit.properties.parent_code)).toBe(true)
    }
  }
  const townships = new Map(
    admin
      .filter((f) => f.properties.level === 'township' && f.geometry)
      .map((f) => [f.properties.code, f.geometry as Polygon | MultiPolygon]),
  )
  const villageCodes = new Set<string>()
  region.villages.features.forEach((v, index) => {
    const p = v.properties
    expect(p.code).toMatch(/^\d{12}$/)
    expect(villageCodes.has(p.code)).toBe(false)
    villageCodes.add(p.code)
    expect(isWithinAdmin(p.code, p.township_code)).toBe(true)
    expect(isWithinAdmin(p.township_code, p.county_code)).toBe(true)
    expect(isWithinAdmin(p.county_code, p.city_code)).toBe(true)
    expect(isWithinAdmin(p.city_code, p.province_code)).toBe(true)
    if (index % sampleEvery === 0) {
      const polygon = townships.get(p.township_code)
      expect(polygon, p.township_code).toBeDefined()
      expect(
        booleanPointInPolygon(point(v.geometry.coordinates), polygon as Polygon),
        `village ${p.code} in its township`,
      ).toBe(true)
    }
  })
}

describe('synthetic province (reduced village count)', () => {
  const region = generateRegion({ seed: 3, scale: 'province', villageCount: 4000 })

  it('is deterministic', () => {
    const again = generateRegion({ seed: 3, scale: 'province', villageCount: 4000 })
    expect(serializeCollection(again.villages)).toBe(serializeCollection(region.villages))
    expect(serializeCollection(again.road)).toBe(serializeCollection(region.road))
  })

  it('has the requested villages, valid codes, and every sampled village inside its township polygon', () => {
    expect(region.villages.features.length).toBe(4000)
    checkAdminAndVillages(region, 7)
    expect(region.admin.features.filter((f) => f.properties.level === 'county').length).toBe(9)
  })

  it('has unique ids and proportional networks (~0.4 road features per village)', () => {
    for (const layer of [
      'road',
      'water',
      'power',
      'broadband',
      'facilities',
      'sites',
      'hazards',
    ] as const) {
      const ids = region[layer].features.map((f) => f.properties.id)
      expect(new Set(ids).size, layer).toBe(ids.length)
    }
    const perVillage = region.road.features.length / region.villages.features.length
    expect(perVillage).toBeGreaterThan(0.25)
    expect(perVillage).toBeLessThan(0.7)
  })
})

describe('national set (reduced village count)', () => {
  it('spans 31 provinces with valid codes', () => {
    const region = generateRegion({ seed: 5, scale: 'national', villageCount: 31 * 120 })
    const provinces = region.admin.features.filter((f) => f.properties.level === 'province')
    expect(provinces.length).toBe(31)
    expect(region.villages.features.length).toBe(31 * 120)
    checkAdminAndVillages(region, 11)
  })
})
