/**
 * The coverage engine: per village and network, covered / gap / covered-when-planned, with the
 * distance to the nearest counting feature, along-network distances, reasons and gap costs.
 */
import { COVERAGE_NETWORKS } from '@tongcun/domain'
import type {
  BusRule,
  CoverageNetwork,
  CoverageResult,
  CoverageSummary,
  FacilityFeature,
  FeatureStatus,
  LineNetworkRule,
  NetworkCoverage,
  NetworkLineFeature,
  NetworkSummary,
  RegionData,
  RoadRule,
  RuleSet,
  ServiceAreaFeature,
  TerrainClass,
  VillageCoverage,
  VillageFeature,
} from '@tongcun/domain'
import { PolygonIndex, createLocalProjection, geodesicDistanceM } from '@tongcun/spatial'
import type { LocalProjection, NearestSegment } from '@tongcun/spatial'
import { buildCost, builtLengthM, classifyTerrain, roundMetres, roundYuan } from './costs'
import { findShortestDistances } from './network-graph'
import type { GraphSource } from './network-graph'
import {
  buildFacilityIndex,
  buildNetworkUniverse,
  createNearestFinder,
  findAnchoredMask,
  isActiveAt,
  listPlannedStages,
  maskParts,
} from './network-layer'
import type { NetworkUniverse, Stage } from './network-layer'
import {
  facilityWords,
  featureLabel,
  featureLabelZh,
  formatDistance,
  lineClassWords,
  lineKindWords,
  roadClassWords,
  roadConnectionWords,
  roadKindWords,
  surfaceWords,
} from './wording'
import type { Words } from './wording'

/** What one stage of one network found for one village. */
interface Finding {
  covered: boolean
  /** Straight distance to the nearest counting feature, rounded to 0.1 m; null when none. */
  distanceM: number | null
  nearestId: string | null
  nearestName: string | null
  networkDistanceM: number | null
  /** Covered by something other than distance (service area, cell site). */
  coveredBy?: {
    kind: 'service-area' | 'cell-site'
    id: string
    name: string | null
    radiusM?: number
  }
  /** The nearest feature of the network that does not count, when it is nearer than the counting one. */
  /** `why` null: the class or surface alone does not count ("does not count"). */
  blocker?: { id: string; name: string | null; distanceM: number; words: Words; why: Words | null }
}

interface Context {
  ruleset: RuleSet
  villages: VillageFeature[]
  /** Seat coordinates by village index, read once. */
  villageLng: Float64Array
  villageLat: Float64Array
  projection: LocalProjection
  roads: NetworkLineFeature[]
  linesByNetwork: Record<'water' | 'power' | 'broadband', NetworkLineFeature[]>
  facilities: FacilityFeature[]
  serviceAreas: ServiceAreaFeature[]
  /** Road universes by snap tolerance (road and bus share one when their tolerances agree). */
  roadUniverses: Map<number, NetworkUniverse>
}

/** Findings by village index (an array: 50k-entry maps per network and stage were a hot spot). */
type Findings = (Finding | undefined)[]
type StageAssessor = (stage: Stage, villageIndexes: number[]) => Findings

const byId = <T extends { properties: { id: string } }>(a: T, b: T) =>
  a.properties.id < b.properties.id ? -1 : a.properties.id > b.properties.id ? 1 : 0

function coordinatesOf(village: VillageFeature): [number, number] {
  const [lng, lat] = village.geometry.coordinates
  return [lng ?? 0, lat ?? 0]
}

function roadUniverse(context: Context, snapToleranceM: number): NetworkUniverse {
  let universe = context.roadUniverses.get(snapToleranceM)
  if (!universe) {
    universe = buildNetworkUniverse(context.roads, context.projection, snapToleranceM)
    context.roadUniverses.set(snapToleranceM, universe)
  }
  return universe
}

function isRoadQualifying(rule: RoadRule, road: NetworkLineFeature): boolean {
  return (
    rule.classes.includes(road.properties.class as RoadRule['classes'][number]) &&
    rule.surfaces.includes(road.properties.surface ?? 'unknown')
  )
}

function qualifiesLine(rule: LineNetworkRule, line: NetworkLineFeature): boolean {
  const voltage = line.properties.voltage_kv
  return (
    (rule.classes.length === 0 || rule.classes.includes(line.properties.class)) &&
    (rule.minVoltageKv === null || (typeof voltage === 'number' && voltage >= rule.minVoltageKv))
  )
}

/** Mask of the road parts that count at `stage` (class, surface, exists, connected to the anchors). */
function findCountingRoads(
  context: Context,
  rule: RoadRule,
  universe: NetworkUniverse,
  stage: Stage,
): Uint8Array {
  const usable = maskParts(
    universe,
    (road) =>
      isRoadQualifying(rule, road) &&
      isActiveAt(road.properties, stage, context.ruleset.planned, rule.countPlanned),
  )
  if (rule.requireConnectedTo.length === 0) return usable
  const anchorParts = maskParts(universe, (road) =>
    rule.requireConnectedTo.includes(road.properties.class as RoadRule['classes'][number]),
  )
  return findAnchoredMask(universe, usable, { anchorParts, snapToleranceM: rule.snapToleranceM })
}

