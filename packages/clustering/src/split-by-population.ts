/**
 * Splits a group of points into parts whose population is ≤ `maxPopulation` by recursive 2-means:
 * seeds are the member farthest from the group centroid and the member farthest from that one
 * (ties by rank); members go to the nearer seed centre (ties to the first), centres move to the
 * members' mean, up to 20 rounds. Each part is split again until it fits or is a single member
 * (a single village above the cap stays alone). Deterministic: depends only on coordinates and ranks.
 * @returns parts as arrays of point indices, each sorted by rank, parts ordered by their first member's rank
 */
export function splitByPopulation(
  members: readonly number[],
  xs: Float64Array,
  ys: Float64Array,
  population: ArrayLike<number>,
  maxPopulation: number,
  rank: ArrayLike<number>,
): number[][] {
  const byRank = (a: number, b: number): number => (rank[a] as number) - (rank[b] as number)
  const out: number[][] = []
  const stack: number[][] = [members.slice().sort(byRank)]
  while (stack.length > 0) {
    const group = stack.pop() as number[]
    let total = 0
    for (const i of group) total += population[i] as number
    if (total <= maxPopulation || group.length <= 1) {
      out.push(group)
      continue
    }
    const [left, right] = twoMeans(group, xs, ys)
    if (left.length === 0 || right.length === 0) {
      // all members at one spot: halve by rank
      const half = Math.ceil(group.length / 2)
      stack.push(group.slice(half), group.slice(0, half))
    } else {
      stack.push(right, left)
    }
  }
  return out.sort((a, b) => byRank(a[0] as number, b[0] as number))
}

function twoMeans(group: number[], xs: Float64Array, ys: Float64Array): [number[], number[]] {
  let cx = 0
  let cy = 0
  for (const i of group) {
    cx += xs[i] as number
    cy += ys[i] as number
  }
  cx /= group.length
  cy /= group.length
  const farthestFrom = (x: number, y: number): number => {
    let best = group[0] as number
    let bestD = -1
    for (const i of group) {
      const d = ((xs[i] as number) - x) ** 2 + ((ys[i] as number) - y) ** 2
      if (d > bestD) {
        bestD = d
        best = i
      }
    }
    return best
  }
  const a = farthestFrom(cx, cy)
  const b = farthestFrom(xs[a] as number, ys[a] as number)
  let ax = xs[a] as number
  let ay = ys[a] as number
  let bx = xs[b] as number
  let by = ys[b] as number
  let left: number[] = []
  let right: number[] = []
  for (let round = 0; round < 20; round++) {
    const nextLeft: number[] = []
    const nextRight: number[] = []
    for (const i of group) {
      const da = ((xs[i] as number) - ax) ** 2 + ((ys[i] as number) - ay) ** 2
      const db = ((xs[i] as number) - bx) ** 2 + ((ys[i] as number) - by) ** 2
      ;(da <= db ? nextLeft : nextRight).push(i)
    }
    const stable = nextLeft.length === left.length && nextLeft.every((v, k) => v === left[k])
    left = nextLeft
    right = nextRight
    if (stable || left.length === 0 || right.length === 0) break
    ;[ax, ay] = meanOf(left, xs, ys)
    ;[bx, by] = meanOf(right, xs, ys)
  }
  return [left, right]
}

function meanOf(group: number[], xs: Float64Array, ys: Float64Array): [number, number] {
  let x = 0
  let y = 0
  for (const i of group) {
    x += xs[i] as number
    y += ys[i] as number
  }
  return [x / group.length, y / group.length]
}
