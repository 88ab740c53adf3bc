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
  /**
   * The events and apps of these deliveries, when whoever queued them knew
   * them: the worker then reads deliveries, events and apps in one command
   * where the server can (a union), instead of three reads. Jobs without
   * them (stored by an older version, or queued by id alone) are read the
   * ordinary way.
   */
  eventIds?: string[]
  appIds?: string[]
}

/** A delivery with the event and app it goes with: what the worker reads beside it. */
export interface DeliveryRef {
  id: string
  eventId: string
  appId: string
}

/** A delivery to queue: its id alone, or its id with its event and app. */
export type QueuedDelivery = string | DeliveryRef

/** A stored delivery as something to queue, with its event and app. */
export function toDeliveryRef(delivery: { _id: string; eventId: string; appId: string }): DeliveryRef {
  return { id: delivery._id, eventId: delivery.eventId, appId: delivery.appId }
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

/**
 * Whether a job due at `nextRunAt` counts as due now (within a second): only
 * those are worth a wake-up call, and only those are what a call announces
 * (look-credit.ts). Later ones have the workers' own timers and scans.
 */
export function isDueNow(nextRunAt: Date | null | undefined): boolean {
  return nextRunAt == null || new Date(nextRunAt).getTime() <= Date.now() + 1_000
}

/**
 * Splits deliveries into job-sized batches. A batch names its events and
 * apps only when it knows them for every one of its deliveries: a partial
 * list would make the worker read the rest anyway.
 */
export function toJobBatches(deliveries: readonly QueuedDelivery[]): DeliverJobData[] {
  const batches: DeliverJobData[] = []
  for (let index = 0; index < deliveries.length; index += deliveriesPerJob) {
    batches.push(toJobData(deliveries.slice(index, index + deliveriesPerJob)))
  }
  return batches
}

function toJobData(deliveries: readonly QueuedDelivery[]): DeliverJobData {
  const deliveryIds = deliveries.map((delivery) => (typeof delivery === 'string' ? delivery : delivery.id))
  if (deliveries.some((delivery) => typeof delivery === 'string')) return { deliveryIds }
  const refs = deliveries as readonly DeliveryRef[]
  return {
    deliveryIds,
    eventIds: [...new Set(refs.map((delivery) => delivery.eventId))],
    appIds: [...new Set(refs.map((delivery) => delivery.appId))],
  }
}
