/**
 * Typed arrays carved from a few large buffers instead of one buffer each.
 *
 * Why: V8 counts the bytes of every `ArrayBuffer` as external memory and starts a full garbage
 * collection when that has grown by more than 64 MB since the last one. The national coverage run
 * allocates ~2 GB of indexes, graphs and result columns in hundreds of arrays, so it collected 15 times
 * a heap holding 2 GB of GeoJSON (1.2–2.2 s each). The same bytes in a handful of buffers cost one or two
 * (measured: 200 arrays of 10 MB → 17 full collections; one 2 GB buffer carved into 200 → 1).
 *
 * The buffers are `SharedArrayBuffer`s where the platform has them (Node.js always does): V8 does
 * not count those towards that limit, so even the one collection is gone (measured: a 2 GB
 * `ArrayBuffer` allocated beside a 0.9 GB heap started a full collection, a 2 GB
 * `SharedArrayBuffer` did not; typed-array reads and writes measured the same on both). Nothing
 * shares them with another thread: arrays handed to a worker are copied or packed first. Untouched
 * pages of either kind are never committed, so a generous buffer costs address space, not memory.
 *
 * Everything carved from an arena lives as long as any array of its buffer: use one arena per
 * computation whose results die together. Arrays start zero-filled, like new typed arrays.
 */
/** `SharedArrayBuffer` where there is one (not in a browser page without cross-origin isolation). */
const Buffers: new (bytes: number) => ArrayBufferLike =
  typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer

export class TypedArena {
  private buffer: ArrayBufferLike | null = null
  private offset = 0
  private nextChunkBytes: number
  private readonly maxChunkBytes: number

  /**
   * @param firstChunkBytes size of the first buffer; each further buffer doubles, up to
   *   `maxChunkBytes` (a larger array gets a buffer of its own size)
   */
  constructor(firstChunkBytes = 16 * 2 ** 20, maxChunkBytes = 2 ** 30) {
    this.nextChunkBytes = firstChunkBytes
    this.maxChunkBytes = maxChunkBytes
  }

  private take(bytes: number): [ArrayBufferLike, number] {
    // 8-byte alignment suits every array type handed out.
    const offset = Math.ceil(this.offset / 8) * 8
    if (this.buffer && offset + bytes <= this.buffer.byteLength) {
      this.offset = offset + bytes
      return [this.buffer, offset]
    }
    const size = Math.max(bytes, this.nextChunkBytes)
    this.nextChunkBytes = Math.min(this.maxChunkBytes, this.nextChunkBytes * 2)
    this.buffer = new Buffers(size)
    this.offset = bytes
    return [this.buffer, 0]
  }

  float64(length: number): Float64Array {
    const [buffer, offset] = this.take(length * 8)
    return new Float64Array(buffer, offset, length)
  }

  int32(length: number): Int32Array {
    const [buffer, offset] = this.take(length * 4)
    return new Int32Array(buffer, offset, length)
  }

  uint8(length: number): Uint8Array {
    const [buffer, offset] = this.take(length)
    return new Uint8Array(buffer, offset, length)
  }
}

/** Allocates typed arrays: a {@link TypedArena}, or plain `new` (the default where none is given). */
export interface TypedAllocator {
  float64(length: number): Float64Array
  int32(length: number): Int32Array
  uint8(length: number): Uint8Array
}

/** One buffer per array (what `new Float64Array(n)` does). */
export const PLAIN_ALLOCATOR: TypedAllocator = {
  float64: (length) => new Float64Array(length),
  int32: (length) => new Int32Array(length),
  uint8: (length) => new Uint8Array(length),
}