/** Mask of the line parts that count at `stage` (class, voltage, exists, connected to a source). */
function findCountingLines(
  context: Context,
  rule: LineNetworkRule,
  universe: NetworkUniverse,
  stage: Stage,
): Uint8Array {
  const { planned } = context.ruleset
  const usable = maskParts(
    universe,
    (line) =>
      qualifiesLine(rule, line) && isActiveAt(line.properties, stage, planned, rule.countPlanned),
  )
  if (rule.sourceKinds.length === 0) return usable
  const anchors = context.facilities.filter(
    (facility) =>
      rule.sourceKinds.includes(facility.properties.kind) &&
      isActiveAt(facility.properties, stage, planned, rule.countPlanned),
  )
  return findAnchoredMask(universe, usable, {
    anchorFacilities: anchors,
    snapToleranceM: rule.snapToleranceM,
  })
}

// ---------------------------------------------------------------- road

/** The straight-distance finding for `hit`, the nearest counting part of `universe` (null: none). */
function findingOfNearest(
  universe: NetworkUniverse,
  hit: NearestSegment | null,
  maxDistanceM: number,
): Finding {
  const line = hit ? universe.features[universe.partFeature[hit.featureIndex] ?? 0] : undefined
  const distanceM = hit ? roundMetres(hit.distanceM) : null
  return {
    covered: distanceM !== null && distanceM <= maxDistanceM,
    distanceM,
    nearestId: line?.properties.id ?? null,
    nearestName: line?.properties.name ?? null,
    networkDistanceM: null,
  }
}

function createRoadAssessor(context: Context, rule: RoadRule): StageAssessor {
  const universe = roadUniverse(context, rule.snapToleranceM)
  const { index, graph } = universe
  return (stage, villageIndexes) => {
    const counting = findCountingRoads(context, rule, universe, stage)
    // Today only: along-network distance over every accessible existing road, and what does not count.
    const detailed = stage === 'existing'
    let access: Uint8Array | null = null
    let networkDistances: Float64Array | null = null
    if (detailed) {
      access = maskParts(
        universe,
        (road) => road.properties.status === 'existing' && road.properties.class !== 'expressway',
      )
      const sources: GraphSource[] = []
      for (let segment = 0; segment < index.size; segment++) {
        if (counting[index.segmentFeature(segment)] !== 1) continue
        sources.push({ node: graph.edgeFrom[segment] ?? 0, distanceM: 0, label: 0 })
        sources.push({ node: graph.edgeTo[segment] ?? 0, distanceM: 0, label: 0 })
      }
      networkDistances = findShortestDistances(graph, sources, access).distanceM
    }
    // Nearest lookups among the accessible and among the counting parts.
    const nearestAccessible = access
      ? createNearestFinder(index, access, villageIndexes.length)
      : null
    const nearestCounting = createNearestFinder(index, counting, villageIndexes.length)

    const countingWithinAccess = !rule.classes.includes('expressway')
    const findings: Findings = new Array(context.villages.length)
    for (const villageIndex of villageIndexes) {
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      // Counting roads are a subset of the accessible ones: when the nearest accessible road counts,
      // it is also the nearest counting road.
      const near = nearestAccessible ? nearestAccessible(lng, lat) : null
      const hit =
        near && countingWithinAccess && counting[near.featureIndex] === 1
          ? near
          : nearestCounting(lng, lat)
      const finding = findingOfNearest(universe, hit, rule.maxDistanceM)
      if (access && networkDistances) {
        if (near) {
          const part = near.featureIndex
          const length = index.segmentLengthM(near.segment)
          const along =
            counting[part] === 1
              ? 0
              : Math.min(
                  (networkDistances[graph.edgeFrom[near.segment] ?? 0] ?? Infinity) +
                    near.fraction * length,
                  (networkDistances[graph.edgeTo[near.segment] ?? 0] ?? Infinity) +
                    (1 - near.fraction) * length,
                )
          finding.networkDistanceM = Number.isFinite(along)
            ? roundMetres(near.distanceM + along)
            : null
          const nearRoad = universe.features[universe.partFeature[part] ?? 0]
          if (
            nearRoad &&
            counting[part] !== 1 &&
            (finding.distanceM === null || near.distanceM < finding.distanceM - 0.5)
          ) {
            const props = nearRoad.properties
            const connection = roadConnectionWords(rule)
            const classOk = rule.classes.includes(props.class as RoadRule['classes'][number])
            const why: Words | null = isRoadQualifying(rule, nearRoad)
              ? {
                  en: `is not ${connection?.en ?? 'connected'}`,
                  zh: `未${connection?.zh ?? '连通'}`,
                }
              : null
            const surface = surfaceWords(props.surface)
            const cls = roadClassWords(props.class)
            finding.blocker = {
              id: props.id,
              name: props.name ?? null,
              distanceM: roundMetres(near.distanceM),
              words: !classOk
                ? cls
                : why
                  ? { en: `${cls.en} (${surface.en})`, zh: `${cls.zh}（${surface.zh}）` }
                  : surface,
              why,
            }
          }
        }
      }
      findings[villageIndex] = finding
    }
    return findings
  }
}

