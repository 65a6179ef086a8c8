export {
  assessCoverage,
  computeCoverage,
  createCoverageRun,
  listCountingParts,
  summariseCoverage,
} from './assess-coverage'
export type {
  CountingPart,
  CoverageRun,
  CoverageTable,
  Findings,
  NetworkFindings,
} from './assess-coverage'
export {
  COVERAGE_READS,
  liftFindings,
  packCoverageInput,
  unpackCoverageInput,
  UnpackableInputError,
} from './coverage-input'
export type { PackedCoverageInput, PackedLayer, PackedRows } from './coverage-input'
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
