import { collectionNames, type Database } from '@hookline/store'
import type { ObjectId } from 'mongodb'
import { jobNames } from './jobs.ts'

interface DeliverJobRecord {
  _id: ObjectId
  name: string
  data?: { deliveryIds?: string[] }
  lockedAt?: Date | null
  lastModifiedBy?: string | null
}

/**
 * A lock this old is expired for every lock lifetime: any worker's next look
 * takes the job (the path Agenda's scan uses for a dead worker's jobs). The
 * processor's stop then wakes the other workers for it (announceDueJobs).
 */
const expiredLock = new Date(0)

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
  /**
   * Hands every job `workerName` still holds to the other workers at once,
   * instead of after its lock lifetime: jobs it locked but never started
   * (Agenda's drain leaves those locked) and, when a shutdown ran out of
   * time, jobs still running. Returns how many.
   */
  releaseLocks(workerName: string): Promise<number>
  /**
   * Hands on the jobs `workerName` locked before `lockedBefore` except those
   * in `keep` (the ones it still holds in memory), as releaseLocks does:
   * locks left behind by a database outage (orphaned-locks.ts). Returns how many.
   */
  releaseOrphanedLocks(workerName: string, keep: readonly ObjectId[], lockedBefore: Date): Promise<number>
  /** Deletes these jobs in one command (finished `deliver` jobs, batched by job-removals.ts). */
  removeJobs(ids: readonly ObjectId[]): Promise<void>
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

    async releaseLocks(workerName) {
      // An expired lock rather than none: a one-time job that started running has
      // no run time left, and an unlocked job without one is never taken again.
      const released = await jobs.updateMany({ lastModifiedBy: workerName, lockedAt: { $ne: null } }, { $set: { lockedAt: expiredLock } })
      return released.modifiedCount
    },

    async releaseOrphanedLocks(workerName, keep, lockedBefore) {
      const released = await jobs.updateMany(
        { lastModifiedBy: workerName, lockedAt: { $gt: expiredLock, $lt: lockedBefore }, _id: { $nin: [...keep] } },
        { $set: { lockedAt: expiredLock } },
      )
      return released.modifiedCount
    },

    async removeJobs(ids) {
      await jobs.deleteMany({ _id: { $in: [...ids] } })
    },
  }
}