// ---------------------------------------------------------------- bus

function createBusAssessor(context: Context, rule: BusRule): StageAssessor {
  const { projection, ruleset } = context
  const universe = roadUniverse(context, rule.snapToleranceM)
  const { index, graph } = universe
  const usable = maskParts(
    universe,
    (road) =>
      road.properties.status === 'existing' &&
      rule.roadClasses.includes(road.properties.class as BusRule['roadClasses'][number]),
  )
  const usableIndex = index.withParts(usable)
  const allStops = context.facilities.filter((facility) => facility.properties.kind === 'bus-stop')
  // Each stop's access point on the usable roads, computed once for every stage.
  const stopAccess = allStops.map((stop) => {
    const [lng, lat] = stop.geometry.coordinates
    return usableIndex.nearest(lng ?? 0, lat ?? 0)
  })
  // Each village's access point on the usable roads, the same at every stage: found once.
  const villageAccess = new Map<number, NearestSegment | null>()
  // Stages come in order with growing stop sets: each Dijkstra starts from the previous one.
  let previous: {
    active: boolean[]
    distances: { distanceM: Float64Array; label: Int32Array }
  } | null = null
  return (stage, villageIndexes) => {
    const active = allStops.map((stop) =>
      isActiveAt(stop.properties, stage, ruleset.planned, rule.countPlanned),
    )
    const stops = allStops.filter((_, i) => active[i])
    const stopIndex = buildFacilityIndex(stops, projection)
    const sources: GraphSource[] = []
    const stopsOnSegment = new Map<number, { fraction: number; offsetM: number; label: number }[]>()
    const monotone = previous !== null && previous.active.every((was, i) => !was || active[i])
    allStops.forEach((_, i) => {
      if (!active[i]) return
      const near = stopAccess[i]
      // The label is the stop's index in `allStops`, stable across stages.
      const label = i
      if (!near) return
      const list = stopsOnSegment.get(near.segment) ?? []
      list.push({ fraction: near.fraction, offsetM: near.distanceM, label })
      stopsOnSegment.set(near.segment, list)
      if (monotone && previous?.active[i]) return
      const length = index.segmentLengthM(near.segment)
      sources.push({
        node: graph.edgeFrom[near.segment] ?? 0,
        distanceM: near.distanceM + near.fraction * length,
        label,
      })
      sources.push({
        node: graph.edgeTo[near.segment] ?? 0,
        distanceM: near.distanceM + (1 - near.fraction) * length,
        label,
      })
    })
    const distances = findShortestDistances(
      graph,
      sources,
      usable,
      monotone ? previous?.distances : undefined,
    )
    previous = { active, distances }
    const nodeDistance = distances.distanceM
    const findings: Findings = new Array(context.villages.length)
    for (const villageIndex of villageIndexes) {
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      const hit = stopIndex.nearest(lng, lat)
      const stop = hit ? stops[hit.featureIndex] : undefined
      const distanceM = hit ? roundMetres(hit.distanceM) : null
      let networkDistanceM: number | null = null
      let near: NearestSegment | null = null
      if (stops.length > 0) {
        const known = villageAccess.get(villageIndex)
        near = known !== undefined ? known : usableIndex.nearest(lng, lat)
        if (known === undefined) villageAccess.set(villageIndex, near)
      }
      if (near) {
        const length = index.segmentLengthM(near.segment)
        let along = Math.min(
          (nodeDistance[graph.edgeFrom[near.segment] ?? 0] ?? Infinity) + near.fraction * length,
          (nodeDistance[graph.edgeTo[near.segment] ?? 0] ?? Infinity) +
            (1 - near.fraction) * length,
        )
        for (const onSegment of stopsOnSegment.get(near.segment) ?? []) {
          along = Math.min(
            along,
            Math.abs(onSegment.fraction - near.fraction) * length + onSegment.offsetM,
          )
        }
        if (Number.isFinite(along)) networkDistanceM = roundMetres(near.distanceM + along)
      }
      const covered =
        networkDistanceM !== null &&
        networkDistanceM <= rule.maxNetworkDistanceM &&
        (rule.maxStraightDistanceM === null ||
          (distanceM !== null && distanceM <= rule.maxStraightDistanceM))
      findings[villageIndex] = {
        covered,
        distanceM,
        nearestId: stop?.properties.id ?? null,
        nearestName: stop?.properties.name ?? null,
        networkDistanceM,
      }
    }
    return findings
  }
}

