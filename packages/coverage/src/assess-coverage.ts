/**
 * The coverage engine: per village and network, covered / gap / covered-when-planned, with the
 * distance to the nearest counting feature, along-network distances, reasons and gap costs.
 */
import { COVERAGE_NETWORKS } from '@tongcun/domain'
import type {
  BusRule,
  CoverageNetwork,
  CoverageResult,
  CoverageStatus,
  CoverageSummary,
  FacilityFeature,
  FeatureStatus,
  LineNetworkRule,
  Network,
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
import {
  PolygonIndex,
  TypedArena,
  createLocalProjection,
  createNearestSegment,
  geodesicDistanceM,
} from '@tongcun/spatial'
import type { LocalProjection, NearestSegment, TypedAllocator } from '@tongcun/spatial'
import { buildCost, builtLengthM, classifyTerrain, roundMetres, roundYuan } from './costs'
import { findShortestDistances } from './network-graph'
import type { GraphSource } from './network-graph'
import {
  buildFacilityIndex,
  buildNetworkUniverse,
  countLinePositions,
  findActiveFrom,
  findAnchoredMask,
  isActiveAt,
  listPlannedStages,
  maskActiveParts,
  maskParts,
} from './network-layer'
import type { Lifecycle, NetworkUniverse, Stage } from './network-layer'
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

/**
 * What one network found for one village at one stage, as read back from {@link Findings} to build
 * the reason sentence.
 */
interface Finding {
  covered: boolean
  /** Straight distance to the nearest counting feature, rounded to 0.1 m; null when none. */
  distanceM: number | null
  nearestId: string | null
  nearestName: string | null
  networkDistanceM: number | null
  /** Covered by something other than distance (service area, cell site); null when not. */
  coveredBy: {
    kind: 'service-area' | 'cell-site'
    id: string
    name: string | null
    radiusM?: number
  } | null
  /**
   * The nearest feature of the network that does not count, when it is nearer than the counting
   * one (null when none). `why` null: the class or surface alone does not count ("does not count").
   */
  blocker: {
    id: string
    name: string | null
    distanceM: number
    words: Words
    why: Words | null
  } | null
}

/** {@link Findings.coveredBy} codes. */
export const COVERED_BY_AREA = 1
export const COVERED_BY_CELL = 2

/**
 * What one stage of one network found, by village index, in columns: 50k villages × 5 networks ×
 * several stages as objects kept the young-generation collector busy copying survivors (a third of
 * the run). Reason sentences are built from these columns only when a village is described.
 */
export interface Findings {
  covered: Uint8Array
  /** Straight distance to the nearest counting feature, rounded to 0.1 m; NaN when none. */
  distanceM: Float64Array
  /** Index of the nearest counting feature in the describer's `features`; -1 when none. */
  nearest: Int32Array
  /** Along-network distance (road, bus), rounded to 0.1 m; NaN when none or not applicable. */
  networkDistanceM: Float64Array
  /** Covered by something other than distance: {@link COVERED_BY_AREA} or {@link COVERED_BY_CELL}. */
  coveredBy: Uint8Array
  /** Index in `context.serviceAreas` or `context.facilities` of what covers the village. */
  coveredByIndex: Int32Array
  /**
   * Only for today's stage: the nearest feature of the network that does not count, when it is
   * nearer than the counting one (index in the describer's `features`; -1 when none).
   */
  blocker: Int32Array | null
  blockerDistanceM: Float64Array | null
}

function createFindings(count: number, withBlockers: boolean, allocate: TypedAllocator): Findings {
  return {
    covered: allocate.uint8(count),
    distanceM: allocate.float64(count).fill(NaN),
    nearest: allocate.int32(count).fill(-1),
    networkDistanceM: allocate.float64(count).fill(NaN),
    coveredBy: allocate.uint8(count),
    coveredByIndex: allocate.int32(count).fill(-1),
    blocker: withBlockers ? allocate.int32(count).fill(-1) : null,
    blockerDistanceM: withBlockers ? allocate.float64(count).fill(NaN) : null,
  }
}

/** Writes the straight-distance finding for `hit` (the nearest counting part; null: none) to row `i`. */
function writeNearest(
  out: Findings,
  i: number,
  universe: NetworkUniverse,
  hit: NearestSegment | null,
  maxDistanceM: number,
): void {
  const distanceM = hit ? roundMetres(hit.distanceM) : NaN
  out.covered[i] = distanceM <= maxDistanceM ? 1 : 0
  out.distanceM[i] = distanceM
  out.nearest[i] = hit ? (universe.partFeature[hit.featureIndex] ?? -1) : -1
  out.networkDistanceM[i] = NaN
  out.coveredBy[i] = 0
  out.coveredByIndex[i] = -1
  if (out.blocker) out.blocker[i] = -1
  if (out.blockerDistanceM) out.blockerDistanceM[i] = NaN
}

interface Context {
  ruleset: RuleSet
  villages: VillageFeature[]
  /** Every line, sorted by id. */
  lines: NetworkLineFeature[]
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
  /** Per road and line rule, what its masks need at every stage (see {@link rulePartsOf}). */
  ruleParts: Map<RoadRule | LineNetworkRule, RuleParts>
  /** Typed arrays of this run (indexes, graphs, masks, columns): one arena, see TypedArena. */
  allocate: TypedAllocator
}

/** Assesses the villages `villageIndexes` at `stage`, writing their rows of `out`. */
type StageAssessor = (stage: Stage, villageIndexes: ArrayLike<number>, out: Findings) => void

/** One network's assessor: fills {@link Findings} (indexes, graphs; no wording). */
interface NetworkAssessor {
  assess: StageAssessor
}

/**
 * What one network's findings refer to, for the reasons: built from the sorted features alone (no
 * index or graph), so findings computed elsewhere (a worker thread) can be described here.
 */
interface NetworkDescriber {
  /** The features `Findings.nearest` and `Findings.blocker` index. */
  features: readonly { properties: { id: string; name?: string | null } }[]
  /** Words for a blocker: what it is and why it does not count (null: class or surface alone). */
  describeBlocker(featureIndex: number): { words: Words; why: Words | null }
}

const byId = <T extends { properties: { id: string } }>(a: T, b: T) =>
  a.properties.id < b.properties.id ? -1 : a.properties.id > b.properties.id ? 1 : 0

function coordinatesOf(village: VillageFeature): [number, number] {
  const [lng, lat] = village.geometry.coordinates
  return [lng ?? 0, lat ?? 0]
}

function roadUniverse(context: Context, snapToleranceM: number): NetworkUniverse {
  let universe = context.roadUniverses.get(snapToleranceM)
  if (!universe) {
    universe = buildNetworkUniverse(
      context.roads,
      context.projection,
      snapToleranceM,
      context.allocate,
    )
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

/**
 * What a rule's per-stage masks need that is the same at every stage, read off the features once
 * per run (the masks of each stage are then typed-array loops, where each read every feature's
 * properties again).
 */
interface RuleParts {
  universe: NetworkUniverse
  /** Parts whose feature qualifies (class and surface, or class and voltage), at any stage. */
  qualifying: Uint8Array
  /** Per part, the stage from which it exists under the rule ({@link findActiveFrom}). */
  activeFrom: Float64Array
  /** Roads: the parts of the classes the rule requires a connection to; else null. */
  anchorParts: Uint8Array | null
  /** Lines: the facilities of the rule's source kinds (any status), in id order; else empty. */
  sources: FacilityFeature[]
}

function rulePartsOf(
  context: Context,
  rule: RoadRule | LineNetworkRule,
  universe: NetworkUniverse,
  read: () => Omit<RuleParts, 'universe' | 'activeFrom'>,
): RuleParts {
  const known = context.ruleParts.get(rule)
  if (known?.universe === universe) return known
  const parts: RuleParts = {
    universe,
    activeFrom: findActiveFrom(
      universe,
      context.ruleset.planned,
      rule.countPlanned,
      context.allocate,
    ),
    ...read(),
  }
  context.ruleParts.set(rule, parts)
  return parts
}

/** Mask of the road parts that count at `stage` (class, surface, exists, connected to the anchors). */
function findCountingRoads(
  context: Context,
  rule: RoadRule,
  universe: NetworkUniverse,
  stage: Stage,
): Uint8Array {
  const { qualifying, activeFrom, anchorParts } = rulePartsOf(context, rule, universe, () => ({
    qualifying: maskParts(universe, (road) => isRoadQualifying(rule, road), context.allocate),
    anchorParts:
      rule.requireConnectedTo.length === 0
        ? null
        : maskParts(
            universe,
            (road) =>
              rule.requireConnectedTo.includes(
                road.properties.class as RoadRule['classes'][number],
              ),
            context.allocate,
          ),
    sources: [],
  }))
  const usable = maskActiveParts(qualifying, activeFrom, stage, context.allocate)
  if (!anchorParts) return usable
  return findAnchoredMask(
    universe,
    usable,
    { anchorParts, snapToleranceM: rule.snapToleranceM },
    context.allocate,
  )
}

/** Mask of the line parts that count at `stage` (class, voltage, exists, connected to a source). */
function findCountingLines(
  context: Context,
  rule: LineNetworkRule,
  universe: NetworkUniverse,
  stage: Stage,
): Uint8Array {
  const { planned } = context.ruleset
  const { qualifying, activeFrom, sources } = rulePartsOf(context, rule, universe, () => ({
    qualifying: maskParts(universe, (line) => qualifiesLine(rule, line), context.allocate),
    anchorParts: null,
    sources: context.facilities.filter((facility) =>
      rule.sourceKinds.includes(facility.properties.kind),
    ),
  }))
  const usable = maskActiveParts(qualifying, activeFrom, stage, context.allocate)
  if (rule.sourceKinds.length === 0) return usable
  const anchors = sources.filter((facility) =>
    isActiveAt(facility.properties, stage, planned, rule.countPlanned),
  )
  return findAnchoredMask(
    universe,
    usable,
    { anchorFacilities: anchors, snapToleranceM: rule.snapToleranceM },
    context.allocate,
  )
}

// ---------------------------------------------------------------- road

function createRoadAssessor(context: Context, rule: RoadRule): NetworkAssessor {
  const universe = roadUniverse(context, rule.snapToleranceM)
  const { index, graph } = universe
  const countingWithinAccess = !rule.classes.includes('expressway')
  const assess: StageAssessor = (stage, villageIndexes, out) => {
    const counting = findCountingRoads(context, rule, universe, stage)
    // Today only: along-network distance over every accessible existing road, and what does not count.
    const detailed = stage === 'existing'
    let access: Uint8Array | null = null
    let networkDistances: Float64Array | null = null
    if (detailed) {
      access = maskParts(
        universe,
        (road) => road.properties.status === 'existing' && road.properties.class !== 'expressway',
        context.allocate,
      )
      // Every node of a counting road is a source at distance 0 (each node once).
      const sources: GraphSource[] = []
      const isSource = context.allocate.uint8(graph.nodeCount)
      for (let segment = 0; segment < index.size; segment++) {
        if (counting[index.segmentFeature(segment)] !== 1) continue
        for (const node of [graph.edgeFrom[segment] ?? 0, graph.edgeTo[segment] ?? 0]) {
          if (isSource[node] === 1) continue
          isSource[node] = 1
          sources.push({ node, distanceM: 0, label: 0 })
        }
      }
      networkDistances = findShortestDistances(
        graph,
        sources,
        access,
        undefined,
        context.allocate,
      ).distanceM
    }
    // Nearest lookups among the accessible and among the counting parts.
    // Two reused results: no object per query.
    const nearBuffer = createNearestSegment()
    const hitBuffer = createNearestSegment()
    // A planned stage only asks whether a counting road is within the limit (the finding is read
    // only for villages it covers): the search stops there.
    const within = detailed ? Infinity : rule.maxDistanceM
    for (let k = 0; k < villageIndexes.length; k++) {
      const villageIndex = villageIndexes[k] ?? 0
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      // Counting roads are a subset of the accessible ones: when the nearest accessible road counts,
      // it is also the nearest counting road.
      const near = access ? index.nearest(lng, lat, access, nearBuffer) : null
      const hit =
        near && countingWithinAccess && counting[near.featureIndex] === 1
          ? near
          : index.nearest(lng, lat, counting, hitBuffer, within)
      writeNearest(out, villageIndex, universe, hit, rule.maxDistanceM)
      if (!near || !networkDistances) continue
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
      if (Number.isFinite(along))
        out.networkDistanceM[villageIndex] = roundMetres(near.distanceM + along)
      const distanceM = out.distanceM[villageIndex] ?? NaN
      if (
        out.blocker &&
        out.blockerDistanceM &&
        counting[part] !== 1 &&
        (Number.isNaN(distanceM) || near.distanceM < distanceM - 0.5)
      ) {
        out.blocker[villageIndex] = universe.partFeature[part] ?? -1
        out.blockerDistanceM[villageIndex] = roundMetres(near.distanceM)
      }
    }
  }
  return { assess }
}

function createRoadDescriber(context: Context, rule: RoadRule): NetworkDescriber {
  // Rule wording, the same for every blocker.
  const connection = roadConnectionWords(rule)
  return {
    features: context.roads,
    describeBlocker(featureIndex) {
      const road = context.roads[featureIndex]
      if (!road) return { words: { en: '', zh: '' }, why: null }
      const props = road.properties
      const classOk = rule.classes.includes(props.class as RoadRule['classes'][number])
      const why: Words | null = isRoadQualifying(rule, road)
        ? { en: `is not ${connection?.en ?? 'connected'}`, zh: `未${connection?.zh ?? '连通'}` }
        : null
      const surface = surfaceWords(props.surface)
      const cls = roadClassWords(props.class)
      return {
        words: !classOk
          ? cls
          : why
            ? { en: `${cls.en} (${surface.en})`, zh: `${cls.zh}（${surface.zh}）` }
            : surface,
        why,
      }
    },
  }
}

// ---------------------------------------------------------------- bus

function createBusAssessor(context: Context, rule: BusRule): NetworkAssessor {
  const { projection, ruleset } = context
  const universe = roadUniverse(context, rule.snapToleranceM)
  const { index, graph } = universe
  const usable = maskParts(
    universe,
    (road) =>
      road.properties.status === 'existing' &&
      rule.roadClasses.includes(road.properties.class as BusRule['roadClasses'][number]),
    context.allocate,
  )
  const usableIndex = index.withParts(usable)
  const allStops = busStopsOf(context)
  // Each stop's access point on the usable roads (segment -1: none), computed once for every
  // stage, and the stops by access segment (compressed lists).
  const stopCount = allStops.length
  const stopSegment = context.allocate.int32(stopCount).fill(-1)
  const stopFraction = context.allocate.float64(stopCount)
  const stopOffsetM = context.allocate.float64(stopCount)
  const segmentStops = context.allocate.int32(index.size + 1)
  allStops.forEach((stop, i) => {
    const [lng, lat] = stop.geometry.coordinates
    const near = usableIndex.nearest(lng ?? 0, lat ?? 0)
    if (!near) return
    stopSegment[i] = near.segment
    stopFraction[i] = near.fraction
    stopOffsetM[i] = near.distanceM
    segmentStops[near.segment + 1] = (segmentStops[near.segment + 1] ?? 0) + 1
  })
  for (let segment = 0; segment < index.size; segment++)
    segmentStops[segment + 1] = (segmentStops[segment + 1] ?? 0) + (segmentStops[segment] ?? 0)
  const stopsBySegment = context.allocate.int32(segmentStops[index.size] ?? 0)
  const fill = segmentStops.slice(0, index.size)
  for (let i = 0; i < stopCount; i++) {
    const segment = stopSegment[i] ?? -1
    if (segment < 0) continue
    const slot = fill[segment] ?? 0
    stopsBySegment[slot] = i
    fill[segment] = slot + 1
  }
  // Each village's access point on the usable roads, the same at every stage: found once
  // (segment -1: none; -2: not looked up yet).
  const villageCount = context.villages.length
  const accessSegment = context.allocate.int32(villageCount).fill(-2)
  const accessFraction = context.allocate.float64(villageCount)
  const accessDistanceM = context.allocate.float64(villageCount)
  // Stages come in order with growing stop sets: each Dijkstra starts from the previous one.
  let previous: {
    active: Uint8Array
    distances: { distanceM: Float64Array; label: Int32Array }
  } | null = null
  // One index over every stop; a stage searches the stops active then through a mask.
  const stopIndex = buildFacilityIndex(allStops, projection, context.allocate)
  // Two reused results: no object per query.
  const hitBuffer = createNearestSegment()
  const nearBuffer = createNearestSegment()
  const assess: StageAssessor = (stage, villageIndexes, out) => {
    const active = context.allocate.uint8(stopCount)
    let anyActive = false
    allStops.forEach((stop, i) => {
      if (!isActiveAt(stop.properties, stage, ruleset.planned, rule.countPlanned)) return
      active[i] = 1
      anyActive = true
    })
    const was = previous?.active
    const monotone = was !== undefined && was.every((on, i) => on !== 1 || active[i] === 1)
    const sources: GraphSource[] = []
    for (let i = 0; i < stopCount; i++) {
      const segment = stopSegment[i] ?? -1
      // The label is the stop's index in `allStops`, stable across stages.
      if (active[i] !== 1 || segment < 0 || (monotone && was?.[i] === 1)) continue
      const length = index.segmentLengthM(segment)
      const offsetM = stopOffsetM[i] ?? 0
      const fraction = stopFraction[i] ?? 0
      sources.push({
        node: graph.edgeFrom[segment] ?? 0,
        distanceM: offsetM + fraction * length,
        label: i,
      })
      sources.push({
        node: graph.edgeTo[segment] ?? 0,
        distanceM: offsetM + (1 - fraction) * length,
        label: i,
      })
    }
    const distances = findShortestDistances(
      graph,
      sources,
      usable,
      monotone ? previous?.distances : undefined,
      context.allocate,
    )
    previous = { active, distances }
    const nodeDistance = distances.distanceM
    for (let k = 0; k < villageIndexes.length; k++) {
      const villageIndex = villageIndexes[k] ?? 0
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      const hit = anyActive ? stopIndex.nearest(lng, lat, active, hitBuffer) : null
      const distanceM = hit ? roundMetres(hit.distanceM) : NaN
      let networkDistanceM = NaN
      if (anyActive && accessSegment[villageIndex] === -2) {
        const near = usableIndex.nearest(lng, lat, undefined, nearBuffer)
        accessSegment[villageIndex] = near ? near.segment : -1
        accessFraction[villageIndex] = near ? near.fraction : 0
        accessDistanceM[villageIndex] = near ? near.distanceM : 0
      }
      const segment = accessSegment[villageIndex] ?? -1
      if (segment >= 0) {
        const fraction = accessFraction[villageIndex] ?? 0
        const length = index.segmentLengthM(segment)
        let along = Math.min(
          (nodeDistance[graph.edgeFrom[segment] ?? 0] ?? Infinity) + fraction * length,
          (nodeDistance[graph.edgeTo[segment] ?? 0] ?? Infinity) + (1 - fraction) * length,
        )
        // A stop on the village's own access segment: along the segment, not through its ends.
        for (let e = segmentStops[segment] ?? 0; e < (segmentStops[segment + 1] ?? 0); e++) {
          const stop = stopsBySegment[e] ?? 0
          if (active[stop] !== 1) continue
          along = Math.min(
            along,
            Math.abs((stopFraction[stop] ?? 0) - fraction) * length + (stopOffsetM[stop] ?? 0),
          )
        }
        if (Number.isFinite(along))
          networkDistanceM = roundMetres((accessDistanceM[villageIndex] ?? 0) + along)
      }
      out.covered[villageIndex] =
        networkDistanceM <= rule.maxNetworkDistanceM &&
        (rule.maxStraightDistanceM === null || distanceM <= rule.maxStraightDistanceM)
          ? 1
          : 0
      out.distanceM[villageIndex] = distanceM
      out.nearest[villageIndex] = hit ? hit.featureIndex : -1
      out.networkDistanceM[villageIndex] = networkDistanceM
      out.coveredBy[villageIndex] = 0
      out.coveredByIndex[villageIndex] = -1
    }
  }
  return { assess }
}

function busStopsOf(context: Context): FacilityFeature[] {
  return context.facilities.filter((facility) => facility.properties.kind === 'bus-stop')
}

function createBusDescriber(context: Context): NetworkDescriber {
  return {
    features: busStopsOf(context),
    describeBlocker: () => ({ words: { en: '', zh: '' }, why: null }),
  }
}

// ---------------------------------------------------------------- water, power, broadband

function createLineAssessor(
  context: Context,
  network: 'water' | 'power' | 'broadband',
  rule: LineNetworkRule,
): NetworkAssessor {
  const { projection, ruleset } = context
  const universe = buildNetworkUniverse(
    context.linesByNetwork[network],
    projection,
    rule.snapToleranceM,
    context.allocate,
  )
  const { index } = universe
  const existing = maskParts(
    universe,
    (line) => line.properties.status === 'existing',
    context.allocate,
  )
  const existingIndex = index.withParts(existing)
  // Service areas and cell sites that may count, by their index in the context (what
  // `coveredByIndex` holds), indexed once; a stage masks those active then.
  const areaNumbers: number[] = []
  context.serviceAreas.forEach((area, i) => {
    if (area.properties.network === network && rule.serviceAreaKinds.includes(area.properties.kind))
      areaNumbers.push(i)
  })
  const areaIndex = PolygonIndex.build(
    areaNumbers.map((i) => (context.serviceAreas[i] as ServiceAreaFeature).geometry),
  )
  const cellNumbers: number[] = []
  if (rule.countCellSites) {
    context.facilities.forEach((facility, i) => {
      if (
        facility.properties.kind === 'cell-site' &&
        typeof facility.properties.radius_m === 'number' &&
        facility.properties.radius_m > 0
      )
        cellNumbers.push(i)
    })
  }
  const cells = cellNumbers.map((i) => context.facilities[i] as FacilityFeature)
  const cellIndex = buildFacilityIndex(cells, projection, context.allocate)
  const assess: StageAssessor = (stage, villageIndexes, out) => {
    const isActive = (item: {
      properties: { status: FeatureStatus; completion_year?: number | null }
    }) => isActiveAt(item.properties, stage, ruleset.planned, rule.countPlanned)
    const counting = findCountingLines(context, rule, universe, stage)
    const hitBuffer = createNearestSegment()
    const nearBuffer = createNearestSegment()
    // The areas and cell sites active at this stage.
    const areaActive = Uint8Array.from(areaNumbers, (i) =>
      isActive(context.serviceAreas[i] as ServiceAreaFeature) ? 1 : 0,
    )
    const anyArea = areaActive.includes(1)
    const cellActive = Uint8Array.from(cellNumbers, (i) =>
      isActive(context.facilities[i] as FacilityFeature) ? 1 : 0,
    )
    const activeCells = cellIndex.withParts(cellActive)
    let maxRadius = 0
    cellActive.forEach((isOn, c) => {
      if (isOn === 1) maxRadius = Math.max(maxRadius, cells[c]?.properties.radius_m ?? 0)
    })
    const detailed = stage === 'existing'

    for (let k = 0; k < villageIndexes.length; k++) {
      const villageIndex = villageIndexes[k] ?? 0
      const lng = context.villageLng[villageIndex] ?? 0
      const lat = context.villageLat[villageIndex] ?? 0
      // At a planned stage only "within the limit?" matters (see the road assessor).
      const hit = index.nearest(
        lng,
        lat,
        counting,
        hitBuffer,
        detailed ? Infinity : rule.maxDistanceM,
      )
      writeNearest(out, villageIndex, universe, hit, rule.maxDistanceM)
      if (out.covered[villageIndex] !== 1 && anyArea) {
        const area = areaIndex.containing(lng, lat).find((a) => areaActive[a] === 1)
        if (area !== undefined) {
          out.covered[villageIndex] = 1
          out.coveredBy[villageIndex] = COVERED_BY_AREA
          out.coveredByIndex[villageIndex] = areaNumbers[area] ?? -1
        }
      }
      if (out.covered[villageIndex] !== 1 && maxRadius > 0) {
        for (const candidate of activeCells.candidatesWithin(lng, lat, maxRadius)) {
          const cell = cells[candidate]
          if (!cell) continue
          const radiusM = cell.properties.radius_m ?? 0
          if (roundMetres(geodesicDistanceM([lng, lat], cell.geometry.coordinates)) <= radiusM) {
            out.covered[villageIndex] = 1
            out.coveredBy[villageIndex] = COVERED_BY_CELL
            out.coveredByIndex[villageIndex] = cellNumbers[candidate] ?? -1
            break
          }
        }
      }
      if (!detailed || out.covered[villageIndex] === 1 || !out.blocker || !out.blockerDistanceM)
        continue
      const near = existingIndex.nearest(lng, lat, undefined, nearBuffer)
      const distanceM = out.distanceM[villageIndex] ?? NaN
      if (
        near &&
        counting[near.featureIndex] !== 1 &&
        (Number.isNaN(distanceM) || near.distanceM < distanceM - 0.5)
      ) {
        out.blocker[villageIndex] = universe.partFeature[near.featureIndex] ?? -1
        out.blockerDistanceM[villageIndex] = roundMetres(near.distanceM)
      }
    }
  }
  return { assess }
}

function createLineDescriber(
  context: Context,
  network: 'water' | 'power' | 'broadband',
  rule: LineNetworkRule,
): NetworkDescriber {
  const features = context.linesByNetwork[network]
  return {
    features,
    describeBlocker(featureIndex) {
      const line = features[featureIndex]
      if (!line) return { words: { en: '', zh: '' }, why: null }
      const props = line.properties
      const classOk = rule.classes.length === 0 || rule.classes.includes(props.class)
      const why: Words | null = !classOk
        ? null
        : !qualifiesLine(rule, line)
          ? {
              en: `does not count: ${props.voltage_kv ?? 'unknown'} kV is below ${rule.minVoltageKv} kV`,
              zh: `不计入：电压 ${props.voltage_kv ?? '不明'} 千伏低于 ${rule.minVoltageKv} 千伏`,
            }
          : {
              en: `is not connected to ${withArticle(rule.sourceKinds.map((k) => facilityWords(k).en).join(' or '))}`,
              zh: `未连通${rule.sourceKinds.map((k) => facilityWords(k).zh).join('或')}`,
            }
      return { words: lineClassWords(props.class, network), why }
    },
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

/** Feature labels ("name (id)") in both languages. */
interface Labels {
  of(id: string, name: string | null): Words
}

/**
 * Labels shared by every reason of one described result: a road, line or stop is the nearest feature
 * of many villages, and 250k retained reasons then share one copy of its label.
 */
class LabelCache implements Labels {
  private readonly known = new Map<string, { name: string | null; words: Words }>()

  of(id: string, name: string | null): Words {
    const known = this.known.get(id)
    if (known && known.name === name) return known.words
    const words = { en: featureLabel(id, name), zh: featureLabelZh(id, name) }
    this.known.set(id, { name, words })
    return words
  }
}

/**
 * Labels built afresh, for villages described one at a time and then dropped (streamed output): on
 * the national set a cache of a million labels cost more in lookups and in collector work than it
 * saved.
 */
const FRESH_LABELS: Labels = {
  of: (id, name) => ({ en: featureLabel(id, name), zh: featureLabelZh(id, name) }),
}

/** A network's rule wording for its reasons, the same for every village: looked up once per table. */
interface RuleWords {
  /** What counts (e.g. "surfaced road connected to …"), see {@link describeCounting}. */
  counting: Words
  /** The rule's limit as a distance. */
  limit: Words
}

function ruleWords(ruleset: RuleSet, network: CoverageNetwork): RuleWords {
  return {
    counting: describeCounting(ruleset, network),
    limit: formatDistance(limitOf(ruleset, network)),
  }
}

function explain(
  ruleset: RuleSet,
  network: CoverageNetwork,
  finding: Finding,
  labels: Labels,
  { counting, limit }: RuleWords,
): Words {
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

/** Status codes of {@link NetworkFindings.status}. */
const COVERED = 0
const GAP = 1
const WHEN_PLANNED = 2

/**
 * One assessed network, in columns by village row (villages sorted by code): today's and the
 * planned stages' findings, statuses and gap costs. Typed arrays and plain values only, so that a
 * worker thread can compute it and hand it over (see {@link CoverageRun}).
 */
export interface NetworkFindings {
  network: CoverageNetwork
  /** Rows in the run (villages). */
  size: number
  today: Findings
  /** Rows of villages covered at a planned stage hold that stage's finding. */
  planned: Findings
  /** The planned stages evaluated, in order. */
  stages: Stage[]
  /** Index in `stages` of the first stage whose features cover the village; -1 when none. */
  plannedStage: Int32Array
  status: Uint8Array
  /** NaN: null. */
  gapLengthM: Float64Array
  /** NaN: null. */
  costToClose: Float64Array
}

/** An assessed network with what its reasons need. */
interface NetworkColumns extends NetworkFindings {
  describer: NetworkDescriber
  /** The rule's wording for reasons. */
  words: RuleWords
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value)

/** Length and cost to close a gap (bus: a flat cost per village); NaN for null. */
function writeGapCost(
  ruleset: RuleSet,
  columns: NetworkFindings,
  i: number,
  terrain: TerrainClass,
): void {
  const costs = ruleset.costs
  const distanceM = columns.today.distanceM[i] ?? NaN
  if (columns.network === 'bus') {
    columns.gapLengthM[i] = NaN
    columns.costToClose[i] = roundYuan(costs.busPerVillage)
    return
  }
  if (Number.isNaN(distanceM)) {
    columns.gapLengthM[i] = NaN
    columns.costToClose[i] = NaN
    return
  }
  const straight =
    costs.gapLength === 'to-feature'
      ? distanceM
      : Math.max(0, distanceM - limitOf(ruleset, columns.network))
  const built = roundMetres(builtLengthM(straight, terrain, costs))
  columns.gapLengthM[i] = built
  columns.costToClose[i] = roundYuan(buildCost(built, columns.network, terrain, costs))
}

/** Row `i` of `findings` as a {@link Finding}, with the names the reason sentence needs. */
function readFinding(
  context: Context,
  describer: NetworkDescriber,
  findings: Findings,
  i: number,
): Finding {
  const nearest = describer.features[findings.nearest[i] ?? -1]
  let coveredBy: Finding['coveredBy'] = null
  const coveredByKind = findings.coveredBy[i]
  const by = findings.coveredByIndex[i] ?? -1
  if (coveredByKind === COVERED_BY_AREA) {
    const area = context.serviceAreas[by]
    if (area)
      coveredBy = {
        kind: 'service-area',
        id: area.properties.id,
        name: area.properties.name ?? null,
      }
  } else if (coveredByKind === COVERED_BY_CELL) {
    const cell = context.facilities[by]
    if (cell)
      coveredBy = {
        kind: 'cell-site',
        id: cell.properties.id,
        name: cell.properties.name ?? null,
        radiusM: cell.properties.radius_m ?? 0,
      }
  }
  let blocker: Finding['blocker'] = null
  const blockerIndex = findings.blocker?.[i] ?? -1
  const blockerFeature = describer.features[blockerIndex]
  if (blockerFeature) {
    const { words, why } = describer.describeBlocker(blockerIndex)
    blocker = {
      id: blockerFeature.properties.id,
      name: blockerFeature.properties.name ?? null,
      distanceM: findings.blockerDistanceM?.[i] ?? 0,
      words,
      why,
    }
  }
  return {
    covered: findings.covered[i] === 1,
    distanceM: orNull(findings.distanceM[i] ?? NaN),
    nearestId: nearest?.properties.id ?? null,
    nearestName: nearest?.properties.name ?? null,
    networkDistanceM: orNull(findings.networkDistanceM[i] ?? NaN),
    coveredBy,
    blocker,
  }
}

function describeNetwork(
  context: Context,
  columns: NetworkColumns,
  i: number,
  labels: Labels,
): NetworkCoverage {
  const { ruleset } = context
  const { network, describer } = columns
  const today = readFinding(context, describer, columns.today, i)
  const reason = explain(ruleset, network, today, labels, columns.words)
  // Members in output order, written out (no spread: 250k results per province).
  const status = columns.status[i]
  if (status === COVERED) {
    return {
      status: 'covered',
      completionYear: null,
      distanceM: today.distanceM,
      networkDistanceM: today.networkDistanceM,
      nearestId: today.nearestId,
      reason: reason.en,
      reasonZh: reason.zh,
      gapLengthM: 0,
      costToClose: 0,
    }
  }
  if (status === WHEN_PLANNED) {
    const stage = columns.stages[columns.plannedStage[i] ?? -1] ?? 'unknown'
    const year = typeof stage === 'number' ? stage : null
    const found = readFinding(context, describer, columns.planned, i)
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
                en: `planned ${columns.words.counting.en} ${found.nearestId ?? ''} at ${formatDistance(found.distanceM ?? 0).en}`,
                zh: `${formatDistance(found.distanceM ?? 0).zh}处的规划${columns.words.counting.zh} ${found.nearestId ?? ''}`,
              }
    const when =
      year !== null
        ? { en: `completes in ${year}`, zh: `预计 ${year} 年建成` }
        : { en: 'completion year unknown', zh: '建成年份不明' }
    return {
      status: 'covered-when-planned',
      completionYear: year,
      distanceM: today.distanceM,
      networkDistanceM: today.networkDistanceM,
      nearestId: found.nearestId ?? today.nearestId,
      reason: `Gap today: ${reason.en}. Covered when the ${what.en} ${when.en}`,
      reasonZh: `目前未覆盖：${reason.zh}。${what.zh}${when.zh}后覆盖`,
      gapLengthM: 0,
      costToClose: 0,
    }
  }
  return {
    status: 'gap',
    completionYear: null,
    distanceM: today.distanceM,
    networkDistanceM: today.networkDistanceM,
    nearestId: today.nearestId,
    reason: reason.en,
    reasonZh: reason.zh,
    gapLengthM: orNull(columns.gapLengthM[i] ?? NaN),
    costToClose: orNull(columns.costToClose[i] ?? NaN),
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
  return finishSummary(villages.length, fullyCovered, costToClose, networks)
}

function finishSummary(
  villages: number,
  fullyCovered: number,
  costToClose: number,
  networks: Record<CoverageNetwork, NetworkSummary>,
): CoverageSummary {
  for (const network of COVERAGE_NETWORKS) {
    const summary = networks[network]
    summary.coveredPct = percent(summary.covered, villages - summary.notAssessed)
  }
  return {
    villages,
    fullyCovered,
    fullyCoveredPct: percent(fullyCovered, villages) ?? 0,
    costToClose,
    networks,
  }
}

/** A sorted copy of `items`; a plain copy when they come sorted (as the database returns them). */
function sortedCopy<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1] as T, items[i] as T) > 0) return [...items].sort(compare)
  }
  return [...items]
}

/** The layers a coverage run reads, sorted (villages by code, the rest by id). */
export type SortedLayers = Pick<RegionData, 'villages' | 'lines' | 'facilities' | 'serviceAreas'>

/**
 * The region's layers in the order the analysis reads them (villages by code, the rest by id), as
 * copies; every index in the findings refers to these arrays.
 */
export function sortRegion(region: RegionData): SortedLayers {
  return {
    villages: sortedCopy(region.villages, (a, b) =>
      a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0,
    ),
    lines: sortedCopy(region.lines, byId),
    facilities: sortedCopy(region.facilities, byId),
    serviceAreas: sortedCopy(region.serviceAreas, byId),
  }
}

function createContext(region: RegionData, ruleset: RuleSet): Context {
  const { villages, lines, facilities, serviceAreas } = sortRegion(region)
  const villageLng = new Float64Array(villages.length)
  const villageLat = new Float64Array(villages.length)
  villages.forEach((village, i) => {
    const [lng, lat] = coordinatesOf(village)
    villageLng[i] = lng
    villageLat[i] = lat
  })
  let latSum = 0
  for (const lat of villageLat) latSum += lat
  // One pass over the lines, each network's in id order.
  const byNetwork: Record<Network, NetworkLineFeature[]> = {
    road: [],
    water: [],
    power: [],
    broadband: [],
  }
  for (const line of lines) byNetwork[line.properties.network]?.push(line)
  return {
    ruleset,
    villages,
    villageLng,
    villageLat,
    projection: createLocalProjection(villages.length > 0 ? latSum / villages.length : 0),
    lines,
    roads: byNetwork.road,
    linesByNetwork: byNetwork,
    facilities,
    serviceAreas,
    roadUniverses: new Map(),
    ruleParts: new Map(),
    allocate: new TypedArena(estimateRunBytes(villages.length, lines, facilities.length)),
  }
}

/**
 * Bytes of typed arrays a run needs, a little over: the arena's first buffer, so that a run carves
 * everything from one (per line position its index segment, graph node, edges and hash cells,
 * ~300 B; per village and facility their columns and index entries). Measured on the generated
 * province: 326k line positions and 50k villages need 86 MB for four networks and 103 MB for five;
 * this gives 144 MB. Untouched pages of a buffer are never committed, so over-estimating costs
 * address space, not memory; under-estimating only adds a buffer.
 */
function estimateRunBytes(
  villages: number,
  lines: readonly NetworkLineFeature[],
  facilities: number,
): number {
  let positions = 0
  for (const line of lines) positions += countLinePositions(line)
  return Math.max(2 ** 20, 320 * positions + 640 * villages + 160 * facilities)
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
      context.allocate,
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

/** The assessor of `network` under `ruleset` and the lifecycles that decide its planned stages. */
function createNetworkAssessor(
  context: Context,
  network: CoverageNetwork,
): { assessor: NetworkAssessor; stages: Stage[] } | null {
  const { ruleset } = context
  const stagesOf = (lifecycles: Lifecycle[], countPlanned: boolean) =>
    listPlannedStages(lifecycles, ruleset.planned, countPlanned)
  if (network === 'road') {
    if (!ruleset.road) return null
    return {
      assessor: createRoadAssessor(context, ruleset.road),
      stages: stagesOf(
        context.roads.map((road) => road.properties),
        ruleset.road.countPlanned,
      ),
    }
  }
  if (network === 'bus') {
    if (!ruleset.bus) return null
    return {
      assessor: createBusAssessor(context, ruleset.bus),
      stages: stagesOf(
        context.facilities.filter((f) => f.properties.kind === 'bus-stop').map((f) => f.properties),
        ruleset.bus.countPlanned,
      ),
    }
  }
  const rule = ruleset[network]
  if (!rule) return null
  return {
    assessor: createLineAssessor(context, network, rule),
    stages: stagesOf(
      [
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
      ],
      rule.countPlanned,
    ),
  }
}

/** What the reasons of `network` refer to (see {@link NetworkDescriber}). */
function createNetworkDescriber(context: Context, network: CoverageNetwork): NetworkDescriber {
  const { ruleset } = context
  if (network === 'road') {
    if (!ruleset.road) throw new RangeError(`rule set ${ruleset.id} does not assess road`)
    return createRoadDescriber(context, ruleset.road)
  }
  if (network === 'bus') return createBusDescriber(context)
  const rule = ruleset[network]
  if (!rule) throw new RangeError(`rule set ${ruleset.id} does not assess ${network}`)
  return createLineDescriber(context, network, rule)
}

/**
 * Every village's status, distances, nearest features, along-network distances and gap costs per
 * network, in columns, with the summary. Reason sentences and per-village objects are built only
 * by {@link CoverageTable.describeVillage} / {@link CoverageTable.describeAll}: map tiles, roll-up
 * counts and the summary need none of the 250k sentences of a 50k-village province.
 */
export interface CoverageTable {
  ruleset: CoverageResult['ruleset']
  /** Villages, sorted by code. */
  size: number
  summary: CoverageSummary
  /** Village code of row `i`. */
  code(i: number): string
  /** Seat of row `i`, `[lng, lat]` at 6 decimals (as in the described village). */
  position(i: number): [number, number]
  status(i: number, network: CoverageNetwork): CoverageStatus
  fullyCovered(i: number): boolean
  /** Row `i` as it appears in {@link CoverageResult.villages}, reasons included. */
  describeVillage(i: number): VillageCoverage
  /** Every row, in code order (what {@link assessCoverage} returns). */
  describeAll(): VillageCoverage[]
}

const STATUS_NAMES: readonly CoverageStatus[] = ['covered', 'gap', 'covered-when-planned']

/**
 * One coverage analysis in steps, for running networks on several threads: every network of the
 * rule set is assessed with {@link CoverageRun.assessNetwork} — here, or by another run over the
 * same data elsewhere (a worker thread given {@link packCoverageInput}'s output) — and
 * {@link CoverageRun.finish} puts the findings together into the table. The findings of a network
 * are the same whichever run computed them.
 */
export interface CoverageRun {
  /** The networks the rule set assesses (a rule that is not null), in output order. */
  readonly networks: readonly CoverageNetwork[]
  /** Rows (villages). */
  readonly size: number
  /** The layers in the order the findings index them (see {@link sortRegion}): pack these. */
  readonly layers: SortedLayers
  /** Every village's findings for `network` (one of {@link networks}). */
  assessNetwork(network: CoverageNetwork): NetworkFindings
  /** The table from the findings of every network in {@link networks}. */
  finish(findings: readonly NetworkFindings[]): CoverageTable
}

/** Starts a coverage analysis of `region` under `ruleset` (see {@link CoverageRun}). */
export function createCoverageRun(region: RegionData, ruleset: RuleSet): CoverageRun {
  const context = createContext(region, ruleset)
  const { villages } = context
  const count = villages.length
  let all: Int32Array | null = null
  let terrains: TerrainClass[] | null = null
  const terrainsOf = (): TerrainClass[] =>
    (terrains ??= villages.map((village) =>
      classifyTerrain(village.properties.slope_deg, ruleset.costs),
    ))
  const networks = COVERAGE_NETWORKS.filter((network) => Boolean(ruleset[network]))

  const assessNetwork = (network: CoverageNetwork): NetworkFindings => {
    const created = createNetworkAssessor(context, network)
    if (!created) throw new RangeError(`rule set ${ruleset.id} does not assess ${network}`)
    if (!all) {
      all = context.allocate.int32(count)
      for (let i = 0; i < count; i++) all[i] = i
    }
    const columns: NetworkFindings = {
      network,
      size: count,
      today: createFindings(count, true, context.allocate),
      planned: createFindings(count, false, context.allocate),
      stages: created.stages,
      plannedStage: context.allocate.int32(count).fill(-1),
      status: context.allocate.uint8(count),
      gapLengthM: context.allocate.float64(count),
      costToClose: context.allocate.float64(count),
    }
    created.assessor.assess('existing', all, columns.today)
    let remaining: number[] = []
    for (let i = 0; i < count; i++) if (columns.today.covered[i] !== 1) remaining.push(i)
    created.stages.forEach((stage, s) => {
      if (remaining.length === 0) return
      created.assessor.assess(stage, remaining, columns.planned)
      remaining = remaining.filter((i) => {
        if (columns.planned.covered[i] !== 1) return true
        columns.plannedStage[i] = s
        return false
      })
    })
    const terrain = terrainsOf()
    for (let i = 0; i < count; i++) {
      if (columns.today.covered[i] === 1) columns.status[i] = COVERED
      else if ((columns.plannedStage[i] ?? -1) >= 0) columns.status[i] = WHEN_PLANNED
      else {
        columns.status[i] = GAP
        writeGapCost(ruleset, columns, i, terrain[i] ?? ruleset.costs.defaultTerrain)
      }
    }
    return columns
  }

  const finish = (findings: readonly NetworkFindings[]): CoverageTable => {
    const assessed = new Map<CoverageNetwork, NetworkColumns>()
    for (const network of networks) {
      const found = findings.find((f) => f.network === network)
      if (!found) throw new RangeError(`no findings for ${network}`)
      if (found.size !== count || found.status.length !== count)
        throw new RangeError(`findings for ${network} have ${found.size} rows, not ${count}`)
      assessed.set(network, {
        ...found,
        describer: createNetworkDescriber(context, network),
        words: ruleWords(ruleset, network),
      })
    }
    return assembleTable(context, assessed, terrainsOf())
  }

  const layers: SortedLayers = {
    villages,
    lines: context.lines,
    facilities: context.facilities,
    serviceAreas: context.serviceAreas,
  }
  return { networks, size: count, layers, assessNetwork, finish }
}

/**
 * Assesses every village of `region` against `ruleset`, in columns (see {@link CoverageTable}).
 * Same decisions and numbers as {@link assessCoverage}, which describes every row of this table.
 */
export function computeCoverage(region: RegionData, ruleset: RuleSet): CoverageTable {
  const run = createCoverageRun(region, ruleset)
  return run.finish(run.networks.map((network) => run.assessNetwork(network)))
}

function assembleTable(
  context: Context,
  assessed: ReadonlyMap<CoverageNetwork, NetworkColumns>,
  terrains: readonly TerrainClass[],
): CoverageTable {
  const { villages, ruleset } = context
  const count = villages.length
  const networkColumns = COVERAGE_NETWORKS.map((network) => assessed.get(network) ?? null)
  const fully = context.allocate.uint8(count)
  const networks = Object.fromEntries(
    COVERAGE_NETWORKS.map((n) => [n, emptyNetworkSummary()]),
  ) as Record<CoverageNetwork, NetworkSummary>
  let fullyCovered = 0
  let costToClose = 0
  for (let i = 0; i < count; i++) {
    let isFully = true
    COVERAGE_NETWORKS.forEach((network, n) => {
      const columns = networkColumns[n]
      const summary = networks[network]
      if (!columns) {
        summary.notAssessed++
        return
      }
      const status = columns.status[i]
      if (status === COVERED) summary.covered++
      else if (status === WHEN_PLANNED) summary.coveredWhenPlanned++
      else {
        summary.gap++
        const cost = columns.costToClose[i] ?? NaN
        if (!Number.isNaN(cost)) {
          summary.costToClose += cost
          costToClose += cost
        }
      }
      if (status !== COVERED) isFully = false
    })
    if (isFully) {
      fully[i] = 1
      fullyCovered++
    }
  }
  const summary = finishSummary(count, fullyCovered, costToClose, networks)

  const positionOf = (i: number): [number, number] => [
    Math.round((context.villageLng[i] ?? 0) * 1e6) / 1e6,
    Math.round((context.villageLat[i] ?? 0) * 1e6) / 1e6,
  ]
  const describeVillage = (i: number, labels: Labels = FRESH_LABELS): VillageCoverage => {
    const village = villages[i]
    if (!village) throw new RangeError(`no village row ${i}`)
    const props = village.properties
    // Filled in COVERAGE_NETWORKS order, which is the key order of the output.
    const coverage = {} as Record<CoverageNetwork, NetworkCoverage>
    COVERAGE_NETWORKS.forEach((network, n) => {
      const columns = networkColumns[n]
      coverage[network] = columns
        ? describeNetwork(context, columns, i, labels)
        : notAssessed(ruleset)
    })
    return {
      code: props.code,
      name: props.name,
      township_code: props.township_code,
      county_code: props.county_code,
      population: props.population,
      poor_people: props.poor_people,
      terrain: terrains[i] ?? ruleset.costs.defaultTerrain,
      position: positionOf(i),
      coverage,
      fullyCovered: fully[i] === 1,
    }
  }
  return {
    ruleset: {
      id: ruleset.id,
      version: ruleset.version,
      name: ruleset.name,
      nameZh: ruleset.nameZh,
    },
    size: count,
    summary,
    code: (i) => villages[i]?.properties.code ?? '',
    position: positionOf,
    status(i, network) {
      const columns = assessed.get(network)
      return columns ? (STATUS_NAMES[columns.status[i] ?? GAP] ?? 'gap') : 'not-assessed'
    },
    fullyCovered: (i) => fully[i] === 1,
    describeVillage: (i) => describeVillage(i),
    describeAll: () => {
      const labels = new LabelCache()
      return villages.map((_, i) => describeVillage(i, labels))
    },
  }
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
  const table = computeCoverage(region, ruleset)
  return { ruleset: table.ruleset, villages: table.describeAll(), summary: table.summary }
}
