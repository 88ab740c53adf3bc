import {
  inProgressStatuses,
  newDelivery,
  type AppDocument,
  type DeliveryDocument,
  type DeliveryLogFilter,
  type EventDocument,
  type Store,
} from '@hookline/store'
import { toDeliveryRef, type DeliveryQueue } from '@hookline/queue'
import { HttpProblem, notFound } from '../http/problem.ts'

/** Most deliveries one bulk redelivery request queues (newest first). */
export const maxBulkRedeliveries = 10_000

export interface RedeliveryDependencies {
  store: Store
  queue: DeliveryQueue
  now: () => Date
}

/**
 * A new delivery chain for the same event and app — same `webhook-id` —
 * queued at once. Refused while the original is still in progress, and when
 * the app is off (turn it on first), deleted, or the event is gone.
 */
export async function redeliverOne(deps: RedeliveryDependencies, tenantId: string, deliveryId: string): Promise<DeliveryDocument> {
  const { store } = deps
  const original = await store.deliveries.get(tenantId, deliveryId)
  if (!original) throw notFound(`Delivery ${deliveryId}`)
  if (inProgressStatuses.includes(original.status)) {
    throw new HttpProblem(409, `Delivery ${deliveryId} is still ${original.status}; redeliver it once it has ended.`, { type: 'delivery-in-progress' })
  }
  const [app, event] = await Promise.all([store.apps.get(tenantId, original.appId), store.events.get(tenantId, original.eventId)])
  if (!app) throw new HttpProblem(422, `Application ${original.appId} was deleted; its deliveries cannot be redelivered.`, { type: 'application-deleted' })
  if (!app.active) {
    throw new HttpProblem(409, `Application ${app._id} is turned off${app.deactivatedReason ? ` (${app.deactivatedReason})` : ''}; turn it on first.`, {
      type: 'application-inactive',
    })
  }
  if (!event) throw new HttpProblem(422, `Event ${original.eventId} is no longer stored (past the log retention).`, { type: 'event-expired' })
  const delivery = newDelivery({ app, event, at: deps.now(), redeliveryOf: original._id })
  await store.deliveries.insertMany([delivery])
  await deps.queue.enqueue([toDeliveryRef(delivery)])
  return delivery
}

export interface BulkRedelivery {
  queued: number
  skipped: number
  capped: boolean
}

/**
 * Redelivers every delivery the filter matches, newest first, up to
 * 10,000: once per event and app (the newest match), skipping those still
 * in progress, of apps that are off or deleted, and of expired events.
 */
export async function redeliverMatching(deps: RedeliveryDependencies, tenantId: string, filter: DeliveryLogFilter): Promise<BulkRedelivery> {
  const { store } = deps
  const cursor = store.deliveries.streamDeliveries(tenantId, filter, { limit: maxBulkRedeliveries + 1 })
  const matches = await cursor.toArray()
  const capped = matches.length > maxBulkRedeliveries
  if (capped) matches.length = maxBulkRedeliveries

  const seen = new Set<string>()
  const candidates = matches.filter((delivery) => {
    if (inProgressStatuses.includes(delivery.status) || seen.has(delivery.messageId)) return false
    seen.add(delivery.messageId)
    return true
  })
  const [apps, events] = await Promise.all([
    store.apps.findActiveByIds(tenantId, candidates.map((item) => item.appId)),
    store.events.findSummaries(tenantId, candidates.map((item) => item.eventId)),
  ])
  const appById = new Map<string, AppDocument>(apps.map((app) => [app._id, app]))
  const eventById = new Map<string, Pick<EventDocument, '_id' | 'type' | 'portalEventId'>>(events.map((event) => [event._id, event]))
  const at = deps.now()
  const created = candidates.flatMap((original) => {
    const app = appById.get(original.appId)
    const event = eventById.get(original.eventId)
    return app && event ? [newDelivery({ app, event, at, redeliveryOf: original._id })] : []
  })
  await store.deliveries.insertMany(created)
  await deps.queue.enqueue(created.map(toDeliveryRef))
  return { queued: created.length, skipped: matches.length - created.length, capped }
}
