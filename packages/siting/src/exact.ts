import type { Highs, ObjectiveSense } from 'highs'
import { FORBIDDEN, REQUIRED, type Instance } from './problem'
import { assignNearest, type Solution } from './solution'

/** What the MIP solve established. */
export interface MipOutcome {
  /** HiGHS said optimal / proved infeasible / stopped with an incumbent / stopped without one. */
  kind: 'optimal' | 'feasible' | 'infeasible' | 'no-solution'
  solution: Solution | null
  /** HiGHS dual bound in the model's objective (lower for minimisation, upper for mclp). */
  bound: number | null
  highsStatus: string
}

export interface MipSpec {
  /**
   * `model`: the instance's own model. `cover-check`: is there an assignment using only pairs with
   * cost ≤ radius and at most p sites (the p-center decision problem)?
   */
  mode: 'model' | 'cover-check'
  radius?: number
  timeLimitSeconds: number
  start?: Solution | null
  /** Per candidate 0 = free, 1 = fix open, 2 = fix closed (from Lagrangian site fixing). */
  fixed?: Uint8Array
}

const STATUS_NAMES = [
  'notSet',
  'loadError',
  'modelError',
  'presolveError',
  'solveError',
  'postsolveError',
  'empty',
  'optimal',
  'infeasible',
  'unboundedOrInfeasible',
  'unbounded',
  'objectiveBound',
  'objectiveTarget',
  'timeLimit',
  'iterationLimit',
  'unknown',
  'solutionLimit',
  'interrupted',
]

/**
 * Builds and solves the strong MIP formulation with HiGHS:
 * y_j ∈ {0,1} per non-forbidden candidate (required: y_j = 1); x_ij per allowed pair with
 * x_ij ≤ y_j; capacities Σ size_i x_ij ≤ cap_j y_j; x binary when single-source and capacitated,
 * continuous otherwise (uncapacitated answers are then re-assigned to the nearest open site, which
 * is optimal). Uncapacitated mclp/lscp use cover rows on y only.
 */
