import type { AppDeliveryStats, DeliveryStats, DeliveryStatus, WebhookApp } from '../api/types.ts'
import type { AppHealth, TimeBucket } from './delivery-stats.ts'

const statuses: DeliveryStatus[] = ['succeeded', 'failed', 'retrying', 'pending', 'skipped']

function countsOf(row: Record<DeliveryStatus, number>): Record<DeliveryStatus, number> {
  return Object.fromEntries(statuses.map((status) => [status, row[status]])) as Record<
    DeliveryStatus,
    number
  >
}

/** The server's buckets as the chart's. */
export function chartBuckets(stats: DeliveryStats): TimeBucket[] {
  return stats.buckets.map((bucket) => ({ start: new Date(bucket.start), counts: countsOf(bucket) }))
}

/** Succeeded over finished (succeeded + failed): skipped, retrying and pending are left out. */
export function finishedSuccessRate(counts: {
  succeeded: number
  failed: number
}): number | undefined {
  const finished = counts.succeeded + counts.failed
  return finished === 0 ? undefined : counts.succeeded / finished
}

/** Every app with its figures, those in trouble first (turned off by an error, most failures, lowest rate). */
export function healthFromStats(
  apps: readonly WebhookApp[],
  stats: readonly AppDeliveryStats[],
): AppHealth[] {
  const byApp = new Map(stats.map((row) => [row.appId, row]))
  const rows = apps.map((app): AppHealth => {
    const own = byApp.get(app.appId)
    return {
      appId: app.appId,
      name: app.name,
      active: app.active,
      deactivatedReason: app.deactivatedReason,
      total: own?.total ?? 0,
      succeeded: own?.succeeded ?? 0,
      failed: own?.failed ?? 0,
      skipped: own?.skipped ?? 0,
      successRate: own ? finishedSuccessRate(own) : undefined,
      lastProblem: own?.lastError ?? undefined,
      lastDeliveryAt: own?.lastDeliveryAt ?? undefined,
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
