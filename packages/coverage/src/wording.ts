/**
 * Planner wording for coverage reasons, in English and Chinese. Pure string building from rule-set
 * fields and feature attributes; no thresholds live here.
 */
import type {
  FacilityKind,
  LineNetworkRule,
  RoadClass,
  RoadRule,
  RoadSurface,
} from '@tongcun/domain'

export interface Words {
  en: string
  zh: string
}

// Reasons repeat the same few thousand distance texts (whole metres below 1 km, 0.1 km above) for
// 250k village-networks: building each once saves an object and two strings per use.
const metreWords = new Map<number, Words>()
const kmWords = new Map<number, Words>()

/** `600 m` / `3.4 km` and `600 米` / `3.4 公里` (shared, frozen objects: do not modify). */
export function formatDistance(distanceM: number): Words {
  if (!(distanceM >= 0 && distanceM < 1_000_000)) return formatDistanceUncached(distanceM)
  const cache = distanceM < 1000 ? metreWords : kmWords
  const key = distanceM < 1000 ? Math.round(distanceM) : Math.round(distanceM / 100)
  let words = cache.get(key)
  if (!words) {
    words = Object.freeze(formatDistanceUncached(distanceM))
    cache.set(key, words)
  }
  return words
}

function formatDistanceUncached(distanceM: number): Words {
  if (distanceM < 1000) {
    const metres = Math.round(distanceM)
    return { en: `${metres} m`, zh: `${metres} 米` }
  }
  const km = (Math.round(distanceM / 100) / 10).toFixed(1)
  return { en: `${km} km`, zh: `${km} 公里` }
}

const ROAD_CLASS_WORDS: Record<RoadClass, Words> = {
  expressway: { en: 'expressway', zh: '高速公路' },
  national: { en: 'national road', zh: '国道' },
  provincial: { en: 'provincial road', zh: '省道' },
  county: { en: 'county road', zh: '县道' },
  township: { en: 'township road', zh: '乡道' },
  village: { en: 'village road', zh: '村道' },
  other: { en: 'other road', zh: '其他道路' },
}

const SURFACE_WORDS: Record<RoadSurface, Words> = {
  asphalt: { en: 'asphalt road', zh: '沥青路' },
  cement: { en: 'cement road', zh: '水泥路' },
  gravel: { en: 'gravel road', zh: '砂石路' },
  dirt: { en: 'dirt road', zh: '土路' },
  unknown: { en: 'road of unknown surface', zh: '路面不明的道路' },
}

const LINE_CLASS_WORDS: Record<string, Words> = {
  main: { en: 'water main', zh: '供水主管' },
  branch: { en: 'water branch pipe', zh: '供水支管' },
  transmission: { en: 'transmission line', zh: '输电线路' },
  distribution: { en: 'distribution line', zh: '配电线路' },
  backbone: { en: 'backbone cable', zh: '骨干光缆' },
  fibre: { en: 'fibre', zh: '光纤' },
}

const FACILITY_WORDS: Record<FacilityKind, Words> = {
  'bus-stop': { en: 'bus stop', zh: '公交站' },
  'water-plant': { en: 'water plant', zh: '水厂' },
  substation: { en: 'substation', zh: '变电站' },
  olt: { en: 'OLT', zh: 'OLT 局端' },
  'backbone-node': { en: 'backbone node', zh: '骨干节点' },
  'cell-site': { en: 'cell site', zh: '基站' },
}

const NETWORK_LINE_WORDS: Record<'water' | 'power' | 'broadband', Words> = {
  water: { en: 'water line', zh: '供水管线' },
  power: { en: 'power line', zh: '电力线路' },
  broadband: { en: 'broadband line', zh: '通信线路' },
}

export function roadClassWords(roadClass: string): Words {
  return (
    ROAD_CLASS_WORDS[roadClass as RoadClass] ?? { en: `${roadClass} road`, zh: `${roadClass}道路` }
  )
}

export function surfaceWords(surface: string | null | undefined): Words {
  return SURFACE_WORDS[(surface ?? 'unknown') as RoadSurface] ?? SURFACE_WORDS.unknown
}

export function lineClassWords(lineClass: string, network: 'water' | 'power' | 'broadband'): Words {
  return (
    LINE_CLASS_WORDS[lineClass] ?? {
      en: `${lineClass} ${NETWORK_LINE_WORDS[network].en}`,
      zh: `${lineClass}${NETWORK_LINE_WORDS[network].zh}`,
    }
  )
}

export function facilityWords(kind: FacilityKind): Words {
  return FACILITY_WORDS[kind]
}

function joinOr(words: Words[]): Words {
  if (words.length <= 1) return words[0] ?? { en: '', zh: '' }
  return {
    en: `${words
      .slice(0, -1)
      .map((w) => w.en)
      .join(', ')} or ${words[words.length - 1]?.en ?? ''}`,
    zh: words.map((w) => w.zh).join('或'),
  }
}

/** What a counting road is called under this rule: "surfaced road", "all-season road", "road". */
export function roadKindWords(rule: RoadRule): Words {
  const hard = rule.surfaces.every((surface) => surface === 'asphalt' || surface === 'cement')
  const allSeason = !hard && !rule.surfaces.includes('dirt') && !rule.surfaces.includes('unknown')
  return hard
    ? { en: 'surfaced road', zh: '硬化路' }
    : allSeason
      ? { en: 'all-season road', zh: '全天候道路' }
      : { en: 'road', zh: '道路' }
}

/** "connected to the county-or-higher network" for the rule's anchor classes. */
export function roadConnectionWords(rule: RoadRule): Words | null {
  if (rule.requireConnectedTo.length === 0) return null
  const lowest =
    [...rule.requireConnectedTo].sort(
      (a, b) =>
        ['expressway', 'national', 'provincial', 'county', 'township', 'village', 'other'].indexOf(
          b,
        ) -
        ['expressway', 'national', 'provincial', 'county', 'township', 'village', 'other'].indexOf(
          a,
        ),
    )[0] ?? 'county'
  const name = roadClassWords(lowest)
  return rule.requireConnectedTo.length > 1
    ? {
        en: `connected to the ${name.en.replace(' road', '')}-or-higher road network`,
        zh: `连通${name.zh}及以上路网`,
      }
    : { en: `connected to the ${name.en} network`, zh: `连通${name.zh}网` }
}

/** "fibre connected to an OLT or backbone node" for a line rule. */
export function lineKindWords(
  rule: LineNetworkRule,
  network: 'water' | 'power' | 'broadband',
): Words {
  const classes =
    rule.classes.length > 0
      ? joinOr(rule.classes.map((c) => lineClassWords(c, network)))
      : NETWORK_LINE_WORDS[network]
  const voltage =
    rule.minVoltageKv !== null
      ? { en: ` of at least ${rule.minVoltageKv} kV`, zh: `${rule.minVoltageKv} 千伏及以上` }
      : { en: '', zh: '' }
  const sources = rule.sourceKinds.length > 0 ? joinOr(rule.sourceKinds.map(facilityWords)) : null
  return {
    en: `${classes.en}${voltage.en}${sources ? ` connected to ${/^[aeiouAEIO]/.test(sources.en) ? 'an' : 'a'} ${sources.en}` : ''}`,
    zh: `${sources ? `连通${sources.zh}的` : ''}${voltage.zh}${classes.zh}`,
  }
}

/** Feature label: its name and id when named, else the id. */
export function featureLabel(id: string, name: string | null | undefined): string {
  return name ? `${name} (${id})` : id
}

export function featureLabelZh(id: string, name: string | null | undefined): string {
  return name ? `${name}（${id}）` : id
}
