/**
 * One function per API endpoint the web app uses. Answers are normalised into the small view
 * types of `./types`, tolerating the documented variants (a bare array or a FeatureCollection).
 */
import type {
  AdminLevel,
  CoverageNetwork,
  RelocationDecision,
  SitingContext,
  SitingPlanRequest,
  SitingResult,
} from '@tongcun/domain'
import type { FeatureCollection } from 'geojson'
import { apiGet, apiRequest, apiUrl } from './client'
import type {
  AdminDetailView,
  AdminUnitView,
  Bbox,
  CoverageCollection,
  RelocationView,
  RollupView,
  RulesetView,
  VillageFeature,
} from './types'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** Items of a list answer: an array, a FeatureCollection, or `{ items | units | rulesets | data: [] }`. */
export function listOf(body: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(body)) return body
  if (!isObject(body)) return []
  if (Array.isArray(body.features)) return body.features
  for (const key of [...keys, 'items', 'data', 'results']) {
    if (Array.isArray(body[key])) return body[key] as unknown[]
  }
  return []
}

/** Properties of a feature, or the object itself. */
function propsOf(item: unknown): Json {
  if (isObject(item) && isObject(item.properties) && item.type === 'Feature') return item.properties
  return isObject(item) ? item : {}
}

export function toAdminUnit(item: unknown): AdminUnitView {
  const p = propsOf(item)
  return {
    code: String(p.code ?? ''),
    name: String(p.name ?? p.code ?? ''),
    level: (str(p.level) ?? 'county') as AdminLevel,
    parentCode: str(p.parent_code) ?? str(p.parentCode),
  }
}

function toBbox(value: unknown): Bbox | null {
  if (Array.isArray(value) && value.length >= 4 && value.every((v) => typeof v === 'number')) {
    return [value[0], value[1], value[2], value[3]] as Bbox
  }
  return null
}

export async function fetchTopAdminUnits(signal?: AbortSignal): Promise<AdminUnitView[]> {
  return listOf(await apiGet<unknown>(apiUrl('/admin'), signal), 'units').map(toAdminUnit)
}

const adminDetailCache = new Map<string, Promise<AdminDetailView>>()

/**
 * A unit with its bbox and children. The request is shared while in flight (the admin panel and
 * the gap list ask for the same unit at the same moment), so no one caller's signal aborts it.
 */
export function fetchAdminDetail(code: string): Promise<AdminDetailView> {
  const cached = adminDetailCache.get(code)
  if (cached) return cached
  const pending = loadAdminDetail(code)
  adminDetailCache.set(code, pending)
  pending.catch(() => adminDetailCache.delete(code))
  return pending
}

async function loadAdminDetail(code: string): Promise<AdminDetailView> {
  const body = await apiGet<Json>(apiUrl(`/admin/${encodeURIComponent(code)}`))
  const unitSource = body.unit ?? (body.type === 'Feature' ? body : body)
  const unitFeature = isObject(unitSource) ? unitSource : {}
  const children = listOf(body.children ?? propsOf(unitFeature).children ?? [], 'units')
  return {
    unit: toAdminUnit(unitFeature),
    bbox: toBbox(body.bbox) ?? toBbox(unitFeature.bbox) ?? toBbox(propsOf(unitFeature).bbox),
    children: children.map(toAdminUnit),
  }
}

export async function fetchRulesets(signal?: AbortSignal): Promise<RulesetView[]> {
  return listOf(await apiGet<unknown>(apiUrl('/rulesets'), signal), 'rulesets').map((item) => {
    const p = propsOf(item)
    return {
      id: String(p.id),
      name: String(p.name ?? p.title ?? p.id),
      nameZh: str(p.nameZh),
      version: (p.version as string) ?? null,
    }
  })
}

const coverageCache = new Map<string, CoverageCollection>()

