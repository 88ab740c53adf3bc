// Where the newest window of a log page starts, from the hourly counters
// (delivery-log-counted-hours.ts): whole hours, the anchor's own hour counted
// in proportion, and no choice where the window would sort too many rows or
// the counters do not hold the page.
import { describe, expect, it } from 'vitest'
import { countedWindowStart, type CountedHours } from '../src/delivery-log-counted-hours.ts'

const hour = 3_600_000
const at = (h: number, minutes = 0) => new Date(Date.UTC(2026, 5, 1, h, minutes))

function hours(counts: Record<number, number>): CountedHours {
  const map = new Map(Object.entries(counts).map(([h, count]) => [at(Number(h)).getTime(), count]))
  return { counts: map, newestHourEnd: new Date(Math.max(...map.keys()) + hour) }
}

describe('the newest window chosen from the hourly counters', () => {
  it('starts at the hour in which the rows counted back from the anchor reach the page', () => {
    expect(countedWindowStart(hours({ 13: 2_800 }), at(14), 51, 4_000)).toEqual(at(13))
    expect(countedWindowStart(hours({ 11: 40, 12: 5, 13: 10 }), at(14), 51, 4_000)).toEqual(at(11))
    // An hour with no count is passed over.
    expect(countedWindowStart(hours({ 9: 60, 13: 10 }), at(14), 51, 4_000)).toEqual(at(9))
  })

  it('counts the anchor’s own hour only for its part before the anchor (a cursor mid-hour)', () => {
    // 3,600 rows in 13:00–14:00, anchor at 13:00:30: about 30 before it, so 12:00 is needed too.
    const counted = hours({ 12: 3_600, 13: 3_600 })
    expect(countedWindowStart(counted, new Date(at(13).getTime() + 30_000), 51, 4_000)).toEqual(at(12))
    expect(countedWindowStart(counted, at(13, 30), 51, 4_000)).toEqual(at(13))
  })

  it('from an instant rows reach (a cursor, a `to`), takes the completing hour’s rows as spread evenly and starts where twice the rows needed begin', () => {
    const second = 1_000
    expect(countedWindowStart(hours({ 13: 3_600 }), at(14), 51, 4_000, true)).toEqual(new Date(at(14).getTime() - 102 * second))
    // 30 rows before a cursor at 13:00:30, then 2 × 21 more from the end of the 12:00 hour.
    expect(countedWindowStart(hours({ 12: 3_600, 13: 3_600 }), new Date(at(13).getTime() + 30 * second), 51, 4_000, true)).toEqual(new Date(at(13).getTime() - 42 * second))
    // A busy hour no longer exceeds maxRows: the window holds about 102 of its 90,000 rows.
    const busy = countedWindowStart(hours({ 13: 90_000 }), at(14), 51, 4_000, true)
    expect(busy!.getTime()).toBeGreaterThan(at(14).getTime() - 5 * second)
    expect(countedWindowStart(hours({ 13: 90_000 }), at(14), 51, 4_000)).toBeUndefined()
  })

  it('chooses nothing when the window would hold more than maxRows, or the counters do not reach the page', () => {
    expect(countedWindowStart(hours({ 13: 9_000 }), at(14), 51, 4_000)).toBeUndefined()
    expect(countedWindowStart(hours({ 12: 3_600, 13: 3_600 }), new Date(at(13).getTime() + 30_000), 51, 1_000)).toBeUndefined()
    expect(countedWindowStart(hours({ 12: 20, 13: 10 }), at(14), 51, 4_000)).toBeUndefined()
    expect(countedWindowStart({ counts: new Map(), newestHourEnd: undefined }, at(14), 51, 4_000)).toBeUndefined()
  })
})
