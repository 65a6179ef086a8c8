import { solveSites, createRng } from '../src/index'
const rng = createRng(5)
const n = 1000, m = 60
const pts = Array.from({ length: n }, () => [rng() * 50000, rng() * 50000])
const sites = Array.from({ length: m }, () => [rng() * 50000, rng() * 50000])
const demand = pts.map((_, i) => ({ id: `v${i}`, weight: 50 + Math.floor(rng() * 500), size: 10 + Math.floor(rng() * 100) }))
const total = demand.reduce((s, d) => s + d.size, 0)
const candidates = sites.map((_, j) => ({ id: `s${j}`, capacity: Math.round(total / 8 * 1.3) }))
const matrix = pts.map((a) => sites.map((b) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!)))
for (const objective of ['p-median', 'mclp', 'p-center', 'lscp'] as const) {
  const t0 = performance.now()
  const r = await solveSites({ objective, p: 8, maxCost: objective === 'mclp' || objective === 'lscp' ? 12000 : undefined, demand, candidates, matrix, singleSource: true }, { timeLimitSeconds: 20, clock: () => performance.now() })
  console.log(objective, r.status, r.method, r.objective?.toFixed(1), 'gap', r.gap?.toFixed(4), r.open.length, ((performance.now() - t0) / 1000).toFixed(1), r.reason ?? '')
}
