import { randomFillSync } from 'node:crypto'

/** Fills a buffer with cryptographically strong random bytes (node:crypto's randomFillSync by default). */
export type RandomFill = (buffer: Uint8Array) => void

/**
 * Random bytes taken from a buffer filled `size` bytes at a time: an event and
 * each of its deliveries need 10 random bytes for their ids, and one call into
 * the system's generator per id was about 4 % of the API's CPU per event
 * published in batches. The bytes are the same generator's; each is handed
 * out once and never reused.
 */
export function createRandomPool(size = 4096, fill: RandomFill = randomFillSync): (count: number) => Uint8Array {
  const pool = new Uint8Array(size)
  let offset = size
  return (count) => {
    if (count > size) {
      const bytes = new Uint8Array(count)
      fill(bytes)
      return bytes
    }
    if (offset + count > size) {
      fill(pool)
      offset = 0
    }
    // A copy: a caller may keep it while the pool moves on and refills.
    const bytes = pool.slice(offset, offset + count)
    offset += count
    return bytes
  }
}
