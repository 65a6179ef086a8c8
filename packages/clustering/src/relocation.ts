import Flatbush from 'flatbush'
import {
  area,
  bbox as turfBbox,
  booleanPointInPolygon,
  feature,
  featureCollection,
  intersect,
} from '@turf/turf'
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson'
import {
  DEFAULT_RELOCATION_PARAMS,
  DomainError,
  RELOCATION_FACTORS,
  findRelocationIssues,
  type HazardFeature,
  type HazardKind,
  type HazardOverlap,
  type RelocationAssessment,
  type RelocationCoverageInput,
  type RelocationDecision,
  type RelocationFactor,
  type RelocationParams,
  type RelocationReason,
  type RelocationRecommendation,
  type Severity,
  type SiteFeature,
  type VillageFeature,
} from '@tongcun/domain'
import { chooseMetricCrs, createProjector } from './projection'

/** Extra data the assessment uses when present. */
export interface RelocationContext {
  /** Village boundary polygons by village code (WGS84); without one, hazard share is seat-in-zone. */
  boundaries?: ReadonlyMap<string, Polygon | MultiPolygon>
  /** Towns and resettlement sites, for remoteness. */
  sites?: readonly SiteFeature[]
  /** Road lines (network `road`), for remoteness. */
  roads?: ReadonlyArray<Feature<LineString | MultiLineString, unknown>>
  /** Recorded planner decisions by village code. */
  decisions?: ReadonlyMap<string, RelocationDecision>
}

/**
 * Merges a rule set's (possibly partial) `relocation` section over {@link DEFAULT_RELOCATION_PARAMS}.
 * The section is validated by the rule-set validator (`findRelocationIssues` of `@tongcun/domain`, the
 * same check a rule set passes when it is stored or read from a file): throws `invalid-ruleset` naming
 * every bad field, with `details.errors = [{ path, message }]`.
 */
export function resolveRelocationParams(section: unknown): RelocationParams {
  const issues = findRelocationIssues(section)
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
    throw new DomainError('invalid-ruleset', `Invalid relocation section: ${list}`, {
      errors: issues,
    })
  }
  const merged = structuredClone(DEFAULT_RELOCATION_PARAMS)
  if (section === undefined || section === null) return merged
  return mergeDeep(merged, section)
}

/** Overlays a validated partial section: objects field by field, values and lists replaced. */
function mergeDeep<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    return (Array.isArray(patch) ? [...(patch as unknown[])] : patch) as T
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch as Record<string, unknown>))
    out[key] = mergeDeep(out[key], value)
  return out as T
}

/** Linear ramp: 0 at `low`, 1 at `high`, clamped. */
function ramp(value: number, low: number, high: number): number {
  return Math.max(0, Math.min(1, (value - low) / (high - low)))
}

function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
function fixed(value: number, digits = 1): string {
  return value.toFixed(digits)
}

const KIND_EN: Record<HazardKind, string> = {
  geological: 'geological hazard',
  flood: 'flood',
  'ecological-red-line': 'ecological red-line',
}
const KIND_ZH: Record<HazardKind, string> = {
  geological: '地质灾害隐患区',
  flood: '洪涝风险区',
  'ecological-red-line': '生态保护红线区',
}
const SEVERITY_ZH: Record<Severity, string> = { low: '低', medium: '中', high: '高' }
const RECOMMENDATION_ZH: Record<RelocationRecommendation, string> = {
  relocate: '建议搬迁',
  'in-situ': '就地改善',
  review: '需研判',
}
const DECISION_ZH: Record<RelocationDecision, string> = {
  confirmed: '已确认搬迁',
  declined: '不搬迁（已放弃）',
  pending: '待定',
}

interface SegmentIndex {
  index: Flatbush
  ax: Float64Array
  ay: Float64Array
  bx: Float64Array
  by: Float64Array
}

