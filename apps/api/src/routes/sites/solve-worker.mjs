// Runs one `solveSites` in a worker thread so the API keeps answering (GET /jobs/:id, tiles) while
// HiGHS and the heuristics compute. Plain JS: it registers tsx first, then loads the TS package.
import { parentPort } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { solveSites } = await import('@tongcun/siting')

parentPort.once('message', async ({ problem, options }) => {
  try {
    const result = await solveSites(problem, {
      ...options,
      clock: () => performance.now(),
      onProgress: (fraction, message) =>
        parentPort.postMessage({ type: 'progress', fraction, message }),
    })
    parentPort.postMessage({ type: 'result', result })
  } catch (error) {
    parentPort.postMessage({
      type: 'error',
      code: typeof error?.code === 'string' ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
      details: error?.details ?? null,
      stack: error instanceof Error ? error.stack : null,
    })
  } finally {
    parentPort.close()
  }
})
