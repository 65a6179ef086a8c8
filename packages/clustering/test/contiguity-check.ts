/** Independent checks for regionalization tests: BFS contiguity of each area, connected graph. */
export function disconnectedAreas(neighbours: number[][], labels: ArrayLike<number>): number[] {
  const byArea = new Map<number, number[]>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number
    let list = byArea.get(label)
    if (!list) byArea.set(label, (list = []))
    list.push(i)
  }
  const bad: number[] = []
  for (const [label, members] of byArea) {
    const seen = new Set<number>([members[0] as number])
    const queue = [members[0] as number]
    while (queue.length > 0) {
      const u = queue.shift() as number
      for (const v of neighbours[u] as number[]) {
        if (labels[v] === label && !seen.has(v)) {
          seen.add(v)
          queue.push(v)
        }
      }
    }
    if (seen.size !== members.length) bad.push(label)
  }
  return bad
}

/** Within-area SSD computed directly from rows (independent of the package's incremental sums). */
export function directSsd(rows: number[][], labels: ArrayLike<number>): number {
  const byArea = new Map<number, number[][]>()
  rows.forEach((row, i) => {
    const label = labels[i] as number
    let list = byArea.get(label)
    if (!list) byArea.set(label, (list = []))
    list.push(row)
  })
  let total = 0
  for (const members of byArea.values()) {
    const d = (members[0] as number[]).length
    for (let t = 0; t < d; t++) {
      const mean = members.reduce((a, r) => a + (r[t] as number), 0) / members.length
      total += members.reduce((a, r) => a + ((r[t] as number) - mean) ** 2, 0)
    }
  }
  return total
}
