import { StoreError, type DeliveryProgress, type Store } from '@hookline/store'
import type { Logger } from 'pino'

/**
 * Writes a batch's results. When only the attempts' detail (request
 * headers, response excerpts) could not be written, the statuses still are
 * (the store writes them whatever happened to the detail): the loss is
 * logged and the batch goes on to schedule its retries. Throwing there would leave retrying deliveries
 * without a job until the sweep finds them.
 */
export async function recordBatchProgress(store: Store, logger: Logger, progress: readonly DeliveryProgress[]): Promise<void> {
  try {
    await store.deliveries.recordProgress(progress)
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'attempts-not-recorded')) throw error
    logger.error({ err: error, deliveryIds: progress.map((item) => item.id) }, 'The detail of a batch’s attempts was not written; their deliveries’ status was')
  }
}
