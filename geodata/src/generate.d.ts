/**
 * Deterministic synthetic region generator: the committed sample county and the benchmark-size
 * province / national sets. Same seed and scale → byte-identical output (see `serializeCollection`).
 */
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { AdminUnitCollection, FacilityCollection, HazardCollection, NetworkLineCollection, NetworkLineProperties, ServiceAreaProperties, SiteCollection, VillageCollection } from '@tongcun/domain';
export type Scale = 'sample' | 'province' | 'national';
export declare const SCALES: readonly Scale[];
/** Lines and service-area polygons of one network (water and broadband files hold both). */
export type NetworkLayerCollection = FeatureCollection<LineString | MultiLineString | Polygon | MultiPolygon, NetworkLineProperties | ServiceAreaProperties>;
export interface GeneratedRegion {
    admin: AdminUnitCollection;
    villages: VillageCollection;
    road: NetworkLineCollection;
    water: NetworkLayerCollection;
    power: NetworkLineCollection;
    broadband: NetworkLayerCollection;
    facilities: FacilityCollection;
    sites: SiteCollection;
    hazards: HazardCollection;
}
export declare const LAYER_NAMES: readonly ["admin", "villages", "road", "water", "power", "broadband", "facilities", "sites", "hazards"];
export type LayerName = (typeof LAYER_NAMES)[number];
export declare const DEFAULT_SEED = 20151129;
export interface GenerateOptions {
    /** Any 32-bit integer. The committed sample uses DEFAULT_SEED (20151129). */
    seed: number;
    scale: Scale;
    /** Province/national only: override the number of villages (for quick tests). */
    villageCount?: number;
}
/** Sorts every collection by its id (admin units and villages by code) in place and returns the region. */
export declare function sortRegion(region: GeneratedRegion): GeneratedRegion;
/**
 * Generates a synthetic region in memory. Coordinates are WGS84 `[lng, lat]` rounded to 6 decimals;
 * properties follow the domain model exactly; features are sorted by id (admin units/villages by code).
 * - `sample`: one fictional county, 300 villages, ~0.1 s.
 * - `province`: ~50,000 villages in ~100 counties over ~500 x 400 km.
 * - `national`: ~700,000 villages in 31 provinces.
 * @example generateRegion({ seed: 1, scale: 'sample' }).villages.features.length // 300
 */
export declare function generateRegion(options: GenerateOptions): GeneratedRegion;
/**
 * Stable text form of a collection: one feature per line (diff-friendly), keys in construction order,
 * trailing newline. Byte-identical for identical input.
 */
export declare function serializeCollection(collection: {
    features: readonly object[];
}): string;
