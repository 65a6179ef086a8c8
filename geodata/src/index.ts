export {
  DEFAULT_SEED,
  LAYER_NAMES,
  SCALES,
  generateRegion,
  serializeCollection,
  sortRegion,
} from './generate'
export type {
  GenerateOptions,
  GeneratedRegion,
  LayerName,
  NetworkLayerCollection,
  Scale,
} from './generate'
export { SAMPLE_CODES } from './sample'
