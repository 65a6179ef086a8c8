/**
 * A coverage worker thread: assesses the networks it is asked for on the packed input it is given
 * and hands back their findings (typed arrays in one buffer, moved, not copied). See
 * parallel-coverage.ts.
 */
import { parentPort } from 'node:worker_threads'
import { createCoverageRun, unpackCoverageInput } from '@tongcun/coverage'
import type { NetworkFindings } from '@tongcun/coverage'
import type { WorkerReply, WorkerRequest } from './parallel-coverage'

type Column = Uint8Array | Int32Array | Float64Array

/**
 * `findings` with every column copied into one buffer of their own, and that buffer: the run's arena
 * also holds its indexes and graphs, which would otherwise travel along and live as long as the
 * findings in the receiving thread (on the national set ~1 GB of external memory that made its
 * collector run far more often while the GeoJSON was written).
 */
function compactFindings(findings: readonly NetworkFindings[]): {
  findings: NetworkFindings[]
  buffer: ArrayBuffer
} {
  const columnsOf = (found: NetworkFindings): (Column | null)[] => [
    ...Object.values(found.today),
    ...Object.values(found.planned),
    found.plannedStage,
    found.status,
    found.gapLengthM,
    found.costToClose,
  ]
  let bytes = 0
  for (const found of findings)
    for (const column of columnsOf(found)) if (column) bytes += Math.ceil(column.byteLength / 8) * 8
  const buffer = new ArrayBuffer(bytes)
  let offset = 0
  const copy = <T extends Column>(column: T): T => {
    const Kind = column.constructor as new (
      buffer: ArrayBuffer,
      offset: number,
      length: number,
    ) => T
    const copied = new Kind(buffer, offset, column.length)
    copied.set(column as never)
    offset += Math.ceil(column.byteLength / 8) * 8
    return copied
  }
  const copyStage = <S extends NetworkFindings['today']>(stage: S): S =>
    Object.fromEntries(
      Object.entries(stage).map(([key, column]) => [key, column ? copy(column as Column) : column]),
    ) as S
  const compacted = findings.map((found) => ({
    ...found,
    today: copyStage(found.today),
    planned: copyStage(found.planned),
    plannedStage: copy(found.plannedStage),
    status: copy(found.status),
    gapLengthM: copy(found.gapLengthM),
    costToClose: copy(found.costToClose),
  }))
  return { findings: compacted, buffer }
}

const port = parentPort
if (!port) throw new Error('coverage-worker.ts runs as a worker thread')
port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  let transfer: ArrayBuffer[] = []
  try {
    const run = createCoverageRun(unpackCoverageInput(request.input), request.ruleset)
    const compact = compactFindings(request.networks.map((network) => run.assessNetwork(network)))
    transfer = [compact.buffer]
    reply = { id: request.id, findings: compact.findings }
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }
  }
  port.postMessage(reply, transfer)
})