// ---------------------------------------------------------------- water, power, broadband

function createLineAssessor(
  context: Context,
  network: 'water' | 'power' | 'broadband',
  rule: LineNetworkRule,
): StageAssessor {
  const { projection, ruleset } = context
  const universe = buildNetworkUniverse(
    context.linesByNetwork[network],
    projection,
    rule.snapToleranceM,
  )
  const { index } = universe
  const existing = maskParts(universe, (line) => line.properties.status === 'existing')
  const existingIndex = index.withParts(existing)
  return (stage, villageIndexes) => {
    const isActive = (item: {
      properties: { status: FeatureStatus; completion_year?: number | null }
    }) => isActiveAt(item.properties, stage, ruleset.planned, rule.countPlanned)
    const counting = findCountingLines(context, rule, universe, stage)
    const nearestCounting = createNearestFinder(index, counting, villageIndexes.length)
    const areas = context.serviceAreas.filter(
      (area) =>
        area.properties.network === network &&
        rule.serviceAreaKinds.includes(area.properties.kind) &&
        isActive(area),
    )
    const areaIndex = PolygonIndex.build(areas.map((area) => area.geometry))
    const cells = rule.countCellSites
      ? context.facilities.filter(
          (facility) =>
            facility.properties.kind === 'cell-site' &&
            isActive(facility) &&
            typeof facility.properties.radius_m === 'number' &&
            facility.properties.radius_m > 0,
        )
      : []
    const cellIndex = buildFacilityIndex(cells, projection)
    const maxRadius = cells.reduce((max, cell) => Math.max(max, cell.properties.radius_m ?? 0), 0)
    const detailed = stage === 'existing'

    const findings: Findings = new Array(context.villages.length)
    for (const villageIndex of villageIndexes) {
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      const hit = nearestCounting(lng, lat)
      const finding = findingOfNearest(universe, hit, rule.maxDistanceM)
      if (!finding.covered && areas.length > 0) {
        const area = areas[areaIndex.containing(lng, lat)[0] ?? -1]
        if (area) {
          finding.covered = true
          finding.coveredBy = {
            kind: 'service-area',
            id: area.properties.id,
            name: area.properties.name ?? null,
          }
        }
      }
      if (!finding.covered && cells.length > 0) {
        for (const candidate of cellIndex.candidatesWithin(lng, lat, maxRadius)) {
          const cell = cells[candidate]
          if (!cell) continue
          const radiusM = cell.properties.radius_m ?? 0
          if (roundMetres(geodesicDistanceM([lng, lat], cell.geometry.coordinates)) <= radiusM) {
            finding.covered = true
            finding.coveredBy = {
              kind: 'cell-site',
              id: cell.properties.id,
              name: cell.properties.name ?? null,
              radiusM,
            }
            break
          }
        }
      }
      if (detailed && !finding.covered) {
        const near = existingIndex.nearest(lng, lat)
        const nearLine = near
          ? universe.features[universe.partFeature[near.featureIndex] ?? 0]
          : undefined
        if (
          near &&
          nearLine &&
          counting[near.featureIndex] !== 1 &&
          (finding.distanceM === null || near.distanceM < finding.distanceM - 0.5)
        ) {
          const props = nearLine.properties
          const classOk = rule.classes.length === 0 || rule.classes.includes(props.class)
          const why: Words | null = !classOk
            ? null
            : !qualifiesLine(rule, nearLine)
              ? {
                  en: `does not count: ${props.voltage_kv ?? 'unknown'} kV is below ${rule.minVoltageKv} kV`,
                  zh: `不计入：电压 ${props.voltage_kv ?? '不明'} 千伏低于 ${rule.minVoltageKv} 千伏`,
                }
              : {
                  en: `is not connected to ${withArticle(rule.sourceKinds.map((k) => facilityWords(k).en).join(' or '))}`,
                  zh: `未连通${rule.sourceKinds.map((k) => facilityWords(k).zh).join('或')}`,
                }
          finding.blocker = {
            id: props.id,
            name: props.name ?? null,
            distanceM: roundMetres(near.distanceM),
            words: lineClassWords(props.class, network),
            why,
          }
        }
      }
      findings[villageIndex] = finding
    }
    return findings
  }
}

// ---------------------------------------------------------------- wording

const countingWordsCache = new WeakMap<RuleSet, Map<CoverageNetwork, Words>>()

function describeCounting(ruleset: RuleSet, network: CoverageNetwork): Words {
  let cache = countingWordsCache.get(ruleset)
  if (!cache) {
    cache = new Map()
    countingWordsCache.set(ruleset, cache)
  }
  const known = cache.get(network)
  if (known) return known
  const words = describeCountingUncached(ruleset, network)
  cache.set(network, words)
  return words
}