/** Coverage of every village in `admin` under `ruleset` (cached per admin + rule set). */
export async function fetchCoverage(
  admin: string,
  ruleset: string,
  signal?: AbortSignal,
): Promise<CoverageCollection> {
  const key = `${ruleset}|${admin}`
  const cached = coverageCache.get(key)
  if (cached) return cached
  const collection = await apiGet<CoverageCollection>(
    apiUrl('/coverage', { admin, ruleset }),
    signal,
  )
  coverageCache.set(key, collection)
  return collection
}

/** One village's coverage: from an already loaded collection, else asked for by its code. */
export async function fetchVillageCoverage(
  code: string,
  ruleset: string,
  signal?: AbortSignal,
): Promise<CoverageCollection['features'][number] | null> {
  for (const [key, collection] of coverageCache) {
    if (!key.startsWith(`${ruleset}|`)) continue
    const hit = collection.features.find((feature) => feature.properties.code === code)
    if (hit) return hit
  }
  const collection = await fetchCoverage(code, ruleset, signal)
  return collection.features.find((feature) => feature.properties.code === code) ?? null
}

const NETWORK_KEYS: CoverageNetwork[] = ['road', 'bus', 'water', 'power', 'broadband']

/** Reads a roll-up row whatever the nesting: `{ networks: { road: {...} } }` or `{ road: {...} }`. */
export function toRollup(item: unknown): RollupView {
  const p = propsOf(item)
  const unit = isObject(p.unit) ? p.unit : p
  const nets = isObject(p.networks) ? p.networks : p
  const networks: RollupView['networks'] = {}
  for (const network of NETWORK_KEYS) {
    const n = nets[network]
    if (!isObject(n)) continue
    // `coveredPct` is 0..100 (RollUpUnit); a `coveredShare` 0..1 is taken as is.
    const coveredShare = num(n.coveredShare)
    const coveredPct = num(n.coveredPct)
    networks[network] = {
      coveredShare: coveredShare ?? (coveredPct === null ? null : coveredPct / 100),
      gapVillages: num(n.gapVillages) ?? num(n.gap),
      poorInGap: num(n.gapPoorPeople) ?? num(n.poorInGap),
      costToClose: num(n.costToClose),
    }
  }
  const fullShare = num(p.fullCoverageShare)
  const fullPct = num(p.fullyCoveredPct)
  return {
    code: String(unit.code ?? p.code ?? ''),
    name: String(unit.name ?? p.name ?? ''),
    villages: num(p.villages),
    population: num(p.population),
    fullCoverageShare: fullShare ?? (fullPct === null ? null : fullPct / 100),
    attained: typeof p.attained === 'boolean' ? p.attained : null,
    costToClose: num(p.costToClose),
    networks,
  }
}

const rollupCache = new Map<string, Promise<RollupView[]>>()

/** Roll-up rows for the units at `level` within `admin` (cached per admin, level, rule set). */
export function fetchRollup(
  admin: string,
  level: AdminLevel,
  ruleset: string,
  signal?: AbortSignal,
): Promise<RollupView[]> {
  const key = `${ruleset}|${admin}|${level}`
  const cached = rollupCache.get(key)
  if (cached) return cached
  const pending = apiGet<unknown>(
    apiUrl('/coverage/rollup', { admin, level, ruleset, max_gaps: 0 }),
    signal,
  ).then((body) => listOf(body, 'units', 'rows', 'rollup').map(toRollup))
  rollupCache.set(key, pending)
  pending.catch(() => rollupCache.delete(key))
  return pending
}

export function fetchVillage(code: string, signal?: AbortSignal): Promise<VillageFeature> {
  return apiGet<VillageFeature>(apiUrl(`/villages/${encodeURIComponent(code)}`), signal)
}

