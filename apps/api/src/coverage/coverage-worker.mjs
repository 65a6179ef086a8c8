// Entry of a coverage worker thread (see parallel-coverage.ts): the thread gets no loader from its
// parent, so it registers tsx itself, then runs the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./coverage-worker.ts')