function describeCountingUncached(ruleset: RuleSet, network: CoverageNetwork): Words {
  switch (network) {
    case 'road': {
      const rule = ruleset.road
      if (!rule) return { en: 'road', zh: '道路' }
      const kind = roadKindWords(rule)
      const connection = roadConnectionWords(rule)
      return connection
        ? { en: `${kind.en} ${connection.en}`, zh: `${connection.zh}的${kind.zh}` }
        : kind
    }
    case 'bus':
      return { en: 'bus stop', zh: '公交站' }
    default: {
      const rule = ruleset[network]
      return rule ? lineKindWords(rule, network) : { en: network, zh: network }
    }
  }
}

function limitOf(ruleset: RuleSet, network: CoverageNetwork): number {
  if (network === 'bus') return ruleset.bus?.maxNetworkDistanceM ?? 0
  return ruleset[network]?.maxDistanceM ?? 0
}

/**
 * Feature labels ("name (id)") for one assessment. A road, line or stop is the nearest feature of
 * many villages; building its label once keeps 250k reasons from each allocating their own copy.
 */
class LabelCache {
  private readonly known = new Map<string, { name: string | null; words: Words }>()

  of(id: string, name: string | null): Words {
    const known = this.known.get(id)
    if (known && known.name === name) return known.words
    const words = { en: featureLabel(id, name), zh: featureLabelZh(id, name) }
    this.known.set(id, { name, words })
    return words
  }
}

function explain(
  ruleset: RuleSet,
  network: CoverageNetwork,
  finding: Finding,
  labels: LabelCache,
): Words {
  const counting = describeCounting(ruleset, network)
  const limit = formatDistance(limitOf(ruleset, network))
  const nearest = finding.nearestId ? labels.of(finding.nearestId, finding.nearestName) : null
  const label = nearest?.en ?? ''
  const labelZh = nearest?.zh ?? ''
  if (network === 'bus') {
    const rule = ruleset.bus
    if (finding.distanceM === null) return { en: 'No bus stop in the data', zh: '数据中没有公交站' }
    const straight = formatDistance(finding.distanceM)
    if (finding.networkDistanceM === null) {
      return {
        en: `No bus stop reachable along the road network; nearest stop ${label} ${straight.en} in a straight line`,
        zh: `沿路网无法到达公交站；最近的公交站 ${labelZh} 直线 ${straight.zh}`,
      }
    }
    const along = formatDistance(finding.networkDistanceM)
    if (finding.covered) {
      return {
        en: `Bus stop ${along.en} along the road network (limit ${limit.en}); nearest stop ${label} ${straight.en} in a straight line`,
        zh: `沿路网 ${along.zh} 有公交站（标准 ${limit.zh} 以内）；最近的公交站 ${labelZh} 直线 ${straight.zh}`,
      }
    }
    const straightLimit =
      rule?.maxStraightDistanceM !== null && rule?.maxStraightDistanceM !== undefined
        ? formatDistance(rule.maxStraightDistanceM)
        : null
    return {
      en: `Nearest bus stop ${along.en} along the road network (limit ${limit.en}); ${label} is ${straight.en} in a straight line${straightLimit ? ` (limit ${straightLimit.en})` : ''}`,
      zh: `沿路网最近的公交站 ${along.zh}（标准 ${limit.zh}）；${labelZh} 直线 ${straight.zh}${straightLimit ? `（标准 ${straightLimit.zh}）` : ''}`,
    }
  }
  if (finding.coveredBy?.kind === 'service-area') {
    const { en: area, zh: areaZh } = labels.of(finding.coveredBy.id, finding.coveredBy.name)
    return network === 'water'
      ? { en: `Inside water-supply area ${area}`, zh: `位于供水范围 ${areaZh} 内` }
      : { en: `Inside service area ${area}`, zh: `位于服务范围 ${areaZh} 内` }
  }
  if (finding.coveredBy?.kind === 'cell-site') {
    const radius = formatDistance(finding.coveredBy.radiusM ?? 0)
    return {
      en: `Within the coverage of cell site ${featureLabel(finding.coveredBy.id, finding.coveredBy.name)} (radius ${radius.en})`,
      zh: `在基站 ${featureLabelZh(finding.coveredBy.id, finding.coveredBy.name)} 覆盖范围内（半径 ${radius.zh}）`,
    }
  }
  if (finding.distanceM === null) {
    return { en: `No ${counting.en} in the data`, zh: `数据中没有${counting.zh}` }
  }
  const distance = formatDistance(finding.distanceM)
  let words: Words = finding.covered
    ? {
        en: `${capitalised(counting.en)} ${label} at ${distance.en} (limit ${limit.en})`,
        zh: `${counting.zh} ${labelZh} 距 ${distance.zh}（标准 ${limit.zh} 以内）`,
      }
    : {
        en: `Nearest ${counting.en} ${distance.en} (${label}; limit ${limit.en})`,
        zh: `最近的${counting.zh} ${distance.zh}（${labelZh}；标准 ${limit.zh}）`,
      }
  if (network === 'road' && finding.networkDistanceM !== null && !finding.covered) {
    const along = formatDistance(finding.networkDistanceM)
    words = {
      en: `${words.en}, ${along.en} along existing roads`,
      zh: `${words.zh}，沿现有道路 ${along.zh}`,
    }
  }
  if (finding.blocker) {
    const at = formatDistance(finding.blocker.distanceM)
    const { en: blocker, zh: blockerZh } = labels.of(finding.blocker.id, finding.blocker.name)
    const why = finding.blocker.why ?? { en: 'does not count', zh: '不计入' }
    words = {
      en: `${words.en}; the ${finding.blocker.words.en} ${blocker} at ${at.en} ${why.en}`,
      zh: `${words.zh}；${at.zh}处的${finding.blocker.words.zh} ${blockerZh} ${why.zh}`,
    }
  }
  return words
}

