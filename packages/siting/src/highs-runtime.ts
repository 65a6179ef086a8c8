import loadHighs, { type Highs } from 'highs'

let runtime: Promise<Highs> | null = null

/**
 * The one loaded HiGHS WebAssembly module, shared by every solve (loading costs ~0.1 s and each
 * instance holds its own linear memory). After a native error the module is dropped with
 * `resetHighs()` so the next solve starts from a fresh instance.
 */
export function getHighs(): Promise<Highs> {
  runtime ??= loadHighs().catch((error: unknown) => {
    runtime = null
    throw error
  })
  return runtime
}

/** Forgets the loaded module (after a WebAssembly abort, or to release its memory). */
export function resetHighs(): void {
  runtime = null
}