function indexSegments(
  lines: ReadonlyArray<Feature<LineString | MultiLineString, unknown>>,
  project: (p: readonly [number, number]) => [number, number],
): SegmentIndex | null {
  const ax: number[] = []
  const ay: number[] = []
  const bx: number[] = []
  const by: number[] = []
  const addPath = (path: Position[]): void => {
    for (let i = 1; i < path.length; i++) {
      const [x1, y1] = project([path[i - 1]?.[0] as number, path[i - 1]?.[1] as number])
      const [x2, y2] = project([path[i]?.[0] as number, path[i]?.[1] as number])
      ax.push(x1)
      ay.push(y1)
      bx.push(x2)
      by.push(y2)
    }
  }
  for (const line of lines) {
    if (!line.geometry) continue
    if (line.geometry.type === 'LineString') addPath(line.geometry.coordinates)
    else for (const path of line.geometry.coordinates) addPath(path)
  }
  if (ax.length === 0) return null
  const index = new Flatbush(ax.length)
  for (let s = 0; s < ax.length; s++) {
    index.add(
      Math.min(ax[s] as number, bx[s] as number),
      Math.min(ay[s] as number, by[s] as number),
      Math.max(ax[s] as number, bx[s] as number),
      Math.max(ay[s] as number, by[s] as number),
    )
  }
  index.finish()
  return {
    index,
    ax: Float64Array.from(ax),
    ay: Float64Array.from(ay),
    bx: Float64Array.from(bx),
    by: Float64Array.from(by),
  }
}

function nearestSegmentDistance(segments: SegmentIndex, x: number, y: number): number {
  const segDistance = (s: number): number => {
    const ax = segments.ax[s] as number
    const ay = segments.ay[s] as number
    const dx = (segments.bx[s] as number) - ax
    const dy = (segments.by[s] as number) - ay
    const lengthSq = dx * dx + dy * dy
    const t =
      lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSq))
    return Math.hypot(ax + t * dx - x, ay + t * dy - y)
  }
  // box distance is a lower bound of the segment distance: take the first few by box, refine exactly
  const candidates = segments.index.neighbors(x, y, 8)
  let best = Infinity
  for (const s of candidates) best = Math.min(best, segDistance(s))
  if (Number.isFinite(best)) {
    for (const s of segments.index.search(x - best, y - best, x + best, y + best))
      best = Math.min(best, segDistance(s))
  }
  return best
}

/**
 * Assesses every village for relocation: `relocate`, `in-situ` or `review`, a score in [0, 1] and the
 * reasons (English and Chinese sentences) from hazard overlap, in-situ cost per person of closing all
 * coverage gaps vs resettlement cost per person, size, remoteness, slope/elevation and land per person.
 * Missing data gives the factor a sub-score of 0 (a conservative reading) and a `data` reason.
 * A recorded decision does not change the recommendation but decides `isCandidate`: confirmed → true,
 * declined → false, otherwise `relocate` (and `review` when `candidatesIncludeReview`).
 * @param coverageResults per-village coverage (`costToClose` in CNY), as from the coverage engine
 * @returns one assessment per village, in code order
 */
