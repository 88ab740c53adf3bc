// The overview's counters are stored one document per tenant and UTC day; the id names both.
import { describe, expect, it } from 'vitest'
import { dayOf, statsDayId } from '../src/delivery-stats-counters.ts'

describe('statsDayId', () => {
  it('names the tenant and the UTC day, whichever day was named before', () => {
    const first = dayOf(new Date('2026-12-03T23:59:59.999Z'))
    const second = dayOf(new Date('2026-12-04T00:00:00.000Z'))
    const leap = dayOf(new Date('2028-02-29T12:00:00Z'))
    // Alternating days and tenants: the remembered day must never leak into another's id.
    expect([first, second, first, leap, leap, second].map((day, index) => statsDayId(`ten_${index % 2}`, day))).toEqual([
      'ten_0:2026-12-03',
      'ten_1:2026-12-04',
      'ten_0:2026-12-03',
      'ten_1:2028-02-29',
      'ten_0:2028-02-29',
      'ten_1:2026-12-04',
    ])
    expect(statsDayId('ten_a', new Date(0))).toBe('ten_a:1970-01-01')
  })
})
