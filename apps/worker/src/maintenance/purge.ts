import { collectionNames, type Store } from '@hookline/store'
import { jobNames } from '../queue/jobs.ts'

export interface PurgeContext {
  store: Store
  now: () => Date
  retentionDays: number
}

export interface PurgeSummary {
  deliveries: number
  events: number
  idempotencyKeys: number
  failedJobs: number
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * Retention without TTL indexes (FerretDB has none): deletes delivery logs
 * older than the retention, events no remaining delivery references,
 * expired idempotency keys, and `deliver` jobs that failed over a day ago
 * (their deliveries were re-enqueued by the sweep).
 */
export async function purgeExpiredRecords(context: PurgeContext): Promise<PurgeSummary> {
  const now = context.now()
  const cutoff = new Date(now.getTime() - context.retentionDays * dayMs)
  const deliveries = await context.store.deliveries.purge(cutoff)
  const events = await context.store.events.purge(cutoff)
  const idempotencyKeys = await context.store.idempotencyKeys.purgeExpired(now)
  const failed = await context.store.db.collection(collectionNames.agendaJobs).deleteMany({
    name: jobNames.deliver,
    nextRunAt: null,
    lockedAt: null,
    lastFinishedAt: { $lt: new Date(now.getTime() - dayMs) },
  })
  return { deliveries, events, idempotencyKeys, failedJobs: failed.deletedCount }
}
