/**
 * Coverage on every core: the networks of a rule set are independent until the table is put
 * together, so this thread assesses some of them while worker threads assess the others on a packed
 * copy of the input (`packCoverageInput`: typed arrays, moved without a copy), and the findings are
 * joined by `CoverageRun.finish`. The result is the same table, byte for byte, as
 * `computeCoverage` in one thread (tested).
 *
 * Networks go to threads by an estimate of their work (per village and network, measured; road and
 * bus share one road graph and stay together). Workers start on first use, stay for later runs and
 * do not keep the process alive. `TONGCUN_COVERAGE_THREADS` sets the number of threads in all; the
 * default is 1 (this thread only): on the 2-vCPU machines we measure on, two threads gave 0.86–1.43×
 * the speed of one (the threads contend for memory; `npm run bench:coverage` prints the ratio), so
 * threads are for machines with cores to spare, where the bench shows they pay. Small regions, and
 * any failure of a worker (reported once as a process warning), run in this thread.
 */
import v8 from 'node:v8'
import { Worker } from 'node:worker_threads'
import type { CoverageNetwork, CoverageResult, RegionData, RuleSet } from '@tongcun/domain'
import {
  createCoverageRun,
  liftFindings,
  packCoverageInput,
  UnpackableInputError,
} from '@tongcun/coverage'
import type { CoverageTable, NetworkFindings, PackedCoverageInput } from '@tongcun/coverage'

export interface WorkerRequest {
  id: number
  input: PackedCoverageInput
  ruleset: RuleSet
  networks: CoverageNetwork[]
}

export type WorkerReply =
  | { id: number; findings: NetworkFindings[]; error?: undefined }
  | { id: number; error: string; findings?: undefined }

/** Below this many villages a worker's start and the packing cost more than they save. */
const MIN_PARALLEL_VILLAGES = 2000

/** Threads in all (this one included), from `TONGCUN_COVERAGE_THREADS`; 1 when unset. */
export function coverageThreadCount(): number {
  const configured = process.env.TONGCUN_COVERAGE_THREADS
  if (configured !== undefined && configured !== '') {
    const value = Number(configured)
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`TONGCUN_COVERAGE_THREADS must be a whole number ≥ 1, not "${configured}"`)
    return value
  }
  return 1
}

/** One worker thread and its pending requests. */
class CoverageWorker {
  private readonly worker: Worker
  private readonly pending = new Map<
    number,
    { resolve: (findings: NetworkFindings[]) => void; reject: (error: Error) => void }
  >()
  private nextId = 1
  failed: Error | null = null

  constructor() {
    // Same old-space limit as this thread (the national set needs more than a worker's default);
    // a young generation as large as the CLI's (`--max-semi-space-size=64`, see bin/tongcun.js).
    const heapMb = Math.ceil(v8.getHeapStatistics().heap_size_limit / 2 ** 20)
    this.worker = new Worker(new URL('./coverage-worker.mjs', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 192 },
    })
    this.worker.unref()
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      if (this.pending.size === 0) this.worker.unref()
      if (reply.error !== undefined) waiting.reject(new Error(reply.error))
      else waiting.resolve(reply.findings)
    })
    const fail = (error: Error) => {
      this.failed ??= error
      for (const waiting of this.pending.values()) waiting.reject(error)
      this.pending.clear()
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => fail(new Error(`coverage worker exited with code ${code}`)))
  }

  assess(
    input: PackedCoverageInput,
    transfer: ArrayBuffer[],
    ruleset: RuleSet,
    networks: CoverageNetwork[],
  ): Promise<NetworkFindings[]> {
    if (this.failed) return Promise.reject(this.failed)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // Held while a request is out: a process that waits for nothing else must not exit.
      this.worker.ref()
      const request: WorkerRequest = { id, input, ruleset, networks }
      this.worker.postMessage(request, transfer)
    })
  }

  terminate(): Promise<number> {
    return this.worker.terminate()
  }
}

const workers: CoverageWorker[] = []
let warned = false
let replies = 0

function workerAt(index: number): CoverageWorker {
  let worker = workers[index]
  if (!worker || worker.failed) {
    worker = new CoverageWorker()
    workers[index] = worker
  }
  return worker
}

/**
 * Worker `index` (started when needed) assesses `networks` on the packed input; rejects with the
 * worker's error, or when the worker dies.
 */
export async function assessInWorker(
  index: number,
  packed: ReturnType<typeof packCoverageInput>,
  ruleset: RuleSet,
  networks: CoverageNetwork[],
): Promise<NetworkFindings[]> {
  const findings = await workerAt(index).assess(packed.input, packed.transfer, ruleset, networks)
  liftFindings(findings, packed.rows)
  replies++
  return findings
}

/** How many requests worker threads have answered in this process (for tests and diagnostics). */
export function countWorkerReplies(): number {
  return replies
}

/** Stops the worker threads (tests, and a server that closes). Later runs start new ones. */
export async function closeCoverageWorkers(): Promise<void> {
  const stopping = workers.splice(0)
  await Promise.all(stopping.map((worker) => worker.terminate()))
}

