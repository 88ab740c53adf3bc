import { toDeliveryRef, type DeliveryRef } from '@hookline/queue'
import type { BatchDelivery, DeliveryProgress } from '@hookline/store'
import type { DeliverBatchContext } from './deliver-batch.ts'
import { recordBatchProgress } from './record-batch-progress.ts'

/** Why a batch turned an app off, from the app's first non-transient verdict. */
export interface BatchDeactivation {
  reason: string
  /** The delivery whose failure turned the app off, for the system event. */
  causedBy: string
  /** When the verdict came: the app's deliveries this batch skips after it are skipped since then. */
  at: Date
}

/** Apps a batch turned off, by app id, shared by its attempts and its result writer. */
export type BatchDeactivations = Map<string, BatchDeactivation>

export interface BatchResultWriter {
  /** A result to write; written with the next flush. */
  add(item: DeliveryProgress): void
  /** Writes what is left and waits for every write; throws the first write's failure. */
  finish(): Promise<readonly DeliveryProgress[]>
}

export interface BatchResultWriterOptions {
  context: Pick<DeliverBatchContext, 'store' | 'logger' | 'schedule'>
  /** The batch's deliveries as it read them: each write is conditional on what its delivery held then. */
  read: ReadonlyMap<string, BatchDelivery>
  deactivations: BatchDeactivations
  /** A batch still attempting writes what it has at this interval (ms). */
  intervalMs: number
  /** Turns an app off and tells the tenant (see deliver-batch.ts). */
  deactivate(appId: string, deactivation: BatchDeactivation): Promise<void>
}

// Retries due close together share one job.
const retryBucketMs = 100

/**
 * Writes a batch's results as it goes, not only at its end: a batch of
 * 1,000 deliveries where one endpoint is slow would otherwise keep every
 * other app's results unlogged until its last attempt ended. Results wait at
 * most `intervalMs`; a batch that ends sooner writes them once (three
 * commands). Each write turns off the apps whose failures it holds first,
 * then writes the results, then schedules their retries. Writes run one at a
 * time, in order.
 */
export function createBatchResultWriter(options: BatchResultWriterOptions): BatchResultWriter {
  const { context, read, deactivations } = options
  const pending: DeliveryProgress[] = []
  const written: DeliveryProgress[] = []
  const turnedOff = new Set<string>()
  let writing: Promise<void> = Promise.resolve()
  let failure: unknown
  let timer: NodeJS.Timeout | undefined

  async function turnOffApps(): Promise<void> {
    for (const [appId, deactivation] of deactivations) {
      if (turnedOff.has(appId)) continue
      await options.deactivate(appId, deactivation)
      turnedOff.add(appId)
    }
  }

  async function write(items: DeliveryProgress[]): Promise<void> {
    // Apps go off before the failures are written: whoever sees a delivery
    // failed with a non-transient error also sees its app turned off.
    await turnOffApps()
    if (items.length === 0) return
    await recordBatchProgress(
      context.store,
      context.logger,
      // The items are this batch's own: each is given its `from` in place rather than copied with a spread per delivery.
      items.map((item) => {
        const { tenantId, appId, createdAt, status } = read.get(item.id)!
        item.from = { tenantId, appId, createdAt, status }
        return item
      }),
    )
    written.push(...items)
    // Retries of apps turned off are skipped with the app's other deliveries at the batch's end: no job for them.
    // Each retry names its event and app, so its job reads all three in one command.
    const byRunTime = new Map<number, DeliveryRef[]>()
    for (const item of items) {
      const delivery = read.get(item.id)!
      if (item.nextAttemptAt === null || deactivations.has(delivery.appId)) continue
      const bucket = Math.ceil(item.nextAttemptAt.getTime() / retryBucketMs) * retryBucketMs
      const retry = toDeliveryRef(delivery)
      const due = byRunTime.get(bucket)
      if (due) due.push(retry)
      else byRunTime.set(bucket, [retry])
    }
    for (const [runAt, retries] of byRunTime) await context.schedule(retries, new Date(runAt))
  }

  function flush(): void {
    clearTimeout(timer)
    timer = undefined
    const items = pending.splice(0)
    // Kept, not thrown here: a later write may still succeed, and finish() reports the first failure.
    writing = writing.then(() => write(items)).catch((error: unknown) => void (failure ??= error))
  }

  return {
    add(item) {
      pending.push(item)
      timer ??= setTimeout(flush, options.intervalMs)
    },
    async finish() {
      flush()
      await writing
      if (failure !== undefined) throw failure
      return written
    },
  }
}
