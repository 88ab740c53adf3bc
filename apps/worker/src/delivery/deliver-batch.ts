import type { DeliveryOutcome } from '@hookline/core'
import { isDispatcherError, redactUrlQueries, redactUrlQuery } from '@hookline/dispatcher'
import { toDeliveryRef, type QueuedDelivery } from '@hookline/queue'
import { inProgressStatuses, publishAppEvent, type AppDocument, type DeliveryBatch, type BatchDelivery, type EventDocument, type RelatedIds, type Store } from '@hookline/store'
import type { Logger } from 'pino'
import type { Dispatcher } from '../dispatch/create-dispatch.ts'
import type { SecretCache } from '../dispatch/secret-cache.ts'
import type { WorkerMetrics } from '../metrics/worker-metrics.ts'
import { judgeAttempt } from './attempt-progress.ts'
import { createBatchResultWriter, type BatchDeactivations } from './batch-results.ts'
import { buildDeliveryRequest } from './build-request.ts'
import { runPool } from './run-pool.ts'
import type { AttemptSlots } from './attempt-slots.ts'

export interface DeliverBatchContext {
  store: Store
  dispatcher: Dispatcher
  secrets: SecretCache
  metrics: WorkerMetrics
  logger: Logger
  now: () => Date
  /** The worker's attempts in flight, shared with every other batch it runs. */
  slots: AttemptSlots
  /** Stores `deliver` jobs for these deliveries, due at `at` (with their events and apps where known: one read for the next job). */
  schedule(deliveries: QueuedDelivery[], at: Date): Promise<void>
  /**
   * Deliveries this process is attempting right now, each with a promise
   * that settles when the batch holding it has written its results: a
   * duplicate job neither attempts them again nor ends before they are
   * written (ending would remove its job, and a crash then would strand them).
   */
  inFlight: Map<string, Promise<void>>
  /**
   * Aborted when the worker begins to stop: attempts already under way
   * finish and are written; deliveries not yet started are handed back to
   * the queue (a new job, due now) for another worker, unattempted.
   */
  stopping?: AbortSignal | undefined
  /** How long a result may wait unwritten while the batch goes on (default 2 s). */
  resultWriteIntervalMs?: number
}

export interface BatchSummary {
  attempted: number
  succeeded: number
  retrying: number
  failed: number
  skipped: number
  /** Not attempted because the worker was stopping: scheduled again for another worker. */
  released: number
  deactivatedApps: string[]
}

// A job may start a little before the instant its deliveries were scheduled for.
const dueToleranceMs = 1_000
// A batch still attempting writes the results it has at least this often (see batch-results.ts).
const defaultResultWriteIntervalMs = 2_000
// An edge dispatcher that does not answer is not the endpoint's fault: try again later without counting an attempt.
const edgeRetryMs = 5_000

/**
 * One `deliver` job: reads its deliveries with their apps and events (one
 * command where the job names them and the server has union reads, else
 * three queries), attempts the due ones in the worker's shared slots, and writes
 * the results in bulk (batch-results.ts): once for a batch that ends within
 * the write interval, every interval for a longer one. Apps that met a
 * non-transient outcome are turned off before their failures are written,
 * their other in-progress deliveries skipped at the end, and retries
 * scheduled. The number of round trips does not grow with the batch.
 */
