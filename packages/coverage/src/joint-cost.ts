/**
 * Joint cost of closing the gaps of one network for a set of villages: a minimum spanning tree over
 * the gap villages plus one virtual node standing for the existing counting network (Prim, dense
 * O(n²); n is the number of gap villages of one unit, typically a county).
 */
import type {
  BuiltNetwork,
  CoverageResult,
  JointCost,
  JointCostEdge,
  RuleSet,
  VillageCoverage,
} from '@tongcun/domain'
import { fastGeodesicDistanceM } from '@tongcun/spatial'
import { roundMetres, roundYuan } from './costs'

/**
 * Compares closing every gap of `network` with its own spur (the sum of `costToClose`) with a shared
 * tree: village–network edges are each village's spur (its gap length and cost as assessed),
 * village–village edges are the geodesic distance between seats times the mean route factor of
 * the two villages' terrains, priced at the mean of their unit costs. Edges are minimised by cost.
 * Villages with no counting feature at all in the data can only join through other villages.
 * @returns lengths in metres (built length, 0.1 m) and costs in CNY; edges in the order Prim adds them
 */
export function estimateJointCost(
  input: CoverageResult | readonly VillageCoverage[],
  ruleset: RuleSet,
  network: BuiltNetwork = 'road',
): JointCost {
  const villages = ('villages' in input ? input.villages : input)
    .filter((village) => village.coverage[network].status === 'gap')
    .slice()
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const costs = ruleset.costs
  const n = villages.length
  const metreCost = villages.map(
    (v) => (costs.routeFactor[v.terrain] * costs.perKm[network][v.terrain]) / 1000,
  )
  const routeFactor = villages.map((v) => costs.routeFactor[v.terrain])
  // Node n is the network. best[i] = cheapest known connection of i to the tree.
  const inTree = new Uint8Array(n)
  const bestCost = new Float64Array(n).fill(Infinity)
  const bestLength = new Float64Array(n).fill(0)
  const bestFrom = new Int32Array(n).fill(-1)
  let separateLength = 0
  let separateCost = 0
  villages.forEach((village, i) => {
    const result = village.coverage[network]
    if (result.gapLengthM !== null && result.costToClose !== null) {
      bestCost[i] = result.costToClose
      bestLength[i] = result.gapLengthM
      bestFrom[i] = n
      separateLength += result.gapLengthM
      separateCost += result.costToClose
    }
  })
  const edges: JointCostEdge[] = []
  let treeLength = 0
  let treeCost = 0
  for (let added = 0; added < n; added++) {
    let next = -1
    for (let i = 0; i < n; i++) {
      if (inTree[i] || !Number.isFinite(bestCost[i] ?? Infinity)) continue
      if (next < 0 || (bestCost[i] ?? Infinity) < (bestCost[next] ?? Infinity)) next = i
    }
    if (next < 0) break // the rest cannot reach the network (no counting feature in the data)
    inTree[next] = 1
    const from = bestFrom[next] ?? n
    const lengthM = roundMetres(bestLength[next] ?? 0)
    const cost = roundYuan(bestCost[next] ?? 0)
    edges.push({
      from: from === n ? 'network' : (villages[from]?.code ?? ''),
      to: villages[next]?.code ?? '',
      lengthM,
      cost,
    })
    treeLength += lengthM
    treeCost += cost
    const seat = villages[next]?.position ?? [0, 0]
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue
      const straight = fastGeodesicDistanceM(seat, villages[i]?.position ?? [0, 0])
      const built = (straight * ((routeFactor[i] ?? 1) + (routeFactor[next] ?? 1))) / 2
      const cost = (straight * ((metreCost[i] ?? 0) + (metreCost[next] ?? 0))) / 2
      if (cost < (bestCost[i] ?? Infinity)) {
        bestCost[i] = cost
        bestLength[i] = built
        bestFrom[i] = next
      }
    }
  }
  return {
    network,
    villages: n,
    separateSpursLengthM: roundMetres(separateLength),
    separateSpursCost: roundYuan(separateCost),
    jointTreeLengthM: roundMetres(treeLength),
    jointTreeCost: roundYuan(treeCost),
    edges,
  }
}