function withArticle(text: string): string {
  return `${/^[aeiouAEIO]/.test(text) ? 'an' : 'a'} ${text}`
}

const capitalisedTexts = new Map<string, string>()

/** `text` with a capital first letter (rule-set wording: few distinct texts, cached). */
function capitalised(text: string): string {
  let result = capitalisedTexts.get(text)
  if (result === undefined) {
    result = text.charAt(0).toUpperCase() + text.slice(1)
    if (capitalisedTexts.size < 1000) capitalisedTexts.set(text, result)
  }
  return result
}

// ---------------------------------------------------------------- composition

const notAssessedWords = new WeakMap<RuleSet, Words>()

function notAssessed(ruleset: RuleSet): NetworkCoverage {
  let words = notAssessedWords.get(ruleset)
  if (!words) {
    words = {
      en: `Not assessed by rule set ${ruleset.id} (v${ruleset.version})`,
      zh: `规则集 ${ruleset.nameZh}（${ruleset.id} v${ruleset.version}）不评估此项`,
    }
    notAssessedWords.set(ruleset, words)
  }
  return {
    status: 'not-assessed',
    completionYear: null,
    distanceM: null,
    networkDistanceM: null,
    nearestId: null,
    reason: words.en,
    reasonZh: words.zh,
    gapLengthM: null,
    costToClose: null,
  }
}

function gapCost(
  ruleset: RuleSet,
  network: CoverageNetwork,
  finding: Finding,
  terrain: TerrainClass,
): { gapLengthM: number | null; costToClose: number | null } {
  const costs = ruleset.costs
  if (network === 'bus') return { gapLengthM: null, costToClose: roundYuan(costs.busPerVillage) }
  if (finding.distanceM === null) return { gapLengthM: null, costToClose: null }
  const straight =
    costs.gapLength === 'to-feature'
      ? finding.distanceM
      : Math.max(0, finding.distanceM - limitOf(ruleset, network))
  const built = roundMetres(builtLengthM(straight, terrain, costs))
  return { gapLengthM: built, costToClose: roundYuan(buildCost(built, network, terrain, costs)) }
}

function composeNetwork(
  ruleset: RuleSet,
  network: CoverageNetwork,
  today: Finding,
  planned: { stage: Stage; finding: Finding } | null,
  terrain: TerrainClass,
  labels: LabelCache,
): NetworkCoverage {
  const reason = explain(ruleset, network, today, labels)
  const base = {
    distanceM: today.distanceM,
    networkDistanceM: today.networkDistanceM,
    nearestId: today.nearestId,
  }
  if (today.covered) {
    return {
      status: 'covered',
      completionYear: null,
      ...base,
      reason: reason.en,
      reasonZh: reason.zh,
      gapLengthM: 0,
      costToClose: 0,
    }
  }
  if (planned) {
    const year = typeof planned.stage === 'number' ? planned.stage : null
    const found = planned.finding
    const what =
      found.coveredBy?.kind === 'service-area'
        ? {
            en: `planned service area ${found.coveredBy.id}`,
            zh: `规划服务范围 ${found.coveredBy.id}`,
          }
        : found.coveredBy?.kind === 'cell-site'
          ? { en: `planned cell site ${found.coveredBy.id}`, zh: `规划基站 ${found.coveredBy.id}` }
          : network === 'bus'
            ? {
                en: `planned bus stop ${found.nearestId ?? ''} ${found.networkDistanceM !== null ? formatDistance(found.networkDistanceM).en : ''} along the road network`,
                zh: `沿路网 ${found.networkDistanceM !== null ? formatDistance(found.networkDistanceM).zh : ''} 的规划公交站 ${found.nearestId ?? ''}`,
              }
            : {
                en: `planned ${describeCounting(ruleset, network).en} ${found.nearestId ?? ''} at ${formatDistance(found.distanceM ?? 0).en}`,
                zh: `${formatDistance(found.distanceM ?? 0).zh}处的规划${describeCounting(ruleset, network).zh} ${found.nearestId ?? ''}`,
              }
    const when =
      year !== null
        ? { en: `completes in ${year}`, zh: `预计 ${year} 年建成` }
        : { en: 'completion year unknown', zh: '建成年份不明' }
    return {
      status: 'covered-when-planned',
      completionYear: year,
      ...base,
      nearestId: found.nearestId ?? base.nearestId,
      reason: `Gap today: ${reason.en}. Covered when the ${what.en} ${when.en}`,
      reasonZh: `目前未覆盖：${reason.zh}。${what.zh}${when.zh}后覆盖`,
      gapLengthM: 0,
      costToClose: 0,
    }
  }
  const cost = gapCost(ruleset, network, today, terrain)
  return {
    status: 'gap',
    completionYear: null,
    ...base,
    reason: reason.en,
    reasonZh: reason.zh,
    ...cost,
  }
}

