import { readFileSync } from 'node:fs'
import { parseOrlibPmed, solveSites } from '../src/index'
for (const k of [1, 2, 5, 6]) {
  const problem = parseOrlibPmed(readFileSync(`../shared/reference/orlib-pmed/pmed${k}.txt`, 'utf8'))
  for (const method of ['exact', 'heuristic'] as const) {
    const t0 = performance.now()
    const marks: string[] = []
    const r = await solveSites(problem, { method, clock: () => performance.now(), onProgress: (f, m) => marks.push(`${m}@${(performance.now() - t0).toFixed(0)}`) })
    console.log(k, method, r.status, r.objective, r.lowerBound, r.seconds.toFixed(2), marks.join(' '), r.reason ?? '')
  }
}
