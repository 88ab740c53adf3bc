import type { DeliveryQueue, QueuedDelivery } from '@hookline/queue'
import { createGroupCommit, type Store, type UnkeyedPublishItem } from '@hookline/store'

/** One request's fresh events (no idempotency key names them) and their deliveries' queue entries. */
export interface GroupedPublish {
  items: readonly UnkeyedPublishItem[]
  deliveries: readonly QueuedDelivery[]
  /** Set when the events were stored but the queue refused their deliveries: the request still answers 202. */
  queueError?: unknown
}

/** Stores a request's events and queues their deliveries, in writes shared with concurrent requests. */
export type PublishGroup = (publish: GroupedPublish) => Promise<void>

/**
 * Events and deliveries one shared write carries at most (a request larger
 * than that goes alone). A batch holds up to 500 events, so this is a few
 * batched requests to a few apps; larger groups would save little and make
 * the requests behind them wait longer.
 */
export const publishGroupMaxDocuments = 10_000

/**
 * Requests that publish at the same moment share their writes: each group
 * is one insert of events, one of deliveries (with their counters), one job
 * insert and one wake-up call, however many requests it holds. Without it
 * every request paid those four or five commands itself, and each write
 * joined only the requests that happened to reach that step together.
 * A lone request is written at once (no timer), in the same steps as before.
 */
export function createPublishGroup(store: Store, queue: DeliveryQueue, maxDocuments = publishGroupMaxDocuments): PublishGroup {
  const commit = createGroupCommit<GroupedPublish>((publishes) => storeAndQueue(store, queue, publishes), {
    maxWeight: maxDocuments,
    weight: (publish) => publish.items.length + publish.deliveries.length,
  })
  return (publish) => commit([publish])
}

/**
 * The write of one group. A failed store rejects every request in it (each
 * takes its own writes back); a refused queue only marks them, since their
 * events are stored for good by then.
 */
export async function storeAndQueue(store: Store, queue: DeliveryQueue, publishes: readonly GroupedPublish[]): Promise<void> {
  await store.publishes.recordUnkeyed(publishes.flatMap((publish) => publish.items))
  try {
    await queue.enqueue(publishes.flatMap((publish) => publish.deliveries))
  } catch (error) {
    for (const publish of publishes) publish.queueError = error
  }
}