export async function deliverBatch(context: DeliverBatchContext, deliveryIds: readonly string[], related?: RelatedIds): Promise<BatchSummary> {
  const { store, inFlight } = context
  const summary: BatchSummary = { attempted: 0, succeeded: 0, retrying: 0, failed: 0, skipped: 0, released: 0, deactivatedApps: [] }
  // Claimed before the read, not after it: a batch whose read returned
  // before another batch wrote its results, but resumed after that batch
  // let go, would otherwise attempt the same deliveries again from the stale
  // read and write counters that disagree with the attempts (seen under load).
  const heldElsewhere = [...new Set(deliveryIds.flatMap((id) => inFlight.get(id) ?? []))]
  const claimed = [...new Set(deliveryIds)].filter((id) => !inFlight.has(id))
  let written!: () => void
  const held = new Promise<void>((resolve) => (written = resolve))
  for (const id of claimed) inFlight.set(id, held)
  try {
    if (context.stopping?.aborted) {
      // A job that started while the worker drains: hand it all back without reading.
      if (claimed.length > 0) await context.schedule(claimed, context.now())
      summary.released = claimed.length
    } else {
      const startedAt = context.now()
      const claimedIds = new Set(claimed)
      const isDue = (delivery: BatchDelivery) =>
        claimedIds.has(delivery._id) &&
        inProgressStatuses.includes(delivery.status) &&
        delivery.nextAttemptAt !== null &&
        delivery.nextAttemptAt.getTime() <= startedAt.getTime() + dueToleranceMs
      if (claimed.length > 0) {
        const batch = await store.deliveryBatches.read(claimed, related, isDue)
        const due = batch.deliveries.filter(isDue)
        if (due.length > 0) await attemptDue(context, due, batch, summary)
      }
    }
  } finally {
    for (const id of claimed) inFlight.delete(id)
    written()
  }
  // The same job can be locked twice (a server without atomic findAndModify),
  // or the sweep can have enqueued these again: a duplicate does not end (and
  // have its job removed) before the batch holding its deliveries wrote them.
  // Waited for only after letting go of our own, so two batches never wait on each other.
  await Promise.all(heldElsewhere)
  return summary
}