export function solveMip(highs: Highs, instance: Instance, spec: MipSpec): MipOutcome {
  const {
    n,
    m,
    objective,
    p,
    cost,
    weight,
    size,
    capacity,
    capacitated,
    singleSource,
    allowed,
    openState,
  } = instance
  const radius = spec.radius ?? Number.POSITIVE_INFINITY
  const isPair = (k: number): boolean =>
    allowed[k] === 1 && cost[k]! <= radius && spec.fixed?.[k % m] !== 2
  const kind = spec.mode === 'cover-check' ? 'check' : objective
  if (kind === 'p-median' && !capacitated) return solvePMedianCompact(highs, instance, spec)
  const useX = kind === 'p-median' || capacitated
  const useZ = kind === 'mclp' && !capacitated

  const colCost: number[] = []
  const colLower: number[] = []
  const colUpper: number[] = []
  const integrality: number[] = []
  const yCol = new Int32Array(m).fill(-1)
  const fixed = spec.fixed
  for (let j = 0; j < m; j++) {
    if (openState[j] === FORBIDDEN || fixed?.[j] === 2) continue
    yCol[j] = colCost.length
    colCost.push(kind === 'lscp' ? 1 : 0)
    colLower.push(openState[j] === REQUIRED || fixed?.[j] === 1 ? 1 : 0)
    colUpper.push(1)
    integrality.push(1)
  }
  const pairI: number[] = []
  const pairJ: number[] = []
  const xStart = colCost.length
  if (useX) {
    const xInteger = singleSource && capacitated ? 1 : 0
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        if (!isPair(i * m + j)) continue
        pairI.push(i)
        pairJ.push(j)
        colCost.push(
          kind === 'p-median' ? weight[i]! * cost[i * m + j]! : kind === 'mclp' ? weight[i]! : 0,
        )
        colLower.push(0)
        colUpper.push(1)
        integrality.push(xInteger)
      }
    }
  }
  const zStart = colCost.length
  if (useZ) {
    for (let i = 0; i < n; i++) {
      colCost.push(weight[i]!)
      colLower.push(0)
      colUpper.push(1)
      integrality.push(0)
    }
  }

  const starts: number[] = [0]
  const indices: number[] = []
  const values: number[] = []
  const rowLower: number[] = []
  const rowUpper: number[] = []
  const inf = highs.infinity
  const addRow = (lower: number, upper: number, cols: number[], coefs: number[]): void => {
    for (let k = 0; k < cols.length; k++) {
      indices.push(cols[k]!)
      values.push(coefs[k]!)
    }
    starts.push(indices.length)
    rowLower.push(lower)
    rowUpper.push(upper)
  }
  // Number of open sites.
  const yCols: number[] = []
  for (let j = 0; j < m; j++) if (yCol[j]! >= 0) yCols.push(yCol[j]!)
  if (kind === 'p-median' || kind === 'mclp')
    addRow(
      p,
      p,
      yCols,
      yCols.map(() => 1),
    )
  else if (kind === 'check')
    addRow(
      -inf,
      p,
      yCols,
      yCols.map(() => 1),
    )

  if (useX) {
    // Pairs grouped by demand (they were generated in demand order).
    let k = 0
    const byCandidate: number[][] = Array.from({ length: m }, () => [])
    for (let i = 0; i < n; i++) {
      const cols: number[] = []
      while (k < pairI.length && pairI[k] === i) {
        cols.push(xStart + k)
        byCandidate[pairJ[k]!]!.push(k)
        k++
      }
      if (kind === 'mclp') {
        if (cols.length > 0)
          addRow(
            -inf,
            1,
            cols,
            cols.map(() => 1),
          )
      } else
        addRow(
          1,
          1,
          cols,
          cols.map(() => 1),
        ) // empty row with lower 1: infeasible, as it should be
    }
    for (let q = 0; q < pairI.length; q++) addRow(-inf, 0, [xStart + q, yCol[pairJ[q]!]!], [1, -1])
    if (capacitated) {
      for (let j = 0; j < m; j++) {
        if (yCol[j]! < 0 || !Number.isFinite(capacity[j]!)) continue
        const list = byCandidate[j]!
        const cols = list.map((q) => xStart + q).concat([yCol[j]!])
        const coefs = list.map((q) => size[pairI[q]!]!).concat([-capacity[j]!])
        addRow(-inf, 0, cols, coefs)
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const cols: number[] = []
      for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && isPair(i * m + j)) cols.push(yCol[j]!)
      if (useZ) {
        // z_i − Σ y_j ≤ 0
        addRow(-inf, 0, [zStart + i, ...cols], [1, ...cols.map(() => -1)])
      } else
        addRow(
          1,
          inf,
          cols,
          cols.map(() => 1),
        )
    }
  }

  const model = createMipModel(
    highs,
    { colCost, colLower, colUpper, integrality, rowLower, rowUpper, starts, indices, values },
    kind === 'mclp'
      ? highs.constants.objectiveSense.maximize
      : highs.constants.objectiveSense.minimize,
    spec.timeLimitSeconds,
  )
  try {
    if (spec.start) {
      const colValue = new Float64Array(colCost.length)
      for (let j = 0; j < m; j++) if (yCol[j]! >= 0) colValue[yCol[j]!] = spec.start.open[j]!
      const pairIndex = new Map<number, number>()
      for (let q = 0; q < pairI.length; q++) pairIndex.set(pairI[q]! * m + pairJ[q]!, q)
      let consistent = true
      spec.start.parts.forEach((parts, i) => {
        let served = 0
        for (const [j, fraction] of parts) {
          served += fraction
          if (!useX) continue
          const q = pairIndex.get(i * m + j)
          if (q === undefined) consistent = false
          else colValue[xStart + q] = fraction
        }
        if (useZ) colValue[zStart + i] = Math.min(1, served)
      })
      if (consistent) model.setSolution({ colValue })
    }
    const run = model.run()
    const status = run.modelStatus
    const statusName = STATUS_NAMES[status] ?? String(status)
    if (status === 8 || status === 9)
      return { kind: 'infeasible', solution: null, bound: null, highsStatus: statusName }
    if (status >= 1 && status <= 5) {
      throw new Error(`HiGHS failed with model status ${statusName}`)
    }
    const hasPrimal = Number(model.info.get('primal_solution_status')) === 2
    if (!hasPrimal) {
      return {
        kind: 'no-solution',
        solution: null,
        bound: readBound(model, kind),
        highsStatus: statusName,
      }
    }
    const colValue = model.getSolution().colValue
    const open = new Uint8Array(m)
    for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && colValue[yCol[j]!]! > 0.5) open[j] = 1
    let solution: Solution
    if (!capacitated) {
      solution = assignNearest(instance, open)
    } else {
      const parts: Array<Array<[number, number]>> = Array.from({ length: n }, () => [])
      for (let q = 0; q < pairI.length; q++) {
        let value = colValue[xStart + q]!
        if (value <= 1e-7) continue
        if (singleSource) {
          if (value < 0.5) continue
          value = 1
        }
        parts[pairI[q]!]!.push([pairJ[q]!, Math.min(1, value)])
      }
      solution = { open, parts }
    }
    return {
      kind: status === 7 ? 'optimal' : 'feasible',
      solution,
      bound: readBound(model, kind) ?? (status === 7 ? model.getObjectiveValue() : null),
      highsStatus: statusName,
    }
  } finally {
    model.dispose()
  }
}

