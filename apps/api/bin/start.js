#!/usr/bin/env node
// `npm start`: builds the web app when its build is missing or older than its sources, then serves
// the API + web app on the embedded database (or DATABASE_URL). See apps/api/README.md.
// The root `npm start` runs it with a 64 MB young generation (see bin/tongcun.js for why), and on
// Linux with huge pages for malloc'd memory (./huge-pages.js).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'
import { restartWithHugePages } from './huge-pages.js'

await restartWithHugePages()

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const webDir = path.join(repoRoot, 'apps/web')
const builtIndex = path.join(webDir, 'dist/index.html')

/** Newest modification time (ms) of the files under `target` (skips node_modules and dist). */
function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  }
  return newest
}

function webNeedsBuild() {
  const built = fs.statSync(builtIndex, { throwIfNoEntry: false })
  if (!built) return true
  const sources = ['src', 'public', 'index.html', 'package.json'].map((entry) =>
    path.join(webDir, entry),
  )
  const viteConfigs = fs.existsSync(webDir)
    ? fs
        .readdirSync(webDir)
        .filter((name) => name.startsWith('vite.config'))
        .map((name) => path.join(webDir, name))
    : []
  return Math.max(...[...sources, ...viteConfigs].map(newestMtime)) > built.mtimeMs
}

function hasWebBuildScript() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(webDir, 'package.json'), 'utf8'))
    return typeof pkg.scripts?.build === 'string'
  } catch {
    return false
  }
}

if (process.env.TONGCUN_SKIP_WEB_BUILD !== '1' && webNeedsBuild()) {
  if (hasWebBuildScript()) {
    console.log('Building the web app (apps/web → apps/web/dist)…')
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const result = spawnSync(npm, ['run', 'build', '-w', '@tongcun/web'], {
      cwd: repoRoot,
      stdio: 'inherit',
    })
    if (result.status !== 0) {
      console.warn(
        'Web build failed; serving the API only (fix the build and restart to get the map).',
      )
    }
  } else {
    console.warn('The web app has no build script yet; serving the API only.')
  }
}

register()
await import('../src/server.ts')
