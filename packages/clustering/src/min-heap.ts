/** Binary min-heap of (key, value) pairs with numeric keys; ties pop the smaller value first. */
export class MinHeap {
  private keys: number[] = []
  private values: number[] = []

  get size(): number {
    return this.keys.length
  }

  push(key: number, value: number): void {
    const keys = this.keys
    const values = this.values
    let i = keys.length
    keys.push(key)
    values.push(value)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(key, value, keys[parent] as number, values[parent] as number)) break
      keys[i] = keys[parent] as number
      values[i] = values[parent] as number
      i = parent
    }
    keys[i] = key
    values[i] = value
  }

  /** Removes the smallest pair; call only when size > 0. */
  pop(): { key: number; value: number } {
    const keys = this.keys
    const values = this.values
    const top = { key: keys[0] as number, value: values[0] as number }
    const lastKey = keys.pop() as number
    const lastValue = values.pop() as number
    const n = keys.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= n) break
        const right = left + 1
        let child = left
        if (
          right < n &&
          this.less(
            keys[right] as number,
            values[right] as number,
            keys[left] as number,
            values[left] as number,
          )
        ) {
          child = right
        }
        if (!this.less(keys[child] as number, values[child] as number, lastKey, lastValue)) break
        keys[i] = keys[child] as number
        values[i] = values[child] as number
        i = child
      }
      keys[i] = lastKey
      values[i] = lastValue
    }
    return top
  }

  private less(ka: number, va: number, kb: number, vb: number): boolean {
    return ka < kb || (ka === kb && va < vb)
  }
}
