import { describe, expect, it } from 'vitest'
import type { DeliveryLogRecord, DeliveryStatus } from '../src/api/types.ts'
import { appHealth, bucketDeliveries, successRate } from '../src/utils/delivery-stats.ts'
import { storedApp } from './support/app-fixture.ts'

let counter = 0
function delivery(
  appId: string,
  status: DeliveryStatus,
  createdAt: string,
  extra: Partial<DeliveryLogRecord> = {},
): DeliveryLogRecord {
  counter += 1
  return {
    id: `dlv_${counter}`,
    appId,
    appName: appId,
    eventId: `evt_${counter}`,
    eventType: 'media.updated',
    portalEventId: 'MashupUpdated',
    endpoint: 'https://hooks.example.com',
    status,
    retryAttempts: 0,
    durationMs: 10,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  }
}

describe('overview statistics', () => {
  const now = new Date('2025-03-10T15:20:00')

  it('puts deliveries in hourly buckets over the last 24 hours', () => {
    const records = [
      delivery('a', 'succeeded', new Date('2025-03-10T15:05:00').toISOString()),
      delivery('a', 'failed', new Date('2025-03-10T15:59:00').toISOString()),
      delivery('a', 'succeeded', new Date('2025-03-09T16:00:00').toISOString()),
      delivery('a', 'succeeded', new Date('2025-03-09T15:59:00').toISOString()), // before the range
    ]
    const buckets = bucketDeliveries(records, '24h', now)
    expect(buckets).toHaveLength(24)
    expect(buckets[0]!.start).toEqual(new Date('2025-03-09T16:00:00'))
    expect(buckets[0]!.counts.succeeded).toBe(1)
    expect(buckets[23]!.counts).toMatchObject({ succeeded: 1, failed: 1 })
    expect(
      buckets.reduce((sum, bucket) => sum + bucket.counts.succeeded + bucket.counts.failed, 0),
    ).toBe(3)
  })

  it('rates success over finished deliveries only', () => {
    const at = now.toISOString()
    expect(
      successRate([
        delivery('a', 'succeeded', at),
        delivery('a', 'failed', at),
        delivery('a', 'pending', at),
      ]),
    ).toBe(0.5)
    expect(successRate([delivery('a', 'pending', at)])).toBeUndefined()
  })

  it('lists apps turned off by an error first, then by failures', () => {
    const at = now.toISOString()
    const apps = [
      storedApp({ appId: 'healthy', name: 'Healthy' }),
      storedApp({ appId: 'flaky', name: 'Flaky' }),
      storedApp({
        appId: 'gone',
        name: 'Gone',
        active: false,
        deactivatedReason: '410 Gone from https://gone.example.com',
      }),
    ]
    const records = [
      delivery('healthy', 'succeeded', at),
      delivery('flaky', 'failed', at, { lastStatusCode: 503 }),
      delivery('flaky', 'succeeded', at),
    ]
    const rows = appHealth(apps, records)
    expect(rows.map((row) => row.appId)).toEqual(['gone', 'flaky', 'healthy'])
    expect(rows[1]).toMatchObject({ failed: 1, successRate: 0.5, lastProblem: 'HTTP 503' })
  })
})
