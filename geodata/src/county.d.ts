/**
 * Generates the content of one county — villages, four networks with deliberate gaps, facilities,
 * service areas, hazard zones and resettlement sites — from a county plan (outline, townships, rivers, trunk roads).
 * Shared by every scale: the sample county and each county of the synthetic province / national sets.
 */
import type { FacilityFeature, HazardFeature, NetworkLineFeature, RoadClass, RoadSurface, ServiceAreaFeature, SiteFeature, VillageFeature } from '@tongcun/domain';
import { multiPolygonGeometry } from './features';
import { type LocalProjection, type Poly, type Pt } from './geom';
import type { Rng } from './prng';
export declare const SOURCE = "tongcun-geodata synthetic (fictional)";
export interface TownshipPlan {
    /** 12-digit code. */
    code: string;
    name: string;
    nameEn: string;
    seat: Pt;
    polys: Poly[];
    isTown: boolean;
    isEthnic: boolean;
}
export interface TrunkPlan {
    roadClass: RoadClass;
    ref: string;
    surface: RoadSurface;
    /** Exact vertices; the line is split into one feature per leg between consecutive split waypoints. */
    waypoints: Pt[];
    /** Waypoint indexes where the line is split into separate features (besides both ends). */
    splitAt: number[];
    /** Expressways carry no village traffic: villages never attach to them. */
    attachable: boolean;
}
export interface CountyPlan {
    provinceCode: string;
    cityCode: string;
    countyCode: string;
    countyName: string;
    proj: LocalProjection;
    outline: Poly[];
    bbox: [number, number, number, number];
    /** Index 0 is the county-seat township. */
    townships: TownshipPlan[];
    rivers: Pt[][];
    trunks: TrunkPlan[];
    /** Links between an expressway vertex and an ordinary road vertex (interchanges), as waypoint pairs. */
    powerGates: Pt[];
    villageCount: number;
    minSpacingKm: number;
    detail: 'fine' | 'coarse';
    /** Villages placed first at exactly these points (the cross-boundary cluster in the sample). */
    forcedVillages: Pt[];
    /** Sample only: a few villages lose elevation/income data, a few extras (free hazards, red line). */
    extras: boolean;
    hasRedLine: boolean;
}
export interface CountyContent {
    villages: VillageFeature[];
    road: NetworkLineFeature[];
    water: (NetworkLineFeature | ServiceAreaFeature)[];
    power: NetworkLineFeature[];
    broadband: (NetworkLineFeature | ServiceAreaFeature)[];
    facilities: FacilityFeature[];
    sites: SiteFeature[];
    hazards: HazardFeature[];
    /** Village seats in the km plane, by village code (for the sample's checks and README numbers). */
    villageSeats: Map<string, Pt>;
    villageCodesByTownship: Map<string, string[]>;
}
export declare function generateCounty(plan: CountyPlan, rng: Rng): CountyContent;
/** Admin features helper shared by scales. */
export declare function adminOutlineGeometry(proj: LocalProjection, polys: readonly Poly[]): ReturnType<typeof multiPolygonGeometry>;
