/**
 * OR-Library p-median benchmark: `npm run bench:sites -- [--ref <dir>] [--only 1-5,7] [--time-limit 60]
 * [--method auto|exact|heuristic] [--seed 1] [--cap]`.
 * Reads pmed1–40 from ../shared/reference/orlib-pmed (or --ref), solves each, prints objective,
 * the known optimum (pmedopt.txt), the gap to it, our proven gap, status and time.
 * `--cap` instead runs the capacitated sets (OR-Library pmedcap1 `--only 1-20`, Lorena–Senne SJC
 * `--sjc SJC1,SJC2,SJC3b`; both by default).
 */
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseLorenaSjc, parseOrlibPmed, parseOrlibPmedcap, solveSites } from '../src/index'

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : undefined
}
const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../../..')
const refDir = resolve(flag('ref') ?? join(repo, '../shared/reference/orlib-pmed'))
const timeLimit = Number(flag('time-limit') ?? 60)
const seed = Number(flag('seed') ?? 1)
const method = (flag('method') ?? 'auto') as 'auto' | 'exact' | 'heuristic'

function parseOnly(spec: string | undefined, max: number): number[] {
  if (!spec) return Array.from({ length: max }, (_, k) => k + 1)
  const out: number[] = []
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number)
    for (let k = a!; k <= (b ?? a!); k++) out.push(k)
  }
  return out
}

const pad = (value: string | number, width: number): string => String(value).padStart(width)
const clock = (): number => performance.now()

async function runPmed(): Promise<void> {
  const optima = new Map<string, number>()
  for (const line of readFileSync(join(refDir, 'pmedopt.txt'), 'utf8').split(/\r?\n/).slice(1)) {
    const [name, value] = line.trim().split(/\s+/)
    if (name && value) optima.set(name, Number(value))
  }
  console.log(
    `OR-Library p-median, ref ${refDir}, time limit ${timeLimit} s, method ${method}, seed ${seed}`,
  )
  console.log(
    `${'inst'.padEnd(7)}${pad('n', 5)}${pad('p', 5)}${pad('objective', 11)}${pad('optimum', 9)}${pad('gap%', 8)}${pad('proven%', 9)}${pad('status', 10)}${pad('method', 11)}${pad('time s', 9)}`,
  )
  let atOptimum = 0
  let within1 = 0
  let worst = 0
  let totalSeconds = 0
  const list = parseOnly(flag('only'), 40)
  for (const k of list) {
    const name = `pmed${k}`
    const problem = parseOrlibPmed(readFileSync(join(refDir, `${name}.txt`), 'utf8'), name)
    const optimum = optima.get(name)
    const result = await solveSites(problem, { timeLimitSeconds: timeLimit, seed, method, clock })
    const gap =
      optimum && result.objective !== null ? ((result.objective - optimum) / optimum) * 100 : NaN
    if (gap === 0) atOptimum++
    if (gap <= 1) within1++
    worst = Math.max(worst, gap)
    totalSeconds += result.seconds
    console.log(
      `${name.padEnd(7)}${pad(problem.demand.length, 5)}${pad(problem.p ?? '', 5)}${pad(result.objective ?? '-', 11)}${pad(optimum ?? '-', 9)}${pad(gap.toFixed(3), 8)}${pad(result.gap === null ? '-' : (result.gap * 100).toFixed(3), 9)}${pad(result.status, 10)}${pad(result.method, 11)}${pad(result.seconds.toFixed(2), 9)}`,
    )
  }
  console.log(
    `summary: ${list.length} instances, ${atOptimum} at the known optimum, ${within1} within 1%, worst gap ${worst.toFixed(3)}%, total ${totalSeconds.toFixed(1)} s`,
  )
}

async function runCapacitated(): Promise<void> {
  const capDir = resolve(refDir, '../orlib-pmedcap')
  const sjcDir = resolve(refDir, '../lorena-sjc')
  console.log(`capacitated p-median (single-source), time limit ${timeLimit} s, method ${method}`)
  const rows: Array<{ name: string; text: string; kind: 'pmedcap' | 'sjc' }> = []
  for (const k of parseOnly(flag('only'), 20)) {
    const file = join(capDir, `pmedcap1_${String(k).padStart(2, '0')}.txt`)
    if (existsSync(file))
      rows.push({
        name: `pmedcap1_${String(k).padStart(2, '0')}`,
        text: readFileSync(file, 'utf8'),
        kind: 'pmedcap',
      })
  }
  const sjcNames = flag('sjc')
    ? flag('sjc')!.split(',')
    : flag('only')
      ? []
      : ['SJC1', 'SJC2', 'SJC3b']
  {
    for (const name of sjcNames) {
      const file = join(sjcDir, `${name}.dat`)
      if (existsSync(file)) rows.push({ name, text: readFileSync(file, 'utf8'), kind: 'sjc' })
    }
  }
  console.log(
    `${'inst'.padEnd(12)}${pad('n', 5)}${pad('p', 4)}${pad('objective', 12)}${pad('best known', 12)}${pad('gap%', 8)}${pad('proven%', 9)}${pad('status', 10)}${pad('time s', 9)}`,
  )
  for (const row of rows) {
    let problem
    let best: number | null = null
    if (row.kind === 'pmedcap') {
      const parsed = parseOrlibPmedcap(row.text)
      problem = parsed.problem
      best = parsed.bestKnown
    } else problem = parseLorenaSjc(row.text)
    const result = await solveSites(problem, { timeLimitSeconds: timeLimit, seed, method, clock })
    const gap = best && result.objective !== null ? ((result.objective - best) / best) * 100 : NaN
    console.log(
      `${row.name.padEnd(12)}${pad(problem.demand.length, 5)}${pad(problem.p ?? '', 4)}${pad(result.objective === null ? '-' : result.objective.toFixed(2), 12)}${pad(best ?? '-', 12)}${pad(Number.isNaN(gap) ? '-' : gap.toFixed(3), 8)}${pad(result.gap === null ? '-' : (result.gap * 100).toFixed(3), 9)}${pad(result.status, 10)}${pad(result.seconds.toFixed(2), 9)}`,
    )
  }
}

if (args.includes('--cap')) await runCapacitated()
else await runPmed()
