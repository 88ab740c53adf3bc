import type { Agenda } from 'agenda'
import { jobNames, toJobBatches, type QueuedDelivery } from './jobs.ts'

/**
 * The one way deliveries become `deliver` jobs, for the API and the worker
 * alike: at most 1,000 per job, due at `at` (now when absent or past).
 * Returns how many jobs it stored.
 */
export async function scheduleDeliveries(agenda: Agenda, deliveries: readonly QueuedDelivery[], at?: Date): Promise<number> {
  const batches = toJobBatches(deliveries)
  const later = at !== undefined && at.getTime() > Date.now()
  await Promise.all(
    batches.map((data) => (later ? agenda.schedule(at, jobNames.deliver, data) : agenda.now(jobNames.deliver, data))),
  )
  return batches.length
}