/** A MIP as plain arrays while it is built: columns, and rows in CSR form. */
interface MipArrays {
  colCost: number[]
  colLower: number[]
  colUpper: number[]
  integrality: number[]
  rowLower: number[]
  rowUpper: number[]
  starts: number[]
  indices: number[]
  values: number[]
}

/** Loads the arrays into a HiGHS model with the options every formulation here shares. */
function createMipModel(
  highs: Highs,
  arrays: MipArrays,
  sense: ObjectiveSense,
  timeLimitSeconds: number,
  offset?: number,
): ReturnType<Highs['createModel']> {
  const numCols = arrays.colCost.length
  const numRows = arrays.rowLower.length
  const model = highs.createModel({
    numCols,
    numRows,
    ...(offset === undefined ? {} : { offset }),
    sense,
    colCost: Float64Array.from(arrays.colCost),
    colLower: Float64Array.from(arrays.colLower),
    colUpper: Float64Array.from(arrays.colUpper),
    rowLower: Float64Array.from(arrays.rowLower),
    rowUpper: Float64Array.from(arrays.rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(arrays.starts),
      indices: Int32Array.from(arrays.indices),
      values: Float64Array.from(arrays.values),
    },
    integrality: Int32Array.from(arrays.integrality),
  })
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.01, timeLimitSeconds),
      mip_rel_gap: 1e-7,
      mip_abs_gap: 1e-6,
      random_seed: 0,
    })
  } catch (error) {
    model.dispose()
    throw error
  }
  return model
}

function readBound(
  model: { info: { get(name: string): number | bigint } },
  kind: string,
): number | null {
  try {
    const bound = Number(model.info.get('mip_dual_bound'))
    if (!Number.isFinite(bound)) return null
    return kind === 'check' ? null : bound
  } catch {
    return null
  }
}

/**
 * Uncapacitated p-median in the compact "cumulative distance" form (Elloumi 2010, same LP bound as
 * the strong formulation): per demand i with distinct allowed costs D_1 < … < D_K,
 * cost = w_i (D_1 + Σ_k (D_{k+1} − D_k) z_ik), z_ik ≥ z_i,k−1 − Σ_{j: c_ij = D_k} y_j, z_i0 = 1,
 * z ≥ 0, and Σ_{j allowed} y_j ≥ 1. Answers are re-assigned to the nearest open site.
 */
