import type { AdminUnitFeature } from '@tongcun/domain';
import { type CountyContent, type CountyPlan } from './county';
import type { Rng } from './prng';
export declare const SAMPLE_CODES: {
    readonly province: "590000000000";
    readonly city: "590100000000";
    readonly county: "590123000000";
};
export interface SampleRegion {
    admin: AdminUnitFeature[];
    content: CountyContent;
    plan: CountyPlan;
}
export declare function generateSample(rng: Rng): SampleRegion;
