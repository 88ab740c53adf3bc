import { describe, expect, it } from 'vitest'
import { activeWindowMs, nextDoorbellWait } from '../src/doorbell-wait.ts'

// The policy alone: timed through a real doorbell, a loaded CI machine's
// pauses blur the difference (the latency it buys is measured in
// docs/BENCHMARKS.md, "A probe fooled by its neighbour, and wake-ups that lagged").
describe('the wait between doorbell reads', () => {
  const periodMs = 20

  it('stays at the period after a read that found no ring, while the last ring is recent', () => {
    // Jobs every 150 ms: most reads find nothing, and a back-off here delayed the next job's wake-up by up to 100 ms.
    expect(nextDoorbellWait(periodMs, 0, periodMs)).toBe(periodMs)
    expect(nextDoorbellWait(periodMs, 150, periodMs)).toBe(periodMs)
    expect(nextDoorbellWait(periodMs, activeWindowMs, periodMs)).toBe(periodMs)
  })

  it('doubles once rings have stopped, up to five periods', () => {
    const quiet = activeWindowMs + 1
    const waits = [periodMs]
    for (let read = 0; read < 5; read++) waits.push(nextDoorbellWait(waits.at(-1)!, quiet + read * 100, periodMs))
    expect(waits).toEqual([20, 40, 80, 100, 100, 100])
  })

  it('backs off from the start when nothing has rung yet', () => {
    expect(nextDoorbellWait(periodMs, Number.POSITIVE_INFINITY, periodMs)).toBe(2 * periodMs)
  })
})
