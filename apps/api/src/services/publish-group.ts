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

export interface PublishGroupOptions {
  /** Told of every group written, stored or not, with how many requests it carried (metrics). */
  onGroup?(requests: number): void
}

/**
 * Requests that publish at the same moment share their writes: each group
 * is one insert of events, one of deliveries (with their counters), and the
 * jobs (one per 1,000 deliveries) with their wake-up calls, however many
 * requests it holds. Before, each of those steps grouped on its own, so a
 * write joined only the requests that reached that step together. A lone
 * request is written at once (no timer), in the same steps as before.
 */
export function createPublishGroup(
  store: Store,
  queue: DeliveryQueue,
  options: PublishGroupOptions = {},
): PublishGroup {
  const commit = createGroupCommit<GroupedPublish>(
    (publishes) => {
      options.onGroup?.(publishes.length)
      return storeAndQueue(store, queue, publishes)
    },
    {
      maxWeight: publishGroupMaxDocuments,
      weight: (publish) => publish.items.length + publish.deliveries.length,
    },
  )
  return (publish) => commit([publish])
}

/**
 * The write of one group. A failed store rejects every request in it (each
 * takes its own writes back); a refused queue only marks them, since their
 * events are stored for good by then.
 */
export async function storeAndQueue(
  store: Store,
  queue: DeliveryQueue,
  publishes: readonly GroupedPublish[],
): Promise<void> {
  await store.publishes.recordUnkeyed(publishes.flatMap((publish) => publish.items))
  try {
    await queue.enqueue(publishes.flatMap((publish) => publish.deliveries))
  } catch (error) {
    for (const publish of publishes) publish.queueError = error
  }
}
