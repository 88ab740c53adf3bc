import { describe, expect, it } from 'vitest'
import { unionWinsEveryPair } from '../src/capabilities/probes/union-reads.ts'

// The timing rule alone (the probe itself times a real server in capabilities.test.ts).
describe('the union-reads timing rule', () => {
  it('says yes only when the unions were cheap in every pair', () => {
    expect(unionWinsEveryPair([{ separateMs: 12, unionMs: 8 }, { separateMs: 13, unionMs: 9 }, { separateMs: 11, unionMs: 16 }])).toBe(true)
    expect(unionWinsEveryPair([{ separateMs: 12, unionMs: 8 }, { separateMs: 13, unionMs: 9 }, { separateMs: 11, unionMs: 17 }])).toBe(false)
  })

  it('is not fooled by separate reads that another process slowed in one pair', () => {
    // DocumentDB's shape: unions about three times slower, except where the separate block was held up.
    const pairs = [
      { separateMs: 61, unionMs: 38 },
      { separateMs: 13, unionMs: 41 },
      { separateMs: 12, unionMs: 35 },
    ]
    expect(unionWinsEveryPair(pairs.slice(0, 1))).toBe(true)
    expect(unionWinsEveryPair(pairs)).toBe(false)
  })

  it('says no without a timed pair', () => {
    expect(unionWinsEveryPair([])).toBe(false)
  })
})
