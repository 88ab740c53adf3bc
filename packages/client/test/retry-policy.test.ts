import { describe, expect, it } from 'vitest'
import { defaultRetry, parseRetryAfter, retryDelayMs } from '../src/index.ts'

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-12-02T10:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('back-off', () => {
  it('doubles from the base with jitter between half and all of it, capped', () => {
    const options = { ...defaultRetry, baseDelayMs: 100, maxDelayMs: 1_000 }
    expect(retryDelayMs(1, options, undefined, () => 0)).toBe(50)
    expect(retryDelayMs(1, options, undefined, () => 1)).toBe(100)
    expect(retryDelayMs(3, options, undefined, () => 1)).toBe(400)
    expect(retryDelayMs(10, options, undefined, () => 1)).toBe(1_000)
  })

  it('waits as long as Retry-After says, but never more than the cap', () => {
    const options = { ...defaultRetry, maxDelayMs: 5_000 }
    expect(retryDelayMs(1, options, 2_000)).toBe(2_000)
    expect(retryDelayMs(1, options, 60_000)).toBe(5_000)
  })
})
