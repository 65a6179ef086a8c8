/**
 * Fictional Chinese place names with pinyin (for `name_en`). Syllables are common in south-western
 * mountain toponyms (坝 dam/flat, 寨 stockade, 箐 wooded gully, 坳 col ...); combinations are random.
 */
import type { Rng } from './prng';
export interface PlaceName {
    /** Stem without the administrative suffix, e.g. 龙坝 */
    hanzi: string;
    /** Capitalised pinyin stem, e.g. Longba */
    pinyin: string;
}
/** A name unique within `used` (adds 一/二/... and 1/2/... when the two-syllable space runs out). */
export declare function uniquePlaceName(rng: Rng, used: Set<string>): PlaceName;
