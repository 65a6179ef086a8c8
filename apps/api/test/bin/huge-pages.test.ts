/**
 * `bin/huge-pages.js`: the CLI starts itself again once with glibc's malloc huge pages on Linux,
 * keeping its node flags, arguments, other tunables, exit code and signals; and the memory it then
 * mallocs does come in huge pages where the kernel offers them (transparent huge pages "madvise" or
 * "always").
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const hugePages = fileURLToPath(new URL('../../bin/huge-pages.js', import.meta.url))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-huge-pages-'))
const probe = path.join(dir, 'probe.mjs')
// Reports what the (restarted) process sees; `touch` mallocs 64 MB (Buffer.alloc: calloc, mmap'd)
// and writes every page, `wait` waits for SIGTERM, a number is the exit code.
fs.writeFileSync(
  probe,
  `import fs from 'node:fs'
import { restartWithHugePages } from ${JSON.stringify(pathToFileURL(hugePages).href)}
await restartWithHugePages()
const hugeKb = () => {
  const line = fs.readFileSync('/proc/self/smaps_rollup', 'utf8').split('\\n').find((l) => l.startsWith('AnonHugePages:'))
  return line ? Number(line.split(/\\s+/)[1]) : 0
}
const report = { pid: process.pid, tunables: process.env.GLIBC_TUNABLES ?? null, argv: process.argv.slice(2), execArgv: process.execArgv }
const mode = process.argv[2]
if (mode === 'touch') {
  const before = hugeKb()
  const buffer = Buffer.alloc(64 * 2 ** 20)
  for (let i = 0; i < buffer.length; i += 4096) buffer[i] = 1
  report.hugeKb = hugeKb() - before
}
if (mode === 'wait') {
  // Listening before the report is out: the test signals as soon as it reads the report.
  process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(7) })
  setInterval(() => {}, 1000)
}
console.log(JSON.stringify(report))
if (mode !== 'wait') process.exit(mode === 'touch' ? 0 : Number(mode))
`,
)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const linux = process.platform === 'linux'

/** This process's environment with GLIBC_TUNABLES as given (unset when not). */
function envWith(tunables?: string): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.GLIBC_TUNABLES
  if (tunables !== undefined) env.GLIBC_TUNABLES = tunables
  return env
}

function run(args: string[], tunables?: string) {
  const result = spawnSync(process.execPath, ['--max-semi-space-size=32', probe, ...args], {
    env: envWith(tunables),
    encoding: 'utf8',
  })
  const lines = result.stdout.trim().split('\n')
  return {
    status: result.status,
    lines,
    report: JSON.parse(lines[0] ?? 'null'),
    stderr: result.stderr,
  }
}

describe('restartWithHugePages', () => {
  it('runs the command once more with the tunable, its flags and arguments, and its exit code', () => {
    const { status, lines, report, stderr } = run(['3'])
    expect(stderr).toBe('')
    expect(status).toBe(3)
    expect(lines).toHaveLength(1) // the command ran once, not twice
    expect(report.tunables).toBe(linux ? 'glibc.malloc.hugetlb=1' : null)
    expect(report.execArgv).toEqual(['--max-semi-space-size=32'])
    expect(report.argv).toEqual(['3'])
  })

  it('keeps other tunables, and a hugetlb setting of the user stops the restart', () => {
    expect(run(['0'], 'glibc.malloc.arena_max=2').report.tunables).toBe(
      linux ? 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1' : 'glibc.malloc.arena_max=2',
    )
    const off = run(['0'], 'glibc.malloc.hugetlb=0')
    expect(off.status).toBe(0)
    expect(off.report.tunables).toBe('glibc.malloc.hugetlb=0')
  })

  it('passes SIGTERM on to the restarted command and exits as it does', async () => {
    const parent = spawn(process.execPath, [probe, 'wait'], { env: envWith() })
    let out = ''
    await new Promise<void>((resolve) =>
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve()
      }),
    )
    const report = JSON.parse(out.split('\n')[0] as string)
    // On Linux the command runs in a child of the process started here.
    expect(report.pid !== parent.pid).toBe(linux)
    parent.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => parent.on('exit', resolve))
    expect(out).toContain('child got SIGTERM')
    expect(code).toBe(7)
  })

  it('gives malloc huge pages where the kernel offers them to madvise', () => {
    // The kernel's mode is the bracketed word: always, madvise or never.
    const thp = linux
      ? fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8')
      : '[never]'
    const mode = /\[(\w+)\]/.exec(thp)?.[1]
    const on = run(['touch']).report.hugeKb as number
    const off = run(['touch'], 'glibc.malloc.hugetlb=0').report.hugeKb as number
    if (mode === 'never') expect(on).toBe(0)
    // Most of the 64 MB with the tunable; under madvise, only memory asked for gets them.
    else expect(on).toBeGreaterThan(32 * 1024)
    if (mode === 'madvise') expect(off).toBe(0)
  })
})