/**
 * Estimated milliseconds per village of each network, and of packing and unpacking a worker's
 * input: one-thread runs of each network on the synthetic province (50k villages: road 255, bus
 * 257, water 368, power 184, broadband 192 ms; packing and unpacking ~200 ms). Only the split over
 * threads depends on them, never a result.
 */
const MS_PER_VILLAGE: Record<CoverageNetwork, number> = {
  road: 0.0051,
  bus: 0.0051,
  water: 0.0074,
  power: 0.0037,
  broadband: 0.0038,
}
const SENDING_MS_PER_VILLAGE = 0.004

interface NetworkGroup {
  networks: CoverageNetwork[]
  /** Estimated work, ms. */
  work: number
}

/** Networks in groups that run together (road and bus share the road graph), with their work. */
function groupNetworks(networks: readonly CoverageNetwork[], villages: number): NetworkGroup[] {
  const groups: NetworkGroup[] = []
  const roadGroup = networks.filter((network) => network === 'road' || network === 'bus')
  const workOf = (group: CoverageNetwork[]) =>
    group.reduce((sum, network) => sum + MS_PER_VILLAGE[network] * villages, 0)
  if (roadGroup.length > 0) groups.push({ networks: roadGroup, work: workOf(roadGroup) })
  for (const network of networks) {
    if (network !== 'road' && network !== 'bus')
      groups.push({ networks: [network], work: workOf([network]) })
  }
  return groups
}

/**
 * Splits the groups over `threads` threads (index 0: this one). The road group goes to the first
 * worker: its input is the cheapest to send (villages and roads; no facilities but bus stops, no
 * service areas) and its graph work the heaviest (measured on 2 cores: 4 networks 1.45× with road in
 * the worker, 1.1–1.4× with it here). The rest go heaviest first, each onto the thread where it would
 * finish first; a worker's first group also costs the packing and unpacking.
 */
function assignGroups(
  groups: readonly NetworkGroup[],
  threads: number,
  villages: number,
): CoverageNetwork[][] {
  const loads = Array.from({ length: threads }, () => ({
    work: 0,
    networks: [] as CoverageNetwork[],
  }))
  for (const group of [...groups].sort((a, b) => b.work - a.work)) {
    let best = 0
    let bestEnd = Infinity
    const isRoad = group.networks.includes('road') || group.networks.includes('bus')
    loads.forEach((load, t) => {
      if (isRoad && threads > 1 && t !== 1) return
      // A worker's first group also waits for its input to be packed and unpacked.
      const sending = t > 0 && load.networks.length === 0 ? SENDING_MS_PER_VILLAGE * villages : 0
      const end = load.work + group.work + sending
      if (end < bestEnd) {
        best = t
        bestEnd = end
      }
    })
    const load = loads[best] as { work: number; networks: CoverageNetwork[] }
    load.work = bestEnd
    load.networks.push(...group.networks)
  }
  return loads.map((load) => load.networks)
}

/**
 * `computeCoverage(region, ruleset)` with the networks spread over this thread and worker threads
 * (see the module comment). Same table; falls back to this thread when a worker cannot help.
 */
export async function computeCoverageInParallel(
  region: RegionData,
  ruleset: RuleSet,
  options: { threads?: number; minVillages?: number } = {},
): Promise<CoverageTable> {
  const run = createCoverageRun(region, ruleset)
  const threads = Math.min(options.threads ?? coverageThreadCount(), run.networks.length)
  if (threads <= 1 || run.size < (options.minVillages ?? MIN_PARALLEL_VILLAGES))
    return run.finish(run.networks.map((network) => run.assessNetwork(network)))

  const groups = groupNetworks(run.networks, run.size)
  const [here = [], ...elsewhere] = assignGroups(groups, threads, run.size)
  const requests = elsewhere
    .filter((networks) => networks.length > 0)
    .map((networks, w) => {
      let request: Promise<NetworkFindings[]>
      try {
        request = assessInWorker(
          w,
          packCoverageInput(run.layers, ruleset, networks),
          ruleset,
          networks,
        )
      } catch (error) {
        request = Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
      // Settled into a value at once: this thread is busy below, and a rejection must not be
      // reported as unhandled meanwhile.
      return request.then(
        (findings) => ({ networks, findings, error: null }),
        (error: Error) => ({ networks, findings: null, error }),
      )
    })
  const findings = here.map((network) => run.assessNetwork(network))
  for (const reply of await Promise.all(requests)) {
    if (reply.findings) {
      findings.push(...reply.findings)
      continue
    }
    if (!warned && !(reply.error instanceof UnpackableInputError)) {
      warned = true
      process.emitWarning(
        `coverage worker failed, assessing in the main thread instead: ${reply.error.message}`,
        'TongcunCoverageWarning',
      )
    }
    for (const network of reply.networks) findings.push(run.assessNetwork(network))
  }
  return run.finish(findings)
}

/** `assessCoverage(region, ruleset)` on every core: the table above, every village described. */
export async function assessCoverageInParallel(
  region: RegionData,
  ruleset: RuleSet,
): Promise<CoverageResult> {
  const table = await computeCoverageInParallel(region, ruleset)
  return { ruleset: table.ruleset, villages: table.describeAll(), summary: table.summary }
}
