import { collectionNames, type Database } from '@hookline/store'
import { jobNames } from './jobs.ts'

interface DeliverJobRecord {
  name: string
  data?: { deliveryIds?: string[] }
}

/**
 * The queries on Agenda's job records that Agenda itself does not offer.
 * They live here, beside the job contract, because only this package knows
 * how a `deliver` job is stored.
 */
export interface JobRecords {
  /** Those of these deliveries that a waiting or running `deliver` job holds. */
  heldDeliveries(deliveryIds: readonly string[]): Promise<Set<string>>
  /** Deletes `deliver` jobs that failed and finished before `finishedBefore`; returns how many. */
  removeFailedDeliverJobs(finishedBefore: Date): Promise<number>
}

export function jobRecords(db: Database): JobRecords {
  const jobs = db.collection<DeliverJobRecord>(collectionNames.agendaJobs)
  return {
    async heldDeliveries(deliveryIds) {
      if (deliveryIds.length === 0) return new Set()
      const holding = await jobs
        .find(
          {
            name: jobNames.deliver,
            'data.deliveryIds': { $in: [...deliveryIds] },
            // Waiting (a run time) or running (a lock); finished and failed jobs have neither.
            $or: [{ nextRunAt: { $ne: null } }, { lockedAt: { $ne: null } }],
          },
          { projection: { 'data.deliveryIds': 1 } },
        )
        .toArray()
      const asked = new Set(deliveryIds)
      return new Set(holding.flatMap((job) => job.data?.deliveryIds ?? []).filter((id) => asked.has(id)))
    },

    async removeFailedDeliverJobs(finishedBefore) {
      const failed = await jobs.deleteMany({ name: jobNames.deliver, nextRunAt: null, lockedAt: null, lastFinishedAt: { $lt: finishedBefore } })
      return failed.deletedCount
    },
  }
}
