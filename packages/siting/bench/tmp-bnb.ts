import { readFileSync } from 'node:fs'
import { parseOrlibPmed, buildInstance, validateSitingProblem } from '../src/index'
import { solvePMedianBnb } from '../src/pmedian-bnb'
import { solvePMedianUncapacitated, createRng } from '../src/heuristic'
import { assignNearest, objectiveOf } from '../src/solution'
for (const k of [2, 3, 6]) {
  const inst = buildInstance(validateSitingProblem(parseOrlibPmed(readFileSync(`../shared/reference/orlib-pmed/pmed${k}.txt`, 'utf8'))))
  let t0 = performance.now()
  const open = solvePMedianUncapacitated(inst, { isExpired: () => false, rng: createRng(1), maxStall: 10 })
  const sol = assignNearest(inst, open)
  const t1 = performance.now()
  const r = solvePMedianBnb(inst, { incumbentOpen: open, incumbentValue: objectiveOf(inst, sol), integral: true, isExpired: () => false, maxNodes: 100000 })
  console.log(k, 'heur', objectiveOf(inst, sol), (t1 - t0).toFixed(0), 'bnb', r.value, r.complete, r.nodes, r.rootBound.toFixed(2), (performance.now() - t1).toFixed(0))
}
