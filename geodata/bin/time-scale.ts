/**
 * Times in-memory generation of a scale (no files written) and prints feature counts, wall/CPU time and heap.
 *   npx tsx geodata/bin/time-scale.ts province [seed] [villageCount]
 */
import { LAYER_NAMES, generateRegion, type Scale } from '../src/generate'

const scale = (process.argv[2] ?? 'province') as Scale
const seed = Number(process.argv[3] ?? 1)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const villageCount = process.argv[4] === undefined ? undefined : Number(process.argv[4])
const region = generateRegion({
  seed,
  scale,
  ...(villageCount === undefined ? {} : { villageCount }),
})
const wallS = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const counts = LAYER_NAMES.map((layer) => `${layer} ${region[layer].features.length}`).join(', ')
console.log(`${scale} seed ${seed}: ${counts}`)
console.log(
  `wall ${wallS.toFixed(1)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
)
