import { describe, expect, it } from 'vitest'
import { fingerprint, keyedEventFingerprints } from '../src/services/idempotency.ts'

describe('keyedEventFingerprints', () => {
  const inputs = [
    { type: 'media.updated', subjectId: 1, idempotencyKey: 'first' },
    { type: 'media.updated', subjectId: 2 },
    { type: 'media.updated', subjectId: 3 },
  ]

  it('hashes only the events that carry a key, without the key field itself', () => {
    // The third event's key came from the header: it is fingerprinted too, the same way.
    const fingerprints = keyedEventFingerprints(inputs, ['first', undefined, 'from-header'])
    expect(fingerprints).toEqual([
      fingerprint({ type: 'media.updated', subjectId: 1 }),
      undefined,
      fingerprint({ type: 'media.updated', subjectId: 3 }),
    ])
  })

  it('hashes nothing in a batch without keys', () => {
    expect(keyedEventFingerprints(inputs, [undefined, undefined, undefined])).toEqual([undefined, undefined, undefined])
  })
})
