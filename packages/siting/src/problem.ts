import {
  CANDIDATE_OPEN_STATES,
  DomainError,
  SITING_OBJECTIVES,
  type CandidateOpen,
  type SitingObjective,
  type SitingProblem,
} from '@tongcun/domain'

/** Candidate open state as a small integer. */
export const OPTIONAL = 0
export const REQUIRED = 1
export const FORBIDDEN = 2

/**
 * A validated problem in dense, index-based form. Demands and candidates are sorted by id so the
 * answer does not depend on input order; `cost[i * m + j]` is the cost of demand i at candidate j.
 */
export interface Instance {
  objective: SitingObjective
  p: number
  maxCost: number | null
  singleSource: boolean
  demandIds: string[]
  candidateIds: string[]
  n: number
  m: number
  weight: Float64Array
  size: Float64Array
  /** Infinity when uncapacitated. */
  capacity: Float64Array
  capacitated: boolean
  openState: Uint8Array
  cost: Float64Array
  /**
   * Whether demand i may be served by candidate j: candidate not forbidden and cost <= maxCost
   * (when maxCost is given).
   */
  allowed: Uint8Array
}

const fail = (message: string, details?: Record<string, unknown>): never => {
  throw new DomainError('invalid-problem', message, details)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isNonNegativeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Validates a problem file (parsed JSON, any shape) and returns it typed.
 * Throws `DomainError('invalid-problem')` naming the field, id and why.
 */
export function validateSitingProblem(input: unknown): SitingProblem {
  if (!isRecord(input)) return fail('problem: expected a JSON object')
  const objective = input.objective
  if (typeof objective !== 'string' || !SITING_OBJECTIVES.includes(objective as SitingObjective)) {
    return fail(
      `problem.objective: expected one of ${SITING_OBJECTIVES.join(', ')}, got ${JSON.stringify(objective)}`,
      { field: 'objective' },
    )
  }
  const kind = objective as SitingObjective
  if (!Array.isArray(input.demand) || input.demand.length === 0) {
    return fail('problem.demand: expected a non-empty array of { id, weight, size? }', {
      field: 'demand',
    })
  }
  if (!Array.isArray(input.candidates) || input.candidates.length === 0) {
    return fail('problem.candidates: expected a non-empty array of { id, capacity?, open? }', {
      field: 'candidates',
    })
  }
  const demandIds = new Set<string>()
  const demand = input.demand.map((row: unknown, index: number) => {
    if (!isRecord(row))
      return fail(`demand[${index}]: expected an object`, { field: 'demand', row: index })
    const id = row.id
    if (typeof id !== 'string' || id === '') {
      return fail(`demand[${index}].id: expected a non-empty string`, {
        field: 'demand.id',
        row: index,
      })
    }
    if (demandIds.has(id))
      return fail(`demand[${index}].id: duplicate id "${id}"`, { id, row: index })
    demandIds.add(id)
    if (!isNonNegativeNumber(row.weight)) {
      return fail(
        `demand "${id}".weight: expected a finite number >= 0, got ${JSON.stringify(row.weight)}`,
        {
          id,
          field: 'weight',
        },
      )
    }
    if (row.size !== undefined && row.size !== null && !isNonNegativeNumber(row.size)) {
      return fail(
        `demand "${id}".size: expected a finite number >= 0, got ${JSON.stringify(row.size)}`,
        {
          id,
          field: 'size',
        },
      )
    }
    return {
      id,
      weight: row.weight,
      ...(typeof row.size === 'number' ? { size: row.size } : {}),
    }
  })
  const candidateIds = new Set<string>()
  const candidates = input.candidates.map((row: unknown, index: number) => {
    if (!isRecord(row)) return fail(`candidates[${index}]: expected an object`, { row: index })
    const id = row.id
    if (typeof id !== 'string' || id === '') {
      return fail(`candidates[${index}].id: expected a non-empty string`, {
        field: 'candidates.id',
        row: index,
      })
    }
    if (candidateIds.has(id))
      return fail(`candidates[${index}].id: duplicate id "${id}"`, { id, row: index })
    candidateIds.add(id)
    if (row.capacity !== undefined && row.capacity !== null && !isNonNegativeNumber(row.capacity)) {
      return fail(
        `candidate "${id}".capacity: expected a finite number >= 0 or null, got ${JSON.stringify(row.capacity)}`,
        { id, field: 'capacity' },
      )
    }
    const open = row.open ?? 'optional'
    if (typeof open !== 'string' || !CANDIDATE_OPEN_STATES.includes(open as CandidateOpen)) {
      return fail(
        `candidate "${id}".open: expected one of ${CANDIDATE_OPEN_STATES.join(', ')}, got ${JSON.stringify(row.open)}`,
        { id, field: 'open' },
      )
    }
    return {
      id,
      open: open as CandidateOpen,
      ...(typeof row.capacity === 'number' ? { capacity: row.capacity } : {}),
    }
  })

  const maxCost = input.maxCost
  if (maxCost !== undefined && maxCost !== null && !isNonNegativeNumber(maxCost)) {
    return fail(`problem.maxCost: expected a finite number >= 0, got ${JSON.stringify(maxCost)}`, {
      field: 'maxCost',
    })
  }
  if ((kind === 'mclp' || kind === 'lscp') && typeof maxCost !== 'number') {
    return fail(`problem.maxCost: required for objective "${kind}" (the coverage limit)`, {
      field: 'maxCost',
    })
  }
  const p = input.p
  if (kind !== 'lscp') {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
      return fail(
        `problem.p: expected an integer >= 1 for objective "${kind}", got ${JSON.stringify(p)}`,
        {
          field: 'p',
        },
      )
    }
  } else if (
    p !== undefined &&
    p !== null &&
    (typeof p !== 'number' || !Number.isInteger(p) || p < 1)
  ) {
    return fail(`problem.p: expected an integer >= 1 or absent, got ${JSON.stringify(p)}`, {
      field: 'p',
    })
  }
  if (input.singleSource !== undefined && typeof input.singleSource !== 'boolean') {
    return fail(
      `problem.singleSource: expected true or false, got ${JSON.stringify(input.singleSource)}`,
      {
        field: 'singleSource',
      },
    )
  }

  const hasCosts = input.costs !== undefined && input.costs !== null
  const hasMatrix = input.matrix !== undefined && input.matrix !== null
  if (hasCosts === hasMatrix) {
    return fail(
      'problem: give exactly one of "costs" (demandId → candidateId → cost) and "matrix" (dense)',
      {
        field: hasCosts ? 'matrix' : 'costs',
      },
    )
  }
  let costs: Record<string, Record<string, number>> | undefined
  let matrix: number[][] | undefined
  if (hasCosts) {
    if (!isRecord(input.costs))
      return fail('problem.costs: expected an object keyed by demand id', { field: 'costs' })
    for (const key of Object.keys(input.costs)) {
      if (!demandIds.has(key))
        return fail(`costs["${key}"]: unknown demand id "${key}"`, { id: key, field: 'costs' })
    }
    costs = {}
    for (const d of demand) {
      const row = input.costs[d.id]
      if (!isRecord(row)) {
        return fail(`costs["${d.id}"]: missing; every demand needs a cost to every candidate`, {
          id: d.id,
          field: 'costs',
        })
      }
      for (const key of Object.keys(row)) {
        if (!candidateIds.has(key)) {
          return fail(`costs["${d.id}"]["${key}"]: unknown candidate id "${key}"`, {
            id: key,
            field: 'costs',
          })
        }
      }
      const clean: Record<string, number> = {}
      for (const c of candidates) {
        const value = row[c.id]
        if (value === undefined) {
          return fail(
            `costs["${d.id}"]["${c.id}"]: missing pair; every demand–candidate pair needs a cost (a missing pair is not allowed)`,
            { id: d.id, candidate: c.id, field: 'costs' },
          )
        }
        if (!isNonNegativeNumber(value)) {
          return fail(
            `costs["${d.id}"]["${c.id}"]: expected a finite number >= 0, got ${JSON.stringify(value)}`,
            {
              id: d.id,
              candidate: c.id,
              field: 'costs',
            },
          )
        }
        clean[c.id] = value
      }
      costs[d.id] = clean
    }
  } else {
    if (!Array.isArray(input.matrix) || input.matrix.length !== demand.length) {
      return fail(
        `problem.matrix: expected ${demand.length} rows (one per demand, in "demand" order), got ${Array.isArray(input.matrix) ? input.matrix.length : typeof input.matrix}`,
        { field: 'matrix' },
      )
    }
    matrix = input.matrix.map((row: unknown, i: number) => {
      const d = demand[i]!
      if (!Array.isArray(row) || row.length !== candidates.length) {
        return fail(
          `matrix[${i}] (demand "${d.id}"): expected ${candidates.length} costs (one per candidate, in "candidates" order)`,
          { id: d.id, row: i, field: 'matrix' },
        )
      }
      return row.map((value: unknown, j: number) => {
        if (!isNonNegativeNumber(value)) {
          return fail(
            `matrix[${i}][${j}] (demand "${d.id}", candidate "${candidates[j]!.id}"): expected a finite number >= 0, got ${JSON.stringify(value)}`,
            { id: d.id, candidate: candidates[j]!.id, field: 'matrix' },
          )
        }
        return value
      })
    })
  }
  return {
    objective: kind,
    ...(typeof p === 'number' ? { p } : {}),
    ...(typeof maxCost === 'number' ? { maxCost } : {}),
    singleSource: input.singleSource !== false,
    demand,
    candidates,
    ...(costs ? { costs } : {}),
    ...(matrix ? { matrix } : {}),
  }
}

