import { redactUrlQuery } from '@hookline/dispatcher'
import type { DeliveryQueue } from '@hookline/queue'
import { publishAppEvent, type AppDocument, type Store } from '@hookline/store'
import type { Logger } from 'pino'

/**
 * After a person turns on an app that delivery had turned off: a
 * `system.app.reactivated` event to the tenant's apps subscribed to it. A
 * failure is logged and does not undo the activation the caller asked for.
 */
export async function announceReactivation(
  deps: { store: Store; queue: DeliveryQueue | undefined; logger: Logger },
  before: AppDocument,
  after: AppDocument,
  by: string,
  at: Date,
): Promise<void> {
  if (before.active || before.deactivatedReason === undefined || !after.active || !deps.queue) return
  try {
    const published = await publishAppEvent(deps.store, after, { type: 'system.app.reactivated', by }, at, redactUrlQuery)
    if (published) await deps.queue.enqueue(published.deliveryIds)
  } catch (error) {
    deps.logger.error({ err: error, appId: after._id }, 'Could not publish the system.app.reactivated event')
  }
}
