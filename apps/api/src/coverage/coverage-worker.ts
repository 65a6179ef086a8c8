/**
 * A coverage worker thread: assesses the networks it is asked for on the packed input it is given
 * and hands back their findings (typed arrays, moved, not copied). See parallel-coverage.ts.
 */
import { parentPort } from 'node:worker_threads'
import { createCoverageRun, unpackCoverageInput } from '@tongcun/coverage'
import type { NetworkFindings } from '@tongcun/coverage'
import type { WorkerReply, WorkerRequest } from './parallel-coverage'

/** The distinct buffers under the typed arrays of `findings` (an arena shares a few big ones). */
function buffersOf(findings: readonly NetworkFindings[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  const add = (array: ArrayBufferView | null) => {
    if (array) buffers.add(array.buffer as ArrayBuffer)
  }
  for (const found of findings) {
    for (const stage of [found.today, found.planned]) {
      for (const column of Object.values(stage)) add(column as ArrayBufferView | null)
    }
    add(found.plannedStage)
    add(found.status)
    add(found.gapLengthM)
    add(found.costToClose)
  }
  return [...buffers]
}

const port = parentPort
if (!port) throw new Error('coverage-worker.ts runs as a worker thread')
port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  let transfer: ArrayBuffer[] = []
  try {
    const run = createCoverageRun(unpackCoverageInput(request.input), request.ruleset)
    const findings = request.networks.map((network) => run.assessNetwork(network))
    transfer = buffersOf(findings)
    reply = { id: request.id, findings }
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }
  }
  port.postMessage(reply, transfer)
})
