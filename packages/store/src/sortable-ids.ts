import { hash } from 'node:crypto'
import { createRandomPool } from './random-pool.ts'

/** Prefixes of ids that sort by creation time. */
export type SortableIdPrefix = 'evt' | 'dlv'

// Crockford's base32: no I, L, O or U, so ids read back without confusion.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

const randomBytes = createRandomPool()

function encodeTime(ms: number): string {
  let text = ''
  for (let rest = ms, index = 0; index < 10; index++) {
    text = alphabet[rest % 32] + text
    rest = Math.floor(rest / 32)
  }
  return text
}

function encodeBytes(bytes: Uint8Array, length: number): string {
  let text = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5 && text.length < length) {
      text += alphabet[(buffer >> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  return text
}

/**
 * A ULID-like id: the prefix, `_`, 10 characters of millisecond time and 16
 * of randomness (80 bits), e.g. `evt_01JB3Z6W8Q4M5T7V9X2C4E6G8J`. Ids sort
 * by creation time, which keeps newest-first lists and their indexes cheap.
 */
export function newSortableId(prefix: SortableIdPrefix, at: Date = new Date()): string {
  return `${prefix}_${encodeTime(at.getTime())}${encodeBytes(randomBytes(10), 16)}`
}

/**
 * The `webhook-id` of an event sent to an application: derived from both
 * ids, so every attempt and every redelivery of that event to that app
 * carries the same one and receivers can deduplicate.
 */
export function deliveryMessageId(eventId: string, appId: string): string {
  // One-shot hash: a Hash object per delivery cost more than the digest itself.
  const digest = hash('sha256', `${eventId}\u0000${appId}`, 'buffer')
  return `msg_${encodeBytes(digest.subarray(0, 15), 24).toLowerCase()}`
}