/** Attempts the claimed, due deliveries (their apps and events read with them) and writes every result into `summary`. */
async function attemptDue(context: DeliverBatchContext, due: BatchDelivery[], { apps, events }: Pick<DeliveryBatch, 'apps' | 'events'>, summary: BatchSummary): Promise<void> {
  const { store, logger, metrics } = context

  const deactivations: BatchDeactivations = new Map()
  const results = createBatchResultWriter({
    context,
    read: new Map(due.map((delivery) => [delivery._id, delivery])),
    deactivations,
    intervalMs: context.resultWriteIntervalMs ?? defaultResultWriteIntervalMs,
    deactivate: async (appId, { reason, causedBy, at }) => {
      const turnedOff = await store.apps.deactivate(appId, reason, at)
      if (!turnedOff) return
      metrics.recordDeactivation()
      summary.deactivatedApps.push(appId)
      logger.warn({ appId, reason }, 'Turned an application off after a non-transient delivery failure')
      await announceDeactivation(context, turnedOff, reason, causedBy, at)
    },
  })
  const skip = (delivery: BatchDelivery, reason: string) =>
    results.add({ id: delivery._id, status: 'skipped', attemptCount: delivery.attemptCount, retryAttempts: delivery.retryAttempts, nextAttemptAt: null, skippedReason: reason, at: context.now() })
  const fail = (delivery: BatchDelivery, error: string) =>
    results.add({ id: delivery._id, status: 'failed', attemptCount: delivery.attemptCount, retryAttempts: delivery.retryAttempts, lastError: error, nextAttemptAt: null, at: context.now() })

  const released: QueuedDelivery[] = []
  const attemptable: { delivery: BatchDelivery; app: AppDocument; event: EventDocument }[] = []
  for (const delivery of due) {
    const app = apps.get(delivery.appId)
    const event = events.get(delivery.eventId)
    if (!app) skip(delivery, 'The application was deleted.')
    else if (!app.active) skip(delivery, app.deactivatedReason ? `The application is turned off: ${app.deactivatedReason}` : 'The application is turned off.')
    else if (!event) fail(delivery, 'The event is no longer stored (past the log retention).')
    else attemptable.push({ delivery, app, event })
  }

  // As many lanes as the worker has slots: alone, this batch may use them all.
  // A lane checks the app and the stop only once it holds a slot, since both may change while it waits.
  try {
    await runPool(attemptable, context.slots.limit, async (item) => {
      const releaseSlot = await context.slots.acquire()
      try {
        await attemptOne(item)
      } finally {
        releaseSlot()
      }
    })
  } catch (error) {
    // What was attempted is still written; no write is left to run after the batch.
    await results.finish().catch(() => undefined)
    throw error
  }

  async function attemptOne({ delivery, app, event }: (typeof attemptable)[number]): Promise<void> {
    const turnedOff = deactivations.get(app._id)
    if (turnedOff) {
      skip(delivery, `The application was turned off: ${turnedOff.reason}`)
      return
    }
    if (context.stopping?.aborted) {
      // Left exactly as stored (status, counters, due time): another worker attempts it.
      released.push(toDeliveryRef(delivery))
      return
    }
    let outcome: DeliveryOutcome
    try {
      const request = buildDeliveryRequest(delivery, app, event, context.secrets)
      if (delivery.attemptCount === 0) metrics.recordFirstAttempt(Date.now() - delivery.createdAt.getTime())
      outcome = await context.dispatcher.attempt(request)
    } catch (error) {
      if (isDispatcherError(error) && (error.code === 'edge-unavailable' || error.code === 'edge-rejected')) {
        const at = context.now()
        results.add({
          id: delivery._id,
          status: delivery.status,
          attemptCount: delivery.attemptCount,
          retryAttempts: delivery.retryAttempts,
          lastError: error.message,
          nextAttemptAt: new Date(at.getTime() + Math.max(app.retryDelaySeconds * 1000, edgeRetryMs)),
          at,
        })
      } else {
        logger.error({ err: error, deliveryId: delivery._id, appId: app._id }, 'A delivery could not be attempted')
        fail(delivery, `Hookline could not attempt this delivery: ${(error as Error).message}`)
      }
      return
    }
    summary.attempted++
    metrics.recordAttempt(outcome.kind, outcome.durationMs)
    const verdict = judgeAttempt(delivery, app, outcome, context.now())
    // The reason is shown on the app and logged: no query values (tokens) of the endpoint in it.
    // Recorded before the result, so the write that holds this failure turns the app off first.
    // Off from this verdict on: the app's deliveries this batch skips after it are skipped since `at`.
    if (verdict.deactivate && !deactivations.has(app._id)) {
      deactivations.set(app._id, { reason: redactUrlQueries(verdict.deactivate), causedBy: delivery._id, at: context.now() })
    }
    results.add(verdict.progress)
  }

  const progress = await results.finish()
  const at = context.now()
  let skippedElsewhere = 0
  for (const [appId, { reason }] of deactivations) {
    skippedElsewhere += await store.deliveries.skipInProgress(appId, `The application was turned off: ${reason}`, at)
  }

  // Before this job ends (and is removed): the released deliveries always belong to some job.
  if (released.length > 0) await context.schedule(released, at)
  summary.released = released.length

  for (const item of progress) {
    if (item.status === 'succeeded') summary.succeeded++
    else if (item.status === 'failed') summary.failed++
    else if (item.status === 'skipped') summary.skipped++
    else if (item.attempt) summary.retrying++
  }
  summary.skipped += skippedElsewhere
  metrics.recordEnded('succeeded', summary.succeeded)
  metrics.recordEnded('failed', summary.failed)
  metrics.recordEnded('skipped', summary.skipped)
  metrics.recordRetries(summary.retrying)
}

/**
 * Tells the tenant: a `system.app.deactivated` event to its apps subscribed
 * to it (never to the app itself). A failure here is logged, not thrown: the
 * app is off and its deliveries are written whatever happens to the notice.
 */
async function announceDeactivation(context: DeliverBatchContext, app: AppDocument, reason: string, deliveryId: string, at: Date): Promise<void> {
  try {
    const published = await publishAppEvent(context.store, app, { type: 'system.app.deactivated', reason, deliveryId }, at, redactUrlQuery)
    if (published) await context.schedule(published.deliveryIds, at)
  } catch (error) {
    context.logger.error({ err: error, appId: app._id }, 'Could not publish the system.app.deactivated event')
  }
}
