import { describe, expect, it } from 'vitest'
import type { AppDeliveryStats, DeliveryStats } from '../src/api/types.ts'
import { rangeStart } from '../src/utils/delivery-stats.ts'
import { chartBuckets, finishedSuccessRate, healthFromStats } from '../src/utils/overview-stats.ts'
import { storedApp } from './support/app-fixture.ts'

/** One application's row of GET /api/v1/stats/deliveries. */
function appStats(appId: string, counts: Partial<AppDeliveryStats> = {}): AppDeliveryStats {
  return {
    appId,
    name: appId,
    total: 0,
    succeeded: 0,
    failed: 0,
    retrying: 0,
    pending: 0,
    skipped: 0,
    lastDeliveryAt: null,
    lastError: null,
    lastFailureAt: null,
    ...counts,
  }
}

describe('overview statistics', () => {
  const now = new Date('2025-03-10T15:20:00')

  it('starts the range on the hour 23 hours back, or at local midnight 6 days back', () => {
    expect(rangeStart('24h', now)).toEqual(new Date('2025-03-09T16:00:00'))
    expect(rangeStart('7d', now)).toEqual(new Date('2025-03-04T00:00:00'))
  })

  it('rates success over finished deliveries only', () => {
    expect(finishedSuccessRate({ succeeded: 1, failed: 1 })).toBe(0.5)
    expect(finishedSuccessRate({ succeeded: 0, failed: 0 })).toBeUndefined()
  })

  it('turns the server’s buckets into the chart’s, with every status counted', () => {
    const bucket = { start: '2025-03-10T15:00:00.000Z', succeeded: 3, failed: 1, retrying: 2, pending: 0, skipped: 4 }
    const [first] = chartBuckets({ buckets: [bucket] } as DeliveryStats)
    expect(first).toEqual({
      start: new Date('2025-03-10T15:00:00.000Z'),
      counts: { succeeded: 3, failed: 1, retrying: 2, pending: 0, skipped: 4 },
    })
  })

  it('lists apps turned off by an error first, then by failures, then by lowest success rate', () => {
    const apps = [
      storedApp({ appId: 'healthy', name: 'Healthy' }),
      storedApp({ appId: 'quiet', name: 'Quiet' }),
      storedApp({ appId: 'flaky', name: 'Flaky' }),
      storedApp({ appId: 'shaky', name: 'Shaky' }),
      storedApp({ appId: 'gone', name: 'Gone', active: false, deactivatedReason: '410 Gone from https://gone.example.com' }),
    ]
    const stats = [
      appStats('healthy', { total: 4, succeeded: 4 }),
      appStats('flaky', { total: 4, succeeded: 2, failed: 2, lastError: 'HTTP 503' }),
      appStats('shaky', { total: 10, succeeded: 8, failed: 2 }),
    ]
    const rows = healthFromStats(apps, stats)
    // Flaky and Shaky failed twice each; Flaky's rate (0.5) is lower than Shaky's (0.8). Quiet has no figures: rated as fine.
    expect(rows.map((row) => row.appId)).toEqual(['gone', 'flaky', 'shaky', 'healthy', 'quiet'])
    expect(rows[1]).toMatchObject({ failed: 2, successRate: 0.5, lastProblem: 'HTTP 503' })
    expect(rows.at(-1)).toMatchObject({ total: 0, successRate: undefined })
  })
})
