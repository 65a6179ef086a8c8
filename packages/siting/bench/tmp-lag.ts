import { readFileSync } from 'node:fs'
import { parseOrlibPmed, buildInstance, validateSitingProblem } from '../src/index'
import { boundPMedianWithCosts, fixSitesByBound } from '../src/lagrangian'
import { solveMip } from '../src/exact'
import { getHighs } from '../src/highs-runtime'
const highs = await getHighs()
for (const [k, ub] of [[2, 4093], [6, 7824], [7,5631]] as const) {
const problem = parseOrlibPmed(readFileSync(`../shared/reference/orlib-pmed/pmed${k}.txt`, 'utf8'))
const inst = buildInstance(validateSitingProblem(problem))
let t0 = performance.now()
const r = boundPMedianWithCosts(inst, { incumbent: ub, maxIterations: 3000, isExpired: () => false })
const fixed = fixSitesByBound(inst, r.rho, r.lambdaSum, ub, (v) => Math.ceil(v - 1e-6))
const t1 = performance.now()
const out = solveMip(highs, inst, { mode: 'model', timeLimitSeconds: 60, fixed })
console.log(k, r.bound, t1 - t0, 'open', fixed.filter(f => f === 1).length, 'closed', fixed.filter(f => f === 2).length, out.kind, performance.now() - t1)
}