function solvePMedianCompact(highs: Highs, instance: Instance, spec: MipSpec): MipOutcome {
  const { n, m, p, cost, weight, allowed, openState } = instance
  const fixed = spec.fixed
  const colCost: number[] = []
  const colLower: number[] = []
  const colUpper: number[] = []
  const integrality: number[] = []
  const yCol = new Int32Array(m).fill(-1)
  for (let j = 0; j < m; j++) {
    if (openState[j] === FORBIDDEN || fixed?.[j] === 2) continue
    yCol[j] = colCost.length
    colCost.push(0)
    colLower.push(openState[j] === REQUIRED || fixed?.[j] === 1 ? 1 : 0)
    colUpper.push(1)
    integrality.push(1)
  }
  const inf = highs.infinity
  const starts: number[] = [0]
  const indices: number[] = []
  const values: number[] = []
  const rowLower: number[] = []
  const rowUpper: number[] = []
  const addRow = (lower: number, upper: number, cols: number[], coefs: number[]): void => {
    for (let k = 0; k < cols.length; k++) {
      indices.push(cols[k]!)
      values.push(coefs[k]!)
    }
    starts.push(indices.length)
    rowLower.push(lower)
    rowUpper.push(upper)
  }
  const yCols: number[] = []
  for (let j = 0; j < m; j++) if (yCol[j]! >= 0) yCols.push(yCol[j]!)
  addRow(
    p,
    p,
    yCols,
    yCols.map(() => 1),
  )
  let offset = 0
  for (let i = 0; i < n; i++) {
    const list: number[] = []
    for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && allowed[i * m + j]) list.push(j)
    list.sort((a, b) => cost[i * m + a]! - cost[i * m + b]! || a - b)
    const all = list.map((j) => yCol[j]!)
    addRow(
      1,
      inf,
      all,
      all.map(() => 1),
    )
    if (list.length === 0) continue
    offset += weight[i]! * cost[i * m + list[0]!]!
    let previous = -1 // z_i0 = 1 (constant)
    let k = 0
    while (k < list.length) {
      const level = cost[i * m + list[k]!]!
      const group: number[] = []
      while (k < list.length && cost[i * m + list[k]!]! === level) group.push(yCol[list[k++]!]!)
      if (k >= list.length) break // the last level needs no z
      const next = cost[i * m + list[k]!]!
      const z = colCost.length
      colCost.push(weight[i]! * (next - level))
      colLower.push(0)
      colUpper.push(inf)
      integrality.push(0)
      // z_ik − z_i,k−1 + Σ_group y ≥ 0   (first level: z_i1 + Σ y ≥ 1)
      if (previous < 0) addRow(1, inf, [z, ...group], [1, ...group.map(() => 1)])
      else addRow(0, inf, [z, previous, ...group], [1, -1, ...group.map(() => 1)])
      previous = z
    }
  }
  const model = createMipModel(
    highs,
    { colCost, colLower, colUpper, integrality, rowLower, rowUpper, starts, indices, values },
    highs.constants.objectiveSense.minimize,
    spec.timeLimitSeconds,
    offset,
  )
  try {
    if (spec.start) {
      // y only: HiGHS completes the continuous z by solving the LP with y fixed.
      const indicesStart: number[] = []
      const valuesStart: number[] = []
      let consistent = true
      for (let j = 0; j < m; j++) {
        if (yCol[j]! >= 0) {
          indicesStart.push(yCol[j]!)
          valuesStart.push(spec.start.open[j]!)
        } else if (spec.start.open[j]) consistent = false
      }
      if (consistent) model.setSolution({ indices: indicesStart, values: valuesStart })
    }
    const run = model.run()
    const status = run.modelStatus
    const statusName = STATUS_NAMES[status] ?? String(status)
    if (status === 8 || status === 9)
      return { kind: 'infeasible', solution: null, bound: null, highsStatus: statusName }
    if (status >= 1 && status <= 5) throw new Error(`HiGHS failed with model status ${statusName}`)
    const bound = readBound(model, 'p-median') ?? (status === 7 ? model.getObjectiveValue() : null)
    if (Number(model.info.get('primal_solution_status')) !== 2) {
      return { kind: 'no-solution', solution: null, bound, highsStatus: statusName }
    }
    const colValue = model.getSolution().colValue
    const open = new Uint8Array(m)
    for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && colValue[yCol[j]!]! > 0.5) open[j] = 1
    return {
      kind: status === 7 ? 'optimal' : 'feasible',
      solution: assignNearest(instance, open),
      bound,
      highsStatus: statusName,
    }
  } finally {
    model.dispose()
  }
}
