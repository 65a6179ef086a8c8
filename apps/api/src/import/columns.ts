/**
 * Column (property) name aliases: Chinese and common English headers → the domain's snake_case names.
 * Keys are compared after {@link normalizeHeader}. Layer-specific aliases win over the common ones.
 */
import type { ImportLayer } from '@tongcun/domain'

/** Lower-cases, trims and drops spaces, BOMs, brackets/units such as `(人)`, `（万元）`. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s]/g, '')
}

/** Longitude column names (x of a projected CRS also goes here). */
export const LONGITUDE_NAMES = [
  'lon',
  'lng',
  'long',
  'longitude',
  'x',
  '经度',
  '东经',
  'point_x',
  'coord_x',
]
/** Latitude column names (y of a projected CRS also goes here). */
export const LATITUDE_NAMES = ['lat', 'latitude', 'y', '纬度', '北纬', 'point_y', 'coord_y']

const COMMON_ALIASES: Record<string, string[]> = {
  id: ['id', '编号', '标识', '标识码', '要素编号'],
  code: [
    'code',
    '编码',
    '代码',
    '区划代码',
    '统计用区划代码',
    '行政区划代码',
    '区划编码',
    '村编码',
    '村代码',
    '行政村代码',
    '行政村编码',
  ],
  name: ['name', '名称', '村名', '村名称', '行政村', '行政村名称', '单位名称', '名字', 'name:zh'],
  name_en: ['name_en', 'name:en', '英文名', '英文名称'],
  level: ['level', '级别', '层级', '行政级别'],
  parent_code: ['parent_code', 'parent', '上级编码', '上级代码', '上级区划代码', '父级编码'],
  valid_from: ['valid_from', '生效日期', '起始日期', '设立日期'],
  valid_to: ['valid_to', '失效日期', '终止日期', '撤销日期'],
  replaced_by: ['replaced_by', '合并至', '并入', '新编码', '新代码'],
  township_code: ['township_code', '乡镇编码', '乡镇代码', '所属乡镇编码', '所属乡镇代码'],
  county_code: ['county_code', '县编码', '县代码', '区县编码', '区县代码'],
  city_code: ['city_code', '市编码', '市代码'],
  province_code: ['province_code', '省编码', '省代码'],
  population: ['population', '人口', '总人口', '户籍人口', '人口数', '常住人口'],
  households: ['households', '户数', '总户数'],
  poor_households: ['poor_households', '贫困户数', '建档立卡贫困户数', '建档立卡户数', '贫困户'],
  poor_people: ['poor_people', '贫困人口', '贫困人数', '建档立卡贫困人口', '建档立卡人口'],
  poverty_causes: ['poverty_causes', '致贫原因'],
  elevation_m: ['elevation_m', 'elevation', 'ele', '海拔', '高程', '海拔高度'],
  slope_deg: ['slope_deg', 'slope', '坡度'],
  land_per_person_mu: ['land_per_person_mu', '人均耕地', '人均耕地面积'],
  income_per_person_cny: ['income_per_person_cny', '人均收入', '人均纯收入', '人均可支配收入'],
  flags: ['flags', '标记', '标签'],
  network: ['network', '网络', '行业'],
  class: ['class', '等级', '类别', '道路等级', '行政等级', '管网等级', '线路类别'],
  surface: ['surface', '路面', '路面类型', '路面材料', '路面结构'],
  voltage_kv: ['voltage_kv', 'voltage', 'kv', '电压', '电压等级', '电压kv'],
  status: ['status', '状态', '建设状态'],
  completion_year: ['completion_year', '建成年份', '完工年份', '竣工年份', '计划完工年份'],
  owner: ['owner', '权属', '管理单位', '主管部门', '产权单位', '权属单位'],
  source: ['source', '来源', '数据来源'],
  kind: ['kind', '类型', '种类', '设施类型'],
  radius_m: ['radius_m', 'radius', '半径', '覆盖半径'],
  type: ['type', '安置类型', '安置点类型'],
  capacity_households: ['capacity_households', '容量户数', '安置户数', '可安置户数'],
  capacity_people: ['capacity_people', '容量人数', '安置人数', '可安置人数', '可安置人口'],
  facilities: ['facilities', '配套设施'],
  admin_code: ['admin_code', '所在区划', '所在区划代码', '所属区划代码'],
  severity: ['severity', '危险等级', '风险等级', '危险性'],
}

/** Per-layer overrides, e.g. 类型 is a site's `type` but a facility's `kind`; 等级 is a hazard's `severity`. */
const LAYER_ALIASES: Partial<Record<ImportLayer, Record<string, string[]>>> = {
  sites: { type: ['type', '类型', '安置类型', '安置点类型'] },
  hazards: { severity: ['severity', '等级', '危险等级', '风险等级', '危险性'] },
}

/** Builds a map normalised-header → canonical name for one layer. */
export function aliasMapFor(layer: ImportLayer): Map<string, string> {
  const map = new Map<string, string>()
  const add = (aliases: Record<string, string[]>) => {
    for (const [canonical, names] of Object.entries(aliases)) {
      for (const name of names) map.set(normalizeHeader(name), canonical)
    }
  }
  add(COMMON_ALIASES)
  const override = LAYER_ALIASES[layer]
  if (override) {
    // a layer override takes the header away from its common meaning (e.g. 等级 → severity, not class)
    add(override)
  }
  return map
}

/** Canonical property name for a header, or the header itself (trimmed) when no alias matches. */
export function canonicalName(header: string, aliases: Map<string, string>): string {
  return aliases.get(normalizeHeader(header)) ?? header.replace(/^\uFEFF/, '').trim()
}
