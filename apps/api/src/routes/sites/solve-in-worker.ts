import { Worker } from 'node:worker_threads'
import { DomainError, type ErrorCode, type SitingProblem, type SitingResult } from '@tongcun/domain'
import type { SolveSitesOptions } from '@tongcun/siting'

type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'result'; result: SitingResult }
  | {
      type: 'error'
      code: string | null
      message: string
      details: Record<string, unknown> | null
      stack: string | null
    }

/**
 * Solves in a worker thread (`solve-worker.mjs`) so the event loop stays free; DomainErrors cross
 * back as DomainErrors. The worker is terminated when the solve overruns its time limit by 60 s.
 */
export function solveInWorker(
  problem: SitingProblem,
  options: Pick<SolveSitesOptions, 'timeLimitSeconds' | 'seed' | 'method'>,
  onProgress: (fraction: number, message: string) => void,
): Promise<SitingResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./solve-worker.mjs', import.meta.url))
    let settled = false
    const settle = (action: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      action()
    }
    const timer = setTimeout(
      () => {
        settle(() => reject(new Error('siting worker overran its time limit and was stopped')))
        void worker.terminate()
      },
      ((options.timeLimitSeconds ?? 60) + 60) * 1000,
    )
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.fraction, message.message)
      else if (message.type === 'result') settle(() => resolve(message.result))
      else {
        const error = message.code
          ? new DomainError(
              message.code as ErrorCode,
              message.message,
              message.details ?? undefined,
            )
          : Object.assign(new Error(message.message), { stack: message.stack ?? undefined })
        settle(() => reject(error))
      }
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`siting worker exited with code ${code} before answering`))),
    )
    worker.postMessage({ problem, options })
  })
}
