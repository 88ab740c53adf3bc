import type { DeliveryLogRecord, DeliveryStatus, WebhookApp } from '../api/types.ts'

export type OverviewRange = '24h' | '7d'

export interface TimeBucket {
  start: Date
  counts: Record<DeliveryStatus, number>
}

export interface AppHealth {
  appId: string
  name: string
  active: boolean
  deactivatedReason?: string | undefined
  total: number
  succeeded: number
  failed: number
  skipped?: number
  /** The last attempt in the range. */
  lastDeliveryAt?: string | undefined
  /** Succeeded over finished (succeeded + failed); undefined with nothing finished. */
  successRate: number | undefined
  lastProblem?: string | undefined
}

const hour = 3_600_000
const day = 24 * hour

function emptyCounts(): Record<DeliveryStatus, number> {
  return { succeeded: 0, failed: 0, retrying: 0, pending: 0, skipped: 0 }
}

export function rangeStart(range: OverviewRange, now: Date): Date {
  if (range === '24h') {
    const start = new Date(now.getTime() - 23 * hour)
    start.setMinutes(0, 0, 0)
    return start
  }
  const start = new Date(now.getTime() - 6 * day)
  start.setHours(0, 0, 0, 0)
  return start
}

/** Hourly buckets over the last 24 hours, or daily ones over 7 days (local time). */
export function bucketDeliveries(
  records: readonly DeliveryLogRecord[],
  range: OverviewRange,
  now: Date,
): TimeBucket[] {
  const first = rangeStart(range, now)
  const buckets: TimeBucket[] = []
  for (let index = 0; index < (range === '24h' ? 24 : 7); index++) {
    const start = new Date(first)
    if (range === '24h') start.setHours(first.getHours() + index)
    else start.setDate(first.getDate() + index)
    buckets.push({ start, counts: emptyCounts() })
  }
  for (const record of records) {
    const time = Date.parse(record.createdAt)
    for (let index = buckets.length - 1; index >= 0; index--) {
      if (time >= buckets[index]!.start.getTime()) {
        buckets[index]!.counts[record.status] += 1
        break
      }
    }
  }
  return buckets
}

export function successRate(records: readonly DeliveryLogRecord[]): number | undefined {
  const succeeded = records.filter((record) => record.status === 'succeeded').length
  const failed = records.filter((record) => record.status === 'failed').length
  return succeeded + failed === 0 ? undefined : succeeded / (succeeded + failed)
}

export function countByStatus(
  records: readonly DeliveryLogRecord[],
): Record<DeliveryStatus, number> {
  const counts = emptyCounts()
  for (const record of records) counts[record.status] += 1
  return counts
}

/** Every app, those in trouble first: turned off by an error, then most failures, then lowest success rate. */
export function appHealth(
  apps: readonly WebhookApp[],
  records: readonly DeliveryLogRecord[],
): AppHealth[] {
  const byApp = new Map<string, DeliveryLogRecord[]>()
  for (const record of records)
    byApp.set(record.appId, [...(byApp.get(record.appId) ?? []), record])
  const rows = apps.map((app): AppHealth => {
    const own = byApp.get(app.appId) ?? []
    const failedRecords = own.filter((record) => record.status === 'failed')
    const latestFailure = failedRecords[0]
    return {
      appId: app.appId,
      name: app.name,
      active: app.active,
      deactivatedReason: app.deactivatedReason,
      total: own.length,
      succeeded: own.filter((record) => record.status === 'succeeded').length,
      failed: failedRecords.length,
      successRate: successRate(own),
      lastProblem: latestFailure
        ? (latestFailure.lastError ??
          (latestFailure.lastStatusCode ? `HTTP ${latestFailure.lastStatusCode}` : undefined))
        : undefined,
    }
  })
  return rows.sort(
    (a, b) =>
      Number(Boolean(b.deactivatedReason)) - Number(Boolean(a.deactivatedReason)) ||
      b.failed - a.failed ||
      (a.successRate ?? 1) - (b.successRate ?? 1) ||
      a.name.localeCompare(b.name),
  )
}
