/**
 * In-process background jobs (one at a time, first in first out) with progress, kept in memory.
 * Solves are CPU-bound and run on the event loop between polls; finished jobs are kept until
 * `maxFinished` newer ones have finished. One queue per database (i.e. per app instance).
 */
import { DomainError } from '@tongcun/domain'

export type JobStatus = 'queued' | 'running' | 'done' | 'failed'

export interface JobView {
  id: string
  kind: string
  status: JobStatus
  /** 0..1 */
  progress: number
  message: string | null
  result: unknown
  /** Set when failed: problem code (DomainError) or `internal-error`, and a message safe to show. */
  error: { code: string; message: string } | null
  createdAt: string
  finishedAt: string | null
}

export type JobReport = (progress: number, message: string) => void

interface JobEntry extends JobView {
  run: (report: JobReport) => Promise<unknown>
}

export class JobQueue {
  private readonly jobs = new Map<string, JobEntry>()
  private readonly pending: JobEntry[] = []
  private running = false
  private counter = 0
  private readonly finished: string[] = []

  constructor(
    private readonly options: {
      maxFinished?: number
      onError?: (error: unknown, job: JobView) => void
    } = {},
  ) {}

  /** Queues `run`; returns the job id at once. */
  submit(kind: string, run: (report: JobReport) => Promise<unknown>): JobView {
    this.counter += 1
    const id = `${kind}-${Date.now().toString(36)}-${this.counter}`
    const job: JobEntry = {
      id,
      kind,
      status: 'queued',
      progress: 0,
      message: null,
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      run,
    }
    this.jobs.set(id, job)
    this.pending.push(job)
    setImmediate(() => void this.drain())
    return view(job)
  }

  /** The job's current state. Throws `DomainError('job-not-found')`. */
  get(id: string): JobView {
    const job = this.jobs.get(id)
    if (!job)
      throw new DomainError(
        'job-not-found',
        `No job ${id} (jobs are kept in memory until the server restarts)`,
        { id },
      )
    return view(job)
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.pending.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 10))
  }

  private async drain(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (let job = this.pending.shift(); job; job = this.pending.shift()) {
        job.status = 'running'
        const current = job
        try {
          current.result = await current.run((progress, message) => {
            current.progress = Math.max(0, Math.min(1, progress))
            current.message = message
          })
          current.status = 'done'
          current.progress = 1
        } catch (error) {
          current.status = 'failed'
          current.error =
            error instanceof DomainError
              ? { code: error.code, message: error.message }
              : {
                  code: 'internal-error',
                  message: 'The job failed unexpectedly; see the server log.',
                }
          this.options.onError?.(error, view(current))
        }
        current.finishedAt = new Date().toISOString()
        this.finished.push(current.id)
        const max = this.options.maxFinished ?? 200
        while (this.finished.length > max) this.jobs.delete(this.finished.shift()!)
        // Let pollers in between jobs.
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      this.running = false
    }
  }
}

function view(job: JobEntry): JobView {
  const { run: _run, ...rest } = job
  return { ...rest }
}

const queues = new WeakMap<object, JobQueue>()

/** The queue of an app, keyed by its database object (shared by every route plugin of the app). */
export function jobQueueFor(
  owner: object,
  onError?: (error: unknown, job: JobView) => void,
): JobQueue {
  let queue = queues.get(owner)
  if (!queue) {
    queue = new JobQueue(onError ? { onError } : {})
    queues.set(owner, queue)
  }
  return queue
}
