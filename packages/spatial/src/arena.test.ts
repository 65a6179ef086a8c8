import { describe, expect, it } from 'vitest'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import type { PerformanceEntry } from 'node:perf_hooks'
import { TypedArena } from './arena'

describe('TypedArena', () => {
  it('hands out zero-filled, aligned arrays that never overlap, across growing buffers', () => {
    const arena = new TypedArena(64, 1024)
    const arrays = [
      arena.uint8(3),
      arena.float64(5),
      arena.int32(7),
      arena.float64(40), // larger than the rest of the first buffer: a new one
      arena.uint8(1),
      arena.float64(300), // larger than the largest buffer: its own
      arena.int32(2),
    ]
    for (const array of arrays) {
      expect([...array].every((value) => value === 0)).toBe(true)
      expect(array.byteOffset % array.BYTES_PER_ELEMENT).toBe(0)
    }
    // Writing a distinct value everywhere and reading it back shows that no bytes are shared.
    arrays.forEach((array, i) => array.fill(i + 1))
    arrays.forEach((array, i) => expect([...array].every((value) => value === i + 1)).toBe(true))
    expect(arrays[5]?.length).toBe(300)
  })
})

describe('TypedArena and V8 full collections', () => {
  /** Major collections while `action` runs (perf_hooks reports them after the fact). */
  async function countFullCollections(action: () => unknown): Promise<number> {
    let count = 0
    const countMajor = (entries: readonly PerformanceEntry[]) => {
      for (const entry of entries)
        if (
          (entry.detail as { kind?: number } | null)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR
        )
          count++
    }
    const observer = new PerformanceObserver((list) => countMajor(list.getEntries()))
    observer.observe({ entryTypes: ['gc'] })
    const kept = action()
    await new Promise((resolve) => setTimeout(resolve, 20))
    countMajor(observer.takeRecords())
    observer.disconnect()
    expect(kept).toBeTruthy()
    return count
  }

  it('hands out 768 MB without a full collection, where plain buffers of that size start them', async () => {
    // 3 × 256 MB, never written: the pages are not committed, only counted.
    const big = 256 * 2 ** 20
    const carved = await countFullCollections(() => {
      const arena = new TypedArena(big, big)
      return [arena.uint8(big), arena.uint8(big), arena.uint8(big)]
    })
    const plain = await countFullCollections(() => [
      new Uint8Array(big),
      new Uint8Array(big),
      new Uint8Array(big),
    ])
    expect(carved).toBe(0)
    // The control: V8 answers each 64 MB of new external memory with a full collection.
    expect(plain).toBeGreaterThan(0)
  })
})
