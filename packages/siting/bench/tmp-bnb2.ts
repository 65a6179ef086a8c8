import { readFileSync } from 'node:fs'
import { parseOrlibPmed, buildInstance, validateSitingProblem } from '../src/index'
import { boundPMedianWithCosts } from '../src/lagrangian'
const inst = buildInstance(validateSitingProblem(parseOrlibPmed(readFileSync(`../shared/reference/orlib-pmed/pmed2.txt`, 'utf8'))))
for (let r = 0; r < 3; r++) {
const t0 = performance.now()
const b = boundPMedianWithCosts(inst, { incumbent: 4093, maxIterations: 1500, isExpired: () => false })
console.log(b.bound, performance.now() - t0)
}