export async function fetchRelocationCandidates(
  admin: string,
  ruleset: string,
  signal?: AbortSignal,
): Promise<RelocationView[]> {
  const body = await apiGet<unknown>(apiUrl('/relocation/candidates', { admin, ruleset }), signal)
  return listOf(body, 'candidates', 'assessments').map((item) => {
    const outer = propsOf(item)
    const p = isObject(outer.relocation)
      ? { ...outer.relocation, code: outer.code, name: outer.name }
      : outer
    return {
      code: String(p.code),
      name: String(p.name ?? p.code),
      recommendation: (p.recommendation ?? 'review') as RelocationView['recommendation'],
      score: num(p.score) ?? 0,
      reasons: Array.isArray(p.reasons) ? (p.reasons as RelocationView['reasons']) : [],
      decision: (p.decision ?? null) as RelocationDecision | null,
      lngLat:
        isObject(item) && isObject(item.geometry) && Array.isArray(item.geometry.coordinates)
          ? (item.geometry.coordinates as [number, number])
          : null,
    }
  })
}

export function putDecision(code: string, decision: RelocationDecision) {
  return apiRequest<unknown>('PUT', apiUrl(`/villages/${encodeURIComponent(code)}/decision`), {
    decision,
  })
}

export function fetchClusters(
  params: {
    admin: string
    ruleset: string
    epsM: number
    minPoints: number
    maxPopulation?: number | null
  },
  signal?: AbortSignal,
): Promise<FeatureCollection> {
  return apiGet<FeatureCollection>(
    apiUrl('/clusters', {
      admin: params.admin,
      ruleset: params.ruleset,
      eps_m: params.epsM,
      min_points: params.minPoints,
      max_population: params.maxPopulation ?? undefined,
    }),
    signal,
  )
}

export function fetchRegions(
  params: { admin: string; k: number; attributes: string[] },
  signal?: AbortSignal,
): Promise<FeatureCollection> {
  return apiGet<FeatureCollection>(
    apiUrl('/regions', {
      admin: params.admin,
      k: params.k,
      attributes: params.attributes.join(','),
    }),
    signal,
  )
}

/** A planner request for `POST /api/sites/solve` as the web sends it. */
export type SolveRequest = SitingPlanRequest & { costType: 'straight' | 'network' }

export interface JobView {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed' | string
  progress: number | null
  message?: string | null
  result?: { result: SitingResult; context?: SitingContext } | null
  error?: { code?: string; message?: string } | null
}

function toJob(body: Json): JobView {
  const raw = body.result
  const result = isObject(raw) ? (isObject(raw.result) ? raw : { result: raw }) : null
  return {
    id: String(body.id ?? body.jobId ?? ''),
    status: String(body.status ?? 'running'),
    progress: num(body.progress),
    message: str(body.message),
    result: result as JobView['result'],
    error: (isObject(body.error) ? body.error : null) as JobView['error'],
  }
}

export async function startSiteSolve(request: SolveRequest): Promise<JobView> {
  return toJob(await apiRequest<Json>('POST', apiUrl('/sites/solve'), request))
}

export async function fetchJob(id: string, signal?: AbortSignal): Promise<JobView> {
  return toJob(await apiGet<Json>(apiUrl(`/jobs/${encodeURIComponent(id)}`), signal))
}

export function fetchLayer(
  layer: string,
  admin: string | null,
  signal?: AbortSignal,
): Promise<FeatureCollection> {
  return apiGet<FeatureCollection>(apiUrl(`/layers/${layer}`, { admin }), signal)
}

export function fetchVillages(
  admin: string,
  signal?: AbortSignal,
): Promise<FeatureCollection & { bbox?: Bbox }> {
  return apiGet(apiUrl('/villages', { admin }), signal)
}

export interface TileJson {
  tiles: string[]
  minzoom?: number
  maxzoom?: number
  bounds?: Bbox
  center?: [number, number, number]
}

export function fetchTileJson(ruleset: string | null, signal?: AbortSignal): Promise<TileJson> {
  return apiGet<TileJson>(apiUrl('/tiles.json', { ruleset }), signal)
}

export const gapsDownloadUrl = (
  format: 'csv' | 'xlsx',
  admin: string,
  ruleset: string,
  network: string | null,
  locale: string,
) =>
  apiUrl(`/coverage/gaps.${format}`, {
    admin,
    ruleset,
    network: network ?? undefined,
    lang: locale.startsWith('zh') ? 'zh' : 'en',
  })
