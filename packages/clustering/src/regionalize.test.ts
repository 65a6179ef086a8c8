import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Feature, Point, Polygon } from 'geojson'
import { directSsd, disconnectedAreas } from '../test/contiguity-check'
import { createRandom, shuffled } from './prng'
import { improveByMoves, skater, type RegionProblem } from './regionalize-core'
import { labelRegionFeatures, regionalizeVillages } from './regionalize'

type Props = Record<string, unknown>

/** Villages on a jittered grid around 104°E 26°N, attributes with a spatial trend plus noise. */
function makeVillages(seed: number, n: number, island = false): Array<Feature<Point, Props>> {
  const random = createRandom(seed)
  const side = Math.ceil(Math.sqrt(n))
  return Array.from({ length: n }, (_, i) => {
    const col = i % side
    const row = Math.floor(i / side)
    let lng = 104 + col * 0.02 + random() * 0.01
    let lat = 26 + row * 0.02 + random() * 0.01
    if (island && i >= n - 5) {
      // a valley 60 km away
      lng = 104.8 + (i - (n - 5)) * 0.01
      lat = 26.5 + random() * 0.01
    }
    const code = `5201${String(Math.floor(row / 5)).padStart(2, '0')}${String(Math.floor(col / 5)).padStart(3, '0')}${String(i).padStart(3, '0')}`
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties: {
        code,
        incidence: col / side + random() * 0.2,
        income_per_person_cny: 3000 + row * 100 + random() * 500,
        poor_households: 5 + Math.floor(random() * 40),
        population: 300 + Math.floor(random() * 900),
      },
    }
  })
}

describe('regionalizeVillages with k (SKATER + local search)', () => {
  const villages = makeVillages(11, 400)
  const result = regionalizeVillages(villages, {
    attributes: ['incidence', 'income_per_person_cny'],
    k: 6,
  })
  const labels = result.assignments.map((a) => a.region)

  it('makes exactly k contiguous areas', () => {
    expect(new Set(labels).size).toBe(6)
    expect(disconnectedAreas(result.graph.neighbours, labels)).toEqual([])
  })

  it('reports the objective as the total within-area SSD of the standardized attributes', () => {
    const rows = ['incidence', 'income_per_person_cny'].map((attribute) => {
      const values = villages.map((v) => v.properties[attribute] as number)
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
      return values.map((v) => (v - mean) / sd)
    })
    const byVillage = villages.map((_, i) => rows.map((r) => r[i] as number))
    expect(result.objective).toBeCloseTo(directSsd(byVillage, labels), 6)
    expect(result.areas.reduce((a, area) => a + area.ssd, 0)).toBeCloseTo(result.objective, 6)
    // far below one area
    expect(result.objective).toBeLessThan(
      0.5 * directSsd(byVillage, new Array(villages.length).fill(0)),
    )
  })

  it('keeps every input feature and its properties when labelling, without mutating input', () => {
    const before = JSON.stringify(villages)
    const labelled = labelRegionFeatures(villages, result)
    expect(JSON.stringify(villages)).toBe(before)
    expect(labelled).toHaveLength(villages.length)
    labelled.forEach((f, i) => {
      expect(f.properties['code']).toBe(villages[i]?.properties['code'])
      expect(f.properties['region']).toBe(labels[i])
    })
  })

  it('numbers areas by their smallest member code and is deterministic', () => {
    const again = regionalizeVillages(villages, {
      attributes: ['incidence', 'income_per_person_cny'],
      k: 6,
    })
    expect(again.assignments).toEqual(result.assignments)
    const firsts = result.areas.map((a) => a.members[0] as string)
    expect(firsts).toEqual([...firsts].sort())
  })
})

describe('regionalizeVillages with a floor (max-p)', () => {
  const villages = makeVillages(5, 300)
  const options = {
    attributes: ['incidence', 'income_per_person_cny'],
    floor: { field: 'poor_households', min: 200 },
    seed: 42,
  }
  const result = regionalizeVillages(villages, options)
  const labels = result.assignments.map((a) => a.region)

  it('gives contiguous areas that each reach the floor', () => {
    expect(result.floorMet).toBe(true)
    expect(disconnectedAreas(result.graph.neighbours, labels)).toEqual([])
    const sums = new Map<number, number>()
    villages.forEach((v, i) =>
      sums.set(
        labels[i] as number,
        (sums.get(labels[i] as number) ?? 0) + (v.properties['poor_households'] as number),
      ),
    )
    for (const total of sums.values()) expect(total).toBeGreaterThanOrEqual(200)
    // max-p: many areas, not one
    const total = villages.reduce((a, v) => a + (v.properties['poor_households'] as number), 0)
    expect(sums.size).toBeGreaterThan(total / 200 / 3)
  })

  it('is deterministic for a seed', () => {
    expect(regionalizeVillages(villages, options).assignments).toEqual(result.assignments)
  })

  it('falls back to a single area when even all villages miss the floor', () => {
    const all = regionalizeVillages(villages.slice(0, 10), {
      ...options,
      floor: { field: 'poor_households', min: 1e9 },
    })
    expect(new Set(all.assignments.map((a) => a.region)).size).toBe(1)
    expect(all.floorMet).toBe(false)
  })
})

