#!/usr/bin/env node
// `npm run dev`: the API (restarted on change by node --watch) + the Vite dev server of apps/web.
// The web app's vite config proxies /api to 127.0.0.1:$PORT (set here for both; TONGCUN_API_URL
// carries the full address too). Ctrl-C stops both.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const apiPort = process.env.PORT ?? '8600'
const apiHost = process.env.HOST ?? '127.0.0.1'
const env = {
  ...process.env,
  PORT: apiPort,
  HOST: apiHost,
  TONGCUN_API_URL: `http://${apiHost}:${apiPort}`,
}

const children = []
function run(name, command, args, cwd) {
  const child = spawn(command, args, { cwd, env, stdio: 'inherit' })
  child.on('exit', (code, signal) => {
    console.log(`[dev] ${name} exited (${signal ?? code})`)
    for (const other of children)
      if (other !== child && other.exitCode === null) other.kill('SIGTERM')
    process.exitCode = code ?? 0
  })
  children.push(child)
}

// Node's --watch restarts the API when a loaded file changes; it sends SIGTERM and waits for the
// exit, so PGlite closes cleanly (tsx watch force-kills instead).
const tsx = import.meta.resolve('tsx')
run('api', process.execPath, ['--watch', '--import', tsx, 'apps/api/src/server.ts'], repoRoot)

const webDir = path.join(repoRoot, 'apps/web')
const viteBin = path.join(repoRoot, 'node_modules/vite/bin/vite.js')
if (fs.existsSync(viteBin) && fs.existsSync(path.join(webDir, 'index.html'))) {
  run('web', process.execPath, [viteBin], webDir)
} else {
  console.warn('[dev] apps/web has no index.html yet; running the API only.')
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  })
}
