import type { RetentionPurge, Store } from '@hookline/store'

export interface PurgeContext {
  store: Store
  now: () => Date
  retentionDays: number
  /** Deletes failed `deliver` jobs that finished before the date (the queue's job records); returns how many. */
  removeFailedJobs(finishedBefore: Date): Promise<number>
}

export interface PurgeSummary extends RetentionPurge {
  failedJobs: number
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * The hourly purge: what the server does not expire by itself. Delivery logs
 * older than the retention and expired idempotency keys only where the
 * server has no TTL indexes (see the store's retention), events no
 * remaining delivery references, and `deliver` jobs that failed over a day
 * ago (their deliveries were re-enqueued by the sweep).
 */
export async function purgeExpiredRecords(context: PurgeContext): Promise<PurgeSummary> {
  const now = context.now()
  const purged = await context.store.retention.purge(now, context.retentionDays)
  const failedJobs = await context.removeFailedJobs(new Date(now.getTime() - dayMs))
  return { ...purged, failedJobs }
}
