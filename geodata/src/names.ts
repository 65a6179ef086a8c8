/**
 * Fictional Chinese place names with pinyin (for `name_en`). Syllables are common in south-western
 * mountain toponyms (坝 dam/flat, 寨 stockade, 箐 wooded gully, 坳 col ...); combinations are random.
 */
import type { Rng } from './prng'

type Syllable = readonly [hanzi: string, pinyin: string]

const FIRST: readonly Syllable[] = [
  ['上', 'shang'],
  ['下', 'xia'],
  ['大', 'da'],
  ['小', 'xiao'],
  ['新', 'xin'],
  ['老', 'lao'],
  ['高', 'gao'],
  ['黑', 'hei'],
  ['白', 'bai'],
  ['青', 'qing'],
  ['红', 'hong'],
  ['石', 'shi'],
  ['松', 'song'],
  ['竹', 'zhu'],
  ['龙', 'long'],
  ['凤', 'feng'],
  ['马', 'ma'],
  ['牛', 'niu'],
  ['羊', 'yang'],
  ['花', 'hua'],
  ['桃', 'tao'],
  ['李', 'li'],
  ['杨', 'yang'],
  ['岩', 'yan'],
  ['沙', 'sha'],
  ['金', 'jin'],
  ['银', 'yin'],
  ['水', 'shui'],
  ['云', 'yun'],
  ['平', 'ping'],
  ['安', 'an'],
  ['兴', 'xing'],
  ['丰', 'feng'],
  ['东', 'dong'],
  ['西', 'xi'],
  ['南', 'nan'],
  ['北', 'bei'],
  ['中', 'zhong'],
  ['长', 'chang'],
  ['响', 'xiang'],
  ['麻', 'ma'],
  ['茶', 'cha'],
  ['柿', 'shi'],
  ['梨', 'li'],
  ['鹰', 'ying'],
  ['猫', 'mao'],
  ['荷', 'he'],
  ['柳', 'liu'],
  ['枫', 'feng'],
  ['槐', 'huai'],
  ['瓦', 'wa'],
  ['坪', 'ping'],
  ['双', 'shuang'],
  ['三', 'san'],
  ['五', 'wu'],
  ['九', 'jiu'],
]

const SECOND: readonly Syllable[] = [
  ['坝', 'ba'],
  ['寨', 'zhai'],
  ['堡', 'bao'],
  ['哨', 'shao'],
  ['箐', 'qing'],
  ['塘', 'tang'],
  ['湾', 'wan'],
  ['沟', 'gou'],
  ['坳', 'ao'],
  ['坪', 'ping'],
  ['田', 'tian'],
  ['山', 'shan'],
  ['岭', 'ling'],
  ['洞', 'dong'],
  ['桥', 'qiao'],
  ['口', 'kou'],
  ['林', 'lin'],
  ['关', 'guan'],
  ['庄', 'zhuang'],
  ['溪', 'xi'],
  ['营', 'ying'],
  ['屯', 'tun'],
  ['场', 'chang'],
  ['铺', 'pu'],
  ['冲', 'chong'],
  ['河', 'he'],
  ['井', 'jing'],
  ['坡', 'po'],
  ['岗', 'gang'],
  ['垭', 'ya'],
  ['院', 'yuan'],
  ['岔', 'cha'],
]

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function joinPinyin(first: string, second: string): string {
  // An apostrophe separates a syllable starting with a vowel (Xi'an style).
  return /^[aeo]/.test(second) ? `${first}'${second}` : `${first}${second}`
}

export interface PlaceName {
  /** Stem without the administrative suffix, e.g. 龙坝 */
  hanzi: string
  /** Capitalised pinyin stem, e.g. Longba */
  pinyin: string
}

/** A name unique within `used` (adds 一/二/... and 1/2/... when the two-syllable space runs out). */
export function uniquePlaceName(rng: Rng, used: Set<string>): PlaceName {
  for (let attempt = 0; attempt < 40; attempt++) {
    const first = rng.pick(FIRST)
    const second = rng.pick(SECOND)
    const hanzi = first[0] + second[0]
    if (first[0] === second[0] || used.has(hanzi)) continue
    used.add(hanzi)
    return { hanzi, pinyin: capitalize(joinPinyin(first[1], second[1])) }
  }
  const first = rng.pick(FIRST)
  const second = rng.pick(SECOND)
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
  for (let n = 0; ; n++) {
    const hanzi = `${first[0]}${second[0]}${numerals[n % 10]}${n >= 10 ? String(Math.floor(n / 10)) : ''}`
    if (!used.has(hanzi)) {
      used.add(hanzi)
      return { hanzi, pinyin: `${capitalize(joinPinyin(first[1], second[1]))} ${n + 1}` }
    }
  }
}