describe('islands', () => {
  it('bridges a far valley cut off by edge pruning to its nearest neighbours', () => {
    const villages = makeVillages(9, 100, true)
    const result = regionalizeVillages(villages, {
      attributes: ['incidence'],
      k: 3,
      maxEdgeM: 10_000,
    })
    expect(result.contiguity.prunedEdgeCount).toBeGreaterThan(0)
    expect(result.contiguity.bridges.length).toBeGreaterThanOrEqual(1)
    // the graph is connected: BFS from 0 reaches all
    const all = new Array(villages.length).fill(0)
    expect(disconnectedAreas(result.graph.neighbours, all)).toEqual([])
    expect(
      disconnectedAreas(
        result.graph.neighbours,
        result.assignments.map((a) => a.region),
      ),
    ).toEqual([])
    // the bridge joins the valley (last five) to its nearest village (brute force)
    const valley = new Set(villages.slice(-5).map((v) => v.properties['code'] as string))
    const bridge = result.contiguity.bridges[0] as { from: string; to: string; distanceM: number }
    expect(valley.has(bridge.from) !== valley.has(bridge.to)).toBe(true)
  })

  it('bridges polygons that share no boundary', () => {
    const square = (x: number, y: number, code: string, value: number): Feature => ({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.01, y],
            [x + 0.01, y + 0.01],
            [x, y + 0.01],
            [x, y],
          ],
        ],
      },
      properties: { code, value, poor_households: 10 },
    })
    const polygons = [
      square(104, 26, '520100000001', 1),
      square(104.01, 26, '520100000002', 1.2),
      square(104.02, 26, '520100000003', 5),
      square(104.2, 26, '520100000004', 5.1), // enclave: no shared vertex
    ] as Array<Feature<Polygon, Props>>
    const result = regionalizeVillages(polygons, { attributes: ['value'], k: 2 })
    expect(result.contiguity.bridges).toHaveLength(1)
    expect(
      result.contiguity.bridges[0]?.to === '520100000004' ||
        result.contiguity.bridges[0]?.from === '520100000004',
    ).toBe(true)
    expect(result.assignments.map((a) => a.region)).toEqual([0, 0, 1, 1])
  })
})

describe('SKATER on the PySAL Mexico example (32 states, queen contiguity)', () => {
  const dir = '/work/shared/reference/spopt-mexico'
  const rows = readFileSync(`${dir}/mexicojoin_attributes.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
  const edges = readFileSync(`${dir}/mexicojoin_queen_edges.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 2).map(Number) as [number, number])
  const n = rows.length
  const neighbours: number[][] = Array.from({ length: n }, () => [])
  for (const [i, j] of edges) {
    neighbours[i]?.push(j)
    neighbours[j]?.push(i)
  }
  const raw = rows.map((r) => r.slice(2, 9).map(Number))
  const d = 7
  const z = raw.map((r) => r.slice())
  for (let t = 0; t < d; t++) {
    const mean = raw.reduce((a, r) => a + (r[t] as number), 0) / n
    const sd = Math.sqrt(raw.reduce((a, r) => a + ((r[t] as number) - mean) ** 2, 0) / n)
    z.forEach((r) => (r[t] = ((r[t] as number) - mean) / sd))
  }
  const problem: RegionProblem = {
    neighbours,
    values: Float64Array.from(z.flat()),
    d,
    rank: Array.from({ length: n }, (_, i) => i),
    floor: null,
  }

  it('k = 4 gives contiguous areas no worse than 200 random contiguous partitions', () => {
    const labels = skater(problem, 4)
    improveByMoves(problem, labels)
    expect(new Set(labels).size).toBe(4)
    expect(disconnectedAreas(neighbours, labels)).toEqual([])
    const objective = directSsd(z, labels)
    // naive partitions: grow 4 areas from random seeds by BFS (contiguous by construction)
    const random = createRandom(1)
    let bestNaive = Infinity
    for (let trial = 0; trial < 200; trial++) {
      const seeds = shuffled(
        Array.from({ length: n }, (_, i) => i),
        random,
      ).slice(0, 4)
      const naive = new Array<number>(n).fill(-1)
      seeds.forEach((s, a) => (naive[s] = a))
      const queue = seeds.slice()
      while (queue.length > 0) {
        const u = queue.shift() as number
        for (const v of neighbours[u] as number[]) {
          if (naive[v] !== -1) continue
          naive[v] = naive[u] as number
          queue.push(v)
        }
      }
      if (naive.includes(-1)) continue
      bestNaive = Math.min(bestNaive, directSsd(z, naive))
    }
    expect(objective).toBeLessThanOrEqual(bestNaive)
  })
})

describe('addDerivedAttributes', () => {
  it('adds poverty incidence and coverage gap counts without mutating input', async () => {
    const { addDerivedAttributes } = await import('./derived-attributes')
    const input: Array<Feature<Point, Props>> = [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [104, 26] },
        properties: { code: 'a', poor_people: 30, population: 120 },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [104.1, 26] },
        properties: { code: 'b', poor_people: 5, population: 0 },
      },
    ]
    const before = JSON.stringify(input)
    const out = addDerivedAttributes(input, { gapCounts: new Map([['a', 2]]) })
    expect(JSON.stringify(input)).toBe(before)
    expect(out[0]?.properties).toMatchObject({ poverty_incidence: 0.25, coverage_gaps: 2 })
    expect(out[1]?.properties).toMatchObject({ poverty_incidence: null, coverage_gaps: null })
  })
})
