/**
 * Independent reference for tests: DBSCAN by brute force with exact distances (O(n²)).
 * Core: ≥ minPoints points within eps (inclusive, itself included). Clusters: connected components of
 * core points linked at ≤ eps. Border: non-core with a core within eps. Noise: the rest.
 */
export interface BruteDbscan {
  isCore: boolean[]
  /** Component id of each core point (arbitrary numbering), -1 otherwise. */
  coreComponent: number[]
  /** For every non-core point, the set of components of core points within eps (empty = noise). */
  reachable: Array<Set<number>>
}

export function bruteDbscan(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  eps: number,
  minPoints: number,
  distance?: (i: number, j: number) => number,
): BruteDbscan {
  const n = xs.length
  const dist =
    distance ??
    ((i: number, j: number) =>
      Math.hypot((xs[i] as number) - (xs[j] as number), (ys[i] as number) - (ys[j] as number)))
  const within: number[][] = []
  for (let i = 0; i < n; i++) {
    const list: number[] = []
    for (let j = 0; j < n; j++) if (dist(i, j) <= eps) list.push(j)
    within.push(list)
  }
  const isCore = within.map((list) => list.length >= minPoints)
  const coreComponent = new Array<number>(n).fill(-1)
  let next = 0
  for (let i = 0; i < n; i++) {
    if (!isCore[i] || coreComponent[i] !== -1) continue
    const stack = [i]
    coreComponent[i] = next
    while (stack.length > 0) {
      const u = stack.pop() as number
      for (const v of within[u] as number[]) {
        if (isCore[v] && coreComponent[v] === -1) {
          coreComponent[v] = next
          stack.push(v)
        }
      }
    }
    next++
  }
  const reachable = within.map(
    (list, i) =>
      new Set(
        isCore[i] ? [] : list.filter((j) => isCore[j]).map((j) => coreComponent[j] as number),
      ),
  )
  return { isCore, coreComponent, reachable }
}

/**
 * Checks a labelling against the brute-force reference: same core set, same noise set, core partition
 * identical (a bijection between components and labels), every border point in a cluster reachable from it.
 * @returns a list of mismatches (empty when equal)
 */
export function compareWithBrute(
  labels: ArrayLike<number>,
  isCore: ArrayLike<number | boolean> | null,
  brute: BruteDbscan,
): string[] {
  const problems: string[] = []
  const n = labels.length
  const labelOfComponent = new Map<number, number>()
  const componentOfLabel = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    if (isCore && Boolean(isCore[i]) !== brute.isCore[i])
      problems.push(`point ${i}: core ${Boolean(isCore[i])} vs ${brute.isCore[i]}`)
    const label = labels[i] as number
    if (brute.isCore[i]) {
      const component = brute.coreComponent[i] as number
      if (label < 0) {
        problems.push(`core point ${i} labelled noise`)
        continue
      }
      const known = labelOfComponent.get(component)
      if (known === undefined) labelOfComponent.set(component, label)
      else if (known !== label)
        problems.push(
          `core point ${i}: component ${component} split over labels ${known}, ${label}`,
        )
      const knownComponent = componentOfLabel.get(label)
      if (knownComponent === undefined) componentOfLabel.set(label, component)
      else if (knownComponent !== component)
        problems.push(`label ${label} merges components ${knownComponent}, ${component}`)
    }
  }
  for (let i = 0; i < n; i++) {
    if (brute.isCore[i]) continue
    const label = labels[i] as number
    const reach = brute.reachable[i] as Set<number>
    if (reach.size === 0) {
      if (label !== -1) problems.push(`noise point ${i} labelled ${label}`)
    } else if (label === -1) problems.push(`border point ${i} labelled noise`)
    else if (!reach.has(componentOfLabel.get(label) ?? -99))
      problems.push(`border point ${i} in unreachable cluster ${label}`)
  }
  return problems
}
