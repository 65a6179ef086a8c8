export {
  assessCoverage,
  computeCoverage,
  listCountingParts,
  summariseCoverage,
} from './assess-coverage'
export type { CountingPart, CoverageTable } from './assess-coverage'
export { BUILT_IN_RULESETS, findBuiltInRuleSet } from './built-in-rulesets'
export { classifyTerrain } from './costs'
export {
  findCoverageBbox,
  listGapRows,
  stringifyCoverageGeoJson,
  toCoverageFeatureCollection,
} from './coverage-geojson'
export type {
  CoverageFeatureCollection,
  CoverageFeatureProperties,
  GapRow,
} from './coverage-geojson'
export { estimateJointCost } from './joint-cost'
export { rollUpCoverage } from './roll-up'