function emptyNetworkSummary(): NetworkSummary {
  return {
    covered: 0,
    gap: 0,
    coveredWhenPlanned: 0,
    notAssessed: 0,
    coveredPct: null,
    costToClose: 0,
  }
}

/** Percent with one decimal, null when the denominator is 0. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null
}

/** Summary over village results (also used by roll-ups). */
export function summariseCoverage(villages: readonly VillageCoverage[]): CoverageSummary {
  const networks = Object.fromEntries(
    COVERAGE_NETWORKS.map((n) => [n, emptyNetworkSummary()]),
  ) as Record<CoverageNetwork, NetworkSummary>
  let fullyCovered = 0
  let costToClose = 0
  for (const village of villages) {
    if (village.fullyCovered) fullyCovered++
    for (const network of COVERAGE_NETWORKS) {
      const result = village.coverage[network]
      const summary = networks[network]
      if (result.status === 'covered') summary.covered++
      else if (result.status === 'gap') summary.gap++
      else if (result.status === 'covered-when-planned') summary.coveredWhenPlanned++
      else summary.notAssessed++
      if (result.status === 'gap' && result.costToClose !== null) {
        summary.costToClose += result.costToClose
        costToClose += result.costToClose
      }
    }
  }
  for (const network of COVERAGE_NETWORKS) {
    const summary = networks[network]
    summary.coveredPct = percent(summary.covered, villages.length - summary.notAssessed)
  }
  return {
    villages: villages.length,
    fullyCovered,
    fullyCoveredPct: percent(fullyCovered, villages.length) ?? 0,
    costToClose,
    networks,
  }
}

function createContext(region: RegionData, ruleset: RuleSet): Context {
  const villages = [...region.villages].sort((a, b) =>
    a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0,
  )
  const lines = [...region.lines].sort(byId)
  const villageLng = new Float64Array(villages.length)
  const villageLat = new Float64Array(villages.length)
  villages.forEach((village, i) => {
    const [lng, lat] = coordinatesOf(village)
    villageLng[i] = lng
    villageLat[i] = lat
  })
  const latitudes = [...villageLat]
  const meanLat =
    latitudes.length > 0 ? latitudes.reduce((sum, lat) => sum + lat, 0) / latitudes.length : 0
  return {
    ruleset,
    villages,
    villageLng,
    villageLat,
    projection: createLocalProjection(meanLat),
    roads: lines.filter((line) => line.properties.network === 'road'),
    linesByNetwork: {
      water: lines.filter((line) => line.properties.network === 'water'),
      power: lines.filter((line) => line.properties.network === 'power'),
      broadband: lines.filter((line) => line.properties.network === 'broadband'),
    },
    facilities: [...region.facilities].sort(byId),
    serviceAreas: [...region.serviceAreas].sort(byId),
    roadUniverses: new Map(),
  }
}

/** A counting part of a line feature: `part` is the 0-based index in its (Multi)LineString. */
export interface CountingPart {
  id: string
  part: number
}

/**
 * The existing line parts that count for each built network under `ruleset` (class, surface,
 * voltage and connectivity applied), sorted by id then part. For checks and exports: the distances
 * in {@link assessCoverage} are to the nearest of exactly these parts.
 */
export function listCountingParts(
  region: RegionData,
  ruleset: RuleSet,
): Record<'road' | 'water' | 'power' | 'broadband', CountingPart[]> {
  const context = createContext(region, ruleset)
  const collect = (universe: NetworkUniverse, mask: Uint8Array): CountingPart[] => {
    const parts: CountingPart[] = []
    for (let part = 0; part < universe.partCount; part++) {
      if (mask[part] !== 1) continue
      parts.push({
        id: universe.features[universe.partFeature[part] ?? 0]?.properties.id ?? '',
        part: universe.partOrdinal[part] ?? 0,
      })
    }
    return parts
  }
  const lines = (network: 'water' | 'power' | 'broadband'): CountingPart[] => {
    const rule = ruleset[network]
    if (!rule) return []
    const universe = buildNetworkUniverse(
      context.linesByNetwork[network],
      context.projection,
      rule.snapToleranceM,
    )
    return collect(universe, findCountingLines(context, rule, universe, 'existing'))
  }
  let road: CountingPart[] = []
  if (ruleset.road) {
    const universe = roadUniverse(context, ruleset.road.snapToleranceM)
    road = collect(universe, findCountingRoads(context, ruleset.road, universe, 'existing'))
  }
  return { road, water: lines('water'), power: lines('power'), broadband: lines('broadband') }
}

