import { collectionNames, type Store } from '@hookline/store'
import { jobNames } from '../queue/jobs.ts'

export interface SweepContext {
  store: Store
  now: () => Date
  /** How overdue a delivery must be before the sweep steps in. */
  graceMs: number
  schedule(deliveryIds: string[], at: Date): Promise<void>
}

const maxPerSweep = 1_000

interface DeliverJobRecord {
  data?: { deliveryIds?: string[] }
}

/**
 * Nothing acknowledged is stranded: a delivery still pending or retrying
 * well after its attempt was due, that no waiting or running `deliver` job
 * holds (the API died between storing it and creating its job, or its job
 * failed on a database error), gets a new job. Returns how many.
 */
export async function sweepStrandedDeliveries(context: SweepContext): Promise<number> {
  const now = context.now()
  const overdue = await context.store.deliveries.findOverdue(new Date(now.getTime() - context.graceMs), maxPerSweep)
  if (overdue.length === 0) return 0
  const jobs = context.store.db.collection<DeliverJobRecord>(collectionNames.agendaJobs)
  const holding = await jobs
    .find(
      {
        name: jobNames.deliver,
        'data.deliveryIds': { $in: overdue },
        // Waiting (a run time) or running (a lock); finished and failed jobs have neither.
        $or: [{ nextRunAt: { $ne: null } }, { lockedAt: { $ne: null } }],
      },
      { projection: { 'data.deliveryIds': 1 } },
    )
    .toArray()
  const held = new Set(holding.flatMap((job) => job.data?.deliveryIds ?? []))
  const stranded = overdue.filter((id) => !held.has(id))
  if (stranded.length > 0) await context.schedule(stranded, now)
  return stranded.length
}
