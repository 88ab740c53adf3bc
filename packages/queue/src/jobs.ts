// The contract between whoever creates jobs (the API, the worker itself)
// and the worker that runs them. Changing a name or a data shape strands
// jobs already stored, so both sides import it from here.

export const jobNames = {
  /** Attempts a batch of deliveries. */
  deliver: 'deliver',
  /** Re-enqueues deliveries no job holds any more (every 30 s). */
  sweep: 'sweep',
  /** Deletes logs, events and idempotency keys past retention (every hour). */
  purgeLogs: 'purge-logs',
} as const

export interface DeliverJobData {
  deliveryIds: string[]
}

/**
 * Deliveries per `deliver` job: enough that a large publish costs few jobs,
 * few enough that one job's lock lifetime and result write stay small.
 */
export const deliveriesPerJob = 100

/** Splits ids into job-sized batches. */
export function toJobBatches(deliveryIds: readonly string[]): string[][] {
  const batches: string[][] = []
  for (let index = 0; index < deliveryIds.length; index += deliveriesPerJob) {
    batches.push(deliveryIds.slice(index, index + deliveriesPerJob))
  }
  return batches
}