/**
 * Assesses every village of `region` against `ruleset`.
 *
 * Distances are WGS84 geodesic metres with PostGIS geography semantics (see `@tongcun/spatial`),
 * rounded to 0.1 m before comparing with a limit (`distance ≤ limit` is covered). Only existing
 * features decide `covered`; when the village is a gap and the rule counts planned features, the
 * earliest completion year at which existing + planned features would cover it gives
 * `covered-when-planned`. Networks whose rule is null are `not-assessed` and do not count against
 * `fullyCovered`. Pure and deterministic: inputs are not modified, villages come out sorted by code,
 * features are processed in id order.
 *
 * @returns one result per village, sorted by code, with a summary
 */
export function assessCoverage(region: RegionData, ruleset: RuleSet): CoverageResult {
  const context = createContext(region, ruleset)
  const villages = context.villages
  const all = villages.map((_, i) => i)
  const results = new Map<
    CoverageNetwork,
    { today: Findings; planned: ({ stage: Stage; finding: Finding } | undefined)[] }
  >()
  for (const network of COVERAGE_NETWORKS) {
    let assessor: StageAssessor | null = null
    let plannedSources: {
      status: NetworkLineFeature['properties']['status']
      completion_year?: number | null
    }[] = []
    let countPlanned = false
    if (network === 'road' && ruleset.road) {
      assessor = createRoadAssessor(context, ruleset.road)
      plannedSources = context.roads.map((road) => road.properties)
      countPlanned = ruleset.road.countPlanned
    } else if (network === 'bus' && ruleset.bus) {
      assessor = createBusAssessor(context, ruleset.bus)
      plannedSources = context.facilities
        .filter((f) => f.properties.kind === 'bus-stop')
        .map((f) => f.properties)
      countPlanned = ruleset.bus.countPlanned
    } else if (
      (network === 'water' || network === 'power' || network === 'broadband') &&
      ruleset[network]
    ) {
      const rule = ruleset[network] as LineNetworkRule
      assessor = createLineAssessor(context, network, rule)
      plannedSources = [
        ...context.linesByNetwork[network].map((line) => line.properties),
        ...context.facilities
          .filter(
            (f) =>
              rule.sourceKinds.includes(f.properties.kind) ||
              (rule.countCellSites && f.properties.kind === 'cell-site'),
          )
          .map((f) => f.properties),
        ...context.serviceAreas
          .filter((a) => a.properties.network === network)
          .map((a) => a.properties),
      ]
      countPlanned = rule.countPlanned
    }
    if (!assessor) continue
    const today = assessor('existing', all)
    const planned: ({ stage: Stage; finding: Finding } | undefined)[] = new Array(villages.length)
    let remaining = all.filter((i) => !today[i]?.covered)
    for (const stage of listPlannedStages(plannedSources, ruleset.planned, countPlanned)) {
      if (remaining.length === 0) break
      const findings = assessor(stage, remaining)
      remaining = remaining.filter((i) => {
        const finding = findings[i]
        if (finding?.covered) {
          planned[i] = { stage, finding }
          return false
        }
        return true
      })
    }
    results.set(network, { today, planned })
  }

  const labels = new LabelCache()
  const villageResults: VillageCoverage[] = villages.map((village, i) => {
    const props = village.properties
    const terrain = classifyTerrain(props.slope_deg, ruleset.costs)
    // Filled in COVERAGE_NETWORKS order, which is the key order of the output.
    const coverage = {} as Record<CoverageNetwork, NetworkCoverage>
    let fullyCovered = true
    for (const network of COVERAGE_NETWORKS) {
      const result = results.get(network)
      const today = result?.today[i]
      const networkCoverage =
        !result || !today
          ? notAssessed(ruleset)
          : composeNetwork(ruleset, network, today, result.planned[i] ?? null, terrain, labels)
      coverage[network] = networkCoverage
      if (networkCoverage.status !== 'covered' && networkCoverage.status !== 'not-assessed')
        fullyCovered = false
    }
    const lng = context.villageLng[i] ?? 0
    const lat = context.villageLat[i] ?? 0
    return {
      code: props.code,
      name: props.name,
      township_code: props.township_code,
      county_code: props.county_code,
      population: props.population,
      poor_people: props.poor_people,
      terrain,
      position: [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6],
      coverage,
      fullyCovered,
    }
  })
  return {
    ruleset: {
      id: ruleset.id,
      version: ruleset.version,
      name: ruleset.name,
      nameZh: ruleset.nameZh,
    },
    villages: villageResults,
    summary: summariseCoverage(villageResults),
  }
}
