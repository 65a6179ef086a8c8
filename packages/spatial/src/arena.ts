/**
 * Typed arrays carved from a few large `ArrayBuffer`s instead of one buffer each.
 *
 * Why: V8 checks external memory on every `ArrayBuffer` allocation and starts a full garbage
 * collection when it has grown by more than a limit since the last one. The national coverage run
 * allocates ~2 GB of indexes, graphs and result columns in hundreds of arrays, so it collected 15 times
 * a heap holding 2 GB of GeoJSON (1.2–2.2 s each). The same bytes in a handful of buffers cost one or two
 * (measured: 200 arrays of 10 MB → 17 full collections; one 2 GB buffer carved into 200 → 1).
 *
 * Everything carved from an arena lives as long as any array of its buffer: use one arena per
 * computation whose results die together. Arrays start zero-filled, like new typed arrays.
 */
export class TypedArena {
  private buffer: ArrayBuffer | null = null
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

  private take(bytes: number): [ArrayBuffer, number] {
    // 8-byte alignment suits every array type handed out.
    const offset = Math.ceil(this.offset / 8) * 8
    if (this.buffer && offset + bytes <= this.buffer.byteLength) {
      this.offset = offset + bytes
      return [this.buffer, offset]
    }
    const size = Math.max(bytes, this.nextChunkBytes)
    this.nextChunkBytes = Math.min(this.maxChunkBytes, this.nextChunkBytes * 2)
    this.buffer = new ArrayBuffer(size)
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
