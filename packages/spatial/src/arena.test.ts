import { describe, expect, it } from 'vitest'
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
