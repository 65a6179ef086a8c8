// Huge pages for malloc'd memory on Linux (glibc's `glibc.malloc.hugetlb=1` tunable): the coverage
// engine's run arena (up to 2 GB of `SharedArrayBuffer`, read at random) then takes 2 MB pages
// instead of 4 KB ones, and the national analysis makes ~100k page faults instead of ~450k.
// Alternated runs (packages/coverage/README, "2026-12-07, late night"): `tongcun coverage` of the
// national set from PostgreSQL 54.8 / 60.7 s with it, 62.2 / 69.7 s without, the same bytes; the
// province's analysis 0.72 / 1.03 s against 0.93 / 1.26 s. glibc reads its tunables only when a
// process starts, so a command that wants them starts itself again once with them set. Not on
// other systems (musl, macOS and Windows have no such tunable), and not when GLIBC_TUNABLES
// already says hugetlb either way (`GLIBC_TUNABLES=glibc.malloc.hugetlb=0` turns it off).
import { spawn } from 'node:child_process'

const TUNABLE = 'glibc.malloc.hugetlb'

/**
 * On Linux without the tunable: runs this same command (node flags and arguments) in a child with
 * it, passes the terminal through, forwards SIGINT, SIGTERM and SIGHUP, and exits as the child
 * did; the returned promise then never settles. Otherwise resolves at once and the caller goes on.
 */
export function restartWithHugePages() {
  const tunables = process.env.GLIBC_TUNABLES ?? ''
  if (process.platform !== 'linux' || tunables.includes(`${TUNABLE}=`)) return Promise.resolve()
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}=1` : `${TUNABLE}=1`,
    },
  })
  // A signal sent to this process alone reaches the command too. Ctrl-C reaches both from the
  // terminal, so the command may get it twice: the server acts on the first, the CLI ends on it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  return new Promise(() => {
    child.on('error', (error) => {
      process.stderr.write(`cannot start ${process.execPath}: ${error.message}\n`)
      process.exit(1)
    })
    child.on('exit', (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal)
        process.kill(process.pid, signal)
      } else process.exit(code ?? 1)
    })
  })
}
