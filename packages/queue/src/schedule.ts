import type { Agenda } from 'agenda'
import { jobNames, toJobBatches, type DeliverJobData } from './jobs.ts'

/**
 * The one way deliveries become `deliver` jobs, for the API and the worker
 * alike: at most 1,000 per job, due at `at` (now when absent or past).
 * Returns how many jobs it stored.
 */
export async function scheduleDeliveries(agenda: Agenda, deliveryIds: readonly string[], at?: Date): Promise<number> {
  const batches = toJobBatches(deliveryIds)
  const later = at !== undefined && at.getTime() > Date.now()
  await Promise.all(
    batches.map((batch) => {
      const data: DeliverJobData = { deliveryIds: batch }
      return later ? agenda.schedule(at, jobNames.deliver, data) : agenda.now(jobNames.deliver, data)
    }),
  )
  return batches.length
}
