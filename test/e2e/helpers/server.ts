/**
 * Starts the app the way the README does (`npm start` → `node apps/api/bin/start.js`) on a free
 * port with a temporary data dir, and stops it again.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface StartedApp {
  url: string
  output: () => string
  stop(): Promise<void>
}

export async function startApp(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<StartedApp> {
  const port = await freePort()
  const ownDataDir = !options.dataDir
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tongcun-e2e-'))
  let log = ''
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TONGCUN_DATA_DIR: dataDir,
    ...options.env,
  }
  delete env.DATABASE_URL // the browser tests run on the embedded engine, seeded with the sample region
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true, // own process group: npm and node are stopped together
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 280_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`)
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return {
    url,
    output: () => log,
    async stop() {
      const group = child.pid
      if (group) {
        // Stop npm and the node server (same process group) and wait until the whole group is gone,
        // so that the next server may take over the data dir at once.
        const alive = () => {
          try {
            process.kill(-group, 0)
            return true
          } catch {
            return false
          }
        }
        const signal = (name: NodeJS.Signals) => {
          try {
            process.kill(-group, name)
          } catch {
            // already gone
          }
        }
        signal('SIGTERM')
        const deadline = Date.now() + 15_000
        while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
        if (alive()) signal('SIGKILL')
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
