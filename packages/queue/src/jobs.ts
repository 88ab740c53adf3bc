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
 * Deliveries per `deliver` job. A job costs the queue about four commands
 * (insert, wake-up call, lock, removal) whatever its size, and a
 * batch costs three reads and three writes: a publish of 100 events to
 * 5 apps is one job. The worker shares its attempt slots across jobs, so a
 * large job is not slower than several small ones; one job's results are
 * still one update command (at most 1,000 statements, bulk-update-policy).
 */
export const deliveriesPerJob = 1_000

/** Splits ids into job-sized batches. */
export function toJobBatches(deliveryIds: readonly string[]): string[][] {
  const batches: string[][] = []
  for (let index = 0; index < deliveryIds.length; index += deliveriesPerJob) {
    batches.push(deliveryIds.slice(index, index + deliveriesPerJob))
  }
  return batches
}