/** Builds the dense, id-sorted instance of a validated problem. */
export function buildInstance(problem: SitingProblem): Instance {
  const demandOrder = problem.demand
    .map((d, index) => ({ d, index }))
    .sort((a, b) => byId(a.d.id, b.d.id))
  const candidateOrder = problem.candidates
    .map((c, index) => ({ c, index }))
    .sort((a, b) => byId(a.c.id, b.c.id))
  const n = demandOrder.length
  const m = candidateOrder.length
  const weight = new Float64Array(n)
  const size = new Float64Array(n)
  const capacity = new Float64Array(m)
  const openState = new Uint8Array(m)
  const cost = new Float64Array(n * m)
  const allowed = new Uint8Array(n * m)
  const maxCost = typeof problem.maxCost === 'number' ? problem.maxCost : null
  let capacitated = false
  candidateOrder.forEach(({ c }, j) => {
    const cap = c.capacity
    capacity[j] = typeof cap === 'number' ? cap : Number.POSITIVE_INFINITY
    if (typeof cap === 'number') capacitated = true
    openState[j] = c.open === 'required' ? REQUIRED : c.open === 'forbidden' ? FORBIDDEN : OPTIONAL
  })
  demandOrder.forEach(({ d, index }, i) => {
    weight[i] = d.weight
    size[i] = d.size ?? d.weight
    const sparse = problem.costs?.[d.id]
    const dense = problem.matrix?.[index]
    candidateOrder.forEach(({ c, index: cIndex }, j) => {
      const value = sparse ? sparse[c.id] : dense?.[cIndex]
      if (value === undefined)
        throw new DomainError('invalid-problem', `no cost for "${d.id}" → "${c.id}"`)
      cost[i * m + j] = value
      allowed[i * m + j] =
        openState[j] !== FORBIDDEN && (maxCost === null || value <= maxCost) ? 1 : 0
    })
  })
  return {
    objective: problem.objective,
    p: problem.objective === 'lscp' ? (problem.p ?? m) : (problem.p ?? 1),
    maxCost,
    singleSource: problem.singleSource !== false,
    demandIds: demandOrder.map(({ d }) => d.id),
    candidateIds: candidateOrder.map(({ c }) => c.id),
    n,
    m,
    weight,
    size,
    capacity,
    capacitated,
    openState,
    cost,
    allowed,
  }
}
