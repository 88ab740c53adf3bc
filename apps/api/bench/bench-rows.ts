import type { DeliveryStatus } from '@hookline/core'
import { newDelivery, type DeliveryDocument } from '@hookline/store'

const appNames = ['Media sync', 'Comments → CRM', '東京支店 ウェブフック', 'متجر القاهرة', 'Search index, "EU"', 'Analytics', 'Archive', 'Live alerts', 'Moderation queue', 'Billing']
const statuses: DeliveryStatus[] = ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'retrying', 'skipped', 'pending']
const eventTypes = ['media.updated', 'media.created', 'comment.created', 'live.started', 'metadata.changed']

/** Deliveries `index` seconds after `start`, spread over ten apps with realistic outcomes. */
export function benchDeliveries(tenantId: string, start: number, from: number, count: number): DeliveryDocument[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset
    const appIndex = index % appNames.length
    const at = new Date(start + index * 1_000)
    const app = {
      _id: `app_${appIndex.toString(16).padStart(24, '0')}`,
      tenantId,
      name: appNames[appIndex]!,
      endpoint: `https://hooks.example.com/${appIndex}/receive${appIndex === 3 ? `/${'very-long-segment/'.repeat(10)}` : ''}`,
    }
    const status = statuses[index % statuses.length]!
    return {
      ...newDelivery({ app, event: { _id: `evt_bench_${index}`, type: eventTypes[index % eventTypes.length]!, portalEventId: 'MashupUpdated' }, at }),
      status,
      attemptCount: 1 + (index % 4),
      retryAttempts: index % 4,
      ...(status === 'succeeded' ? { lastStatusCode: 200 } : {}),
      ...(status === 'failed' ? { lastStatusCode: 503, lastError: '503 Service Unavailable from https://hooks.example.com' } : {}),
      ...(status === 'retrying' ? { lastError: 'ECONNREFUSED: connection refused' } : {}),
      durationMs: 20 + (index % 50),
      nextAttemptAt: null,
      updatedAt: at,
    }
  })
}