export function recommendRelocation(
  villages: readonly VillageFeature[],
  coverageResults: readonly RelocationCoverageInput[],
  hazards: readonly HazardFeature[],
  params: RelocationParams,
  context: RelocationContext = {},
): RelocationAssessment[] {
  const sorted = villages
    .slice()
    .sort((a, b) =>
      a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0,
    )
  if (sorted.length === 0) return []
  const coverageByCode = new Map(coverageResults.map((c) => [c.code, c]))
  const crs = chooseMetricCrs(
    sorted.map((v) => [v.geometry.coordinates[0] as number, v.geometry.coordinates[1] as number]),
  )
  const project = createProjector(crs)
  const hazardBoxes = hazards.map((h) => turfBbox(h))
  const hazardIndex = hazards.length > 0 ? new Flatbush(hazards.length) : null
  if (hazardIndex) {
    for (const [w, s, e, n] of hazardBoxes as Array<[number, number, number, number]>)
      hazardIndex.add(w, s, e, n)
    hazardIndex.finish()
  }
  const sites = (context.sites ?? [])
    .slice()
    .sort((a, b) => (a.properties.id < b.properties.id ? -1 : 1))
  const siteXY = sites.map((s) =>
    project([s.geometry.coordinates[0] as number, s.geometry.coordinates[1] as number]),
  )
  const roads = indexSegments(context.roads ?? [], project)
  const weightSum = RELOCATION_FACTORS.reduce((acc, f) => acc + params.weights[f], 0)

  return sorted.map((village) => {
    const p = village.properties
    const lngLat: [number, number] = [
      village.geometry.coordinates[0] as number,
      village.geometry.coordinates[1] as number,
    ]
    const [x, y] = project(lngLat)
    const reasons: RelocationReason[] = []
    const subScores: Record<RelocationFactor, number | null> = {
      hazard: null,
      cost: null,
      size: null,
      remoteness: null,
      terrain: null,
      land: null,
    }
    const addReason = (
      factor: RelocationReason['factor'],
      subScore: number,
      en: string,
      zh: string,
    ): void => {
      const weight = factor === 'decision' || factor === 'data' ? 0 : params.weights[factor]
      reasons.push({ factor, subScore, contribution: (weight * subScore) / weightSum, en, zh })
    }
    const missing = (en: string, zh: string): void => addReason('data', 0, en, zh)

    // hazards
    const boundary = context.boundaries?.get(p.code) ?? null
    const overlaps: HazardOverlap[] = []
    if (hazardIndex) {
      const [w, s, e, n] = boundary
        ? (turfBbox(boundary) as [number, number, number, number])
        : [lngLat[0], lngLat[1], lngLat[0], lngLat[1]]
      const hits = hazardIndex.search(w, s, e, n).sort((a, b) => {
        const ia = hazards[a]?.properties.id ?? ''
        const ib = hazards[b]?.properties.id ?? ''
        return ia < ib ? -1 : ia > ib ? 1 : a - b
      })
      const boundaryArea = boundary ? area(boundary) : 0
      for (const h of hits) {
        const hazard = hazards[h] as HazardFeature
        let share = 0
        let basis: HazardOverlap['basis'] = 'seat'
        if (boundary && boundaryArea > 0) {
          basis = 'boundary'
          const common = intersect(featureCollection([feature(boundary), feature(hazard.geometry)]))
          share = common ? Math.min(1, area(common) / boundaryArea) : 0
        } else if (booleanPointInPolygon(lngLat, hazard)) {
          share = 1
        }
        if (share > 0 && share >= params.hazard.minShare) {
          overlaps.push({
            hazardId: hazard.properties.id,
            kind: hazard.properties.kind,
            severity: hazard.properties.severity,
            share,
            basis,
          })
        }
      }
    }
    // the zone with the highest sub-score speaks for the village (first by id on ties)
    let hazardScore = 0
    let worst: HazardOverlap | null = null
    for (const o of overlaps) {
      const s =
        params.hazard.kindWeight[o.kind] *
        params.hazard.severityWeight[o.severity] *
        Math.min(1, o.share / params.hazard.fullShare)
      if (!worst || s > hazardScore) {
        hazardScore = s
        worst = o
      }
    }
    subScores.hazard = hazardScore
    const isOverride = overlaps.some(
      (o) =>
        params.hazard.overrideKinds.includes(o.kind) &&
        params.hazard.overrideSeverities.includes(o.severity) &&
        o.share >= params.hazard.overrideShare,
    )
    if (worst) {
      const name =
        hazards.find((h) => h.properties.id === worst?.hazardId)?.properties.name ?? worst.hazardId
      const en =
        worst.basis === 'boundary'
          ? `${Math.round(worst.share * 100)}% of the village area lies in a ${worst.severity}-severity ${KIND_EN[worst.kind]} zone (${name}).`
          : `The village seat lies in a ${worst.severity}-severity ${KIND_EN[worst.kind]} zone (${name}).`
      const zh =
        worst.basis === 'boundary'
          ? `村域面积的${Math.round(worst.share * 100)}%位于${SEVERITY_ZH[worst.severity]}风险${KIND_ZH[worst.kind]}（${name}）。`
          : `村委会驻地位于${SEVERITY_ZH[worst.severity]}风险${KIND_ZH[worst.kind]}（${name}）。`
      const more =
        overlaps.length > 1
          ? [
              ` ${overlaps.length} hazard zones overlap the village in all.`,
              `共涉及${overlaps.length}处灾害隐患区。`,
            ]
          : ['', '']
      const override = isOverride
        ? [' Under the rule set this alone warrants relocation.', '按规则集，仅此一项即建议搬迁。']
        : ['', '']
      addReason('hazard', hazardScore, en + more[0] + override[0], zh + more[1] + override[1])
    } else {
      addReason('hazard', 0, 'No hazard zone overlaps the village.', '村域未涉及灾害隐患区。')
    }

    // cost
    const coverage = coverageByCode.get(p.code)
    let inSituCost: number | null = null
    let perPerson: number | null = null
    if (coverage) {
      inSituCost = 0
      for (const result of Object.values(coverage.coverage)) {
        if (
          result &&
          params.cost.countStatuses.includes(result.status) &&
          typeof result.costToClose === 'number' &&
          Number.isFinite(result.costToClose)
        ) {
          inSituCost += result.costToClose
        }
      }
    }
    const population = p.population !== null && p.population > 0 ? p.population : null
    if (inSituCost !== null && population !== null) {
      perPerson = inSituCost / population
      const resettle = params.cost.resettlementCostPerPersonCny
      const ratio = perPerson / resettle
      subScores.cost = ramp(ratio, params.cost.ratioLow, params.cost.ratioHigh)
      if (inSituCost === 0)
        addReason(
          'cost',
          subScores.cost,
          'The village has no coverage gaps to close in place.',
          '该村无需就地补齐覆盖缺口。',
        )
      else {
        addReason(
          'cost',
          subScores.cost,
          `Closing all coverage gaps in place costs ¥${grouped(perPerson)} per person (¥${grouped(inSituCost)} in total), ${fixed(ratio, 2)}× the resettlement cost of ¥${grouped(resettle)} per person.`,
          `就地补齐全部覆盖缺口人均需¥${grouped(perPerson)}（合计¥${grouped(inSituCost)}），为人均搬迁成本¥${grouped(resettle)}的${fixed(ratio, 2)}倍。`,
        )
      }
    } else if (!coverage) {
      missing(
        'No coverage result for this village: the in-situ cost is not counted.',
        '该村无覆盖评估结果，未计入就地改善成本。',
      )
    } else {
      missing(
        'Population not recorded: the in-situ cost per person is not counted.',
        '人口未登记，未计入人均就地改善成本。',
      )
    }

    // size
    if (population !== null) {
      const { tinyPopulation, smallPopulation } = params.size
      subScores.size = 1 - ramp(population, tinyPopulation, smallPopulation)
      if (population < smallPopulation) {
        addReason(
          'size',
          subScores.size,
          `Small settlement: ${grouped(population)} people (small below ${grouped(smallPopulation)}, very small at ${grouped(tinyPopulation)} or fewer).`,
          `人口规模小：${grouped(population)}人（少于${grouped(smallPopulation)}人为小规模，${grouped(tinyPopulation)}人及以下为极小规模）。`,
        )
      } else {
        addReason(
          'size',
          subScores.size,
          `${grouped(population)} people: not a small settlement.`,
          `人口${grouped(population)}人，不属小规模村落。`,
        )
      }
    } else {
      missing('Population not recorded: size is not counted.', '人口未登记，未计入规模因素。')
    }

    // remoteness
    let nearestSite: { distance: number; name: string } | null = null
    siteXY.forEach(([sx, sy], i) => {
      const distance = Math.hypot(sx - x, sy - y)
      if (!nearestSite || distance < nearestSite.distance)
        nearestSite = { distance, name: sites[i]?.properties.name ?? '' }
    })
    const siteHit = nearestSite as { distance: number; name: string } | null
    const nearestRoad = roads ? nearestSegmentDistance(roads, x, y) : null
    if (siteHit || nearestRoad !== null) {
      const siteScore = siteHit
        ? ramp(siteHit.distance, params.remoteness.siteNearM, params.remoteness.siteFarM)
        : 0
      const roadScore =
        nearestRoad !== null
          ? ramp(nearestRoad, params.remoteness.roadNearM, params.remoteness.roadFarM)
          : 0
      subScores.remoteness = Math.max(siteScore, roadScore)
      const parts: Array<[string, string]> = []
      if (siteHit)
        parts.push([
          `${fixed(siteHit.distance / 1000)} km to the nearest town or resettlement site (${siteHit.name})`,
          `距最近的集镇或安置点（${siteHit.name}）${fixed(siteHit.distance / 1000)}公里`,
        ])
      if (nearestRoad !== null)
        parts.push([
          `${fixed(nearestRoad / 1000)} km to the nearest road`,
          `距最近道路${fixed(nearestRoad / 1000)}公里`,
        ])
      const en = parts.map((x) => x[0]).join('; ')
      const zh = parts.map((x) => x[1]).join('；')
      addReason(
        'remoteness',
        subScores.remoteness,
        `${en.charAt(0).toUpperCase()}${en.slice(1)}.`,
        `${zh}。`,
      )
    } else {
      missing(
        'No towns, sites or roads in the data: remoteness is not counted.',
        '数据中无集镇、安置点或道路，未计入偏远程度。',
      )
    }

    // terrain
    if (p.slope_deg !== null || p.elevation_m !== null) {
      const t = params.terrain
      const slopeScore = p.slope_deg !== null ? ramp(p.slope_deg, t.slopeLowDeg, t.slopeHighDeg) : 0
      const elevationScore =
        p.elevation_m !== null ? ramp(p.elevation_m, t.elevationLowM, t.elevationHighM) : 0
      subScores.terrain = Math.max(slopeScore, elevationScore)
      const en: string[] = []
      const zh: string[] = []
      if (p.slope_deg !== null) {
        en.push(`average slope ${fixed(p.slope_deg)}° (steep above ${t.slopeHighDeg}°)`)
        zh.push(`平均坡度${fixed(p.slope_deg)}°（${t.slopeHighDeg}°以上为陡坡）`)
      }
      if (p.elevation_m !== null) {
        en.push(
          `seat elevation ${grouped(p.elevation_m)} m (high above ${grouped(t.elevationHighM)} m)`,
        )
        zh.push(`驻地海拔${grouped(p.elevation_m)}米（${grouped(t.elevationHighM)}米以上为高海拔）`)
      }
      const enText = en.join('; ')
      addReason(
        'terrain',
        subScores.terrain,
        `${enText.charAt(0).toUpperCase()}${enText.slice(1)}.`,
        `${zh.join('；')}。`,
      )
    } else {
      missing(
        'Slope and elevation not recorded: terrain is not counted.',
        '坡度和海拔未登记，未计入地形因素。',
      )
    }

    // land
    if (p.land_per_person_mu !== null) {
      const { scarceMu, enoughMu } = params.land
      subScores.land = 1 - ramp(p.land_per_person_mu, scarceMu, enoughMu)
      addReason(
        'land',
        subScores.land,
        `${fixed(p.land_per_person_mu, 2)} mu of arable land per person (scarce at ${scarceMu} mu or less, enough from ${enoughMu} mu).`,
        `人均耕地${fixed(p.land_per_person_mu, 2)}亩（${scarceMu}亩及以下为匮乏，${enoughMu}亩以上为充足）。`,
      )
    } else {
      missing(
        'Arable land per person not recorded: land is not counted.',
        '人均耕地未登记，未计入耕地因素。',
      )
    }

    const score = RELOCATION_FACTORS.reduce(
      (acc, f) => acc + (params.weights[f] * (subScores[f] ?? 0)) / weightSum,
      0,
    )
    const recommendation: RelocationRecommendation =
      isOverride || score >= params.relocateScore
        ? 'relocate'
        : score >= params.reviewScore
          ? 'review'
          : 'in-situ'
    const decision = context.decisions?.get(p.code) ?? null
    const isCandidate =
      decision === 'confirmed'
        ? true
        : decision === 'declined'
          ? false
          : recommendation === 'relocate' ||
            (params.candidatesIncludeReview && recommendation === 'review')
    reasons.sort((a, b) => b.contribution - a.contribution || order(a.factor) - order(b.factor))
    reasons.unshift({
      factor: 'decision',
      subScore: 0,
      contribution: 0,
      en: `Recommendation: ${recommendation} (score ${fixed(score, 2)}; relocate from ${params.relocateScore}, review from ${params.reviewScore}).${decision ? ` Planner decision: ${decision}.` : ''}`,
      zh: `结论：${RECOMMENDATION_ZH[recommendation]}（得分${fixed(score, 2)}；${params.relocateScore}及以上建议搬迁，${params.reviewScore}及以上需研判）。${decision ? `规划人员决定：${DECISION_ZH[decision]}。` : ''}`,
    })
    return {
      code: p.code,
      name: p.name,
      recommendation,
      score,
      subScores,
      reasons,
      hazards: overlaps,
      inSituCostCny: inSituCost,
      inSituCostPerPersonCny: perPerson,
      nearestSiteM: siteHit ? siteHit.distance : null,
      nearestRoadM: nearestRoad,
      decision,
      isCandidate,
    }
  })
}

const FACTOR_ORDER: ReadonlyArray<RelocationReason['factor']> = [
  'decision',
  ...RELOCATION_FACTORS,
  'data',
]
function order(factor: RelocationReason['factor']): number {
  return FACTOR_ORDER.indexOf(factor)
}

/**
 * Codes of villages that count as relocation candidates downstream, honouring planner decisions:
 * confirmed always, declined never, otherwise the assessment's `isCandidate`.
 */
export function candidateCodes(assessments: readonly RelocationAssessment[]): string[] {
  return assessments.filter((a) => a.isCandidate).map((a) => a.code)
}
