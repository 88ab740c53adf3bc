import type { ClientSession, Collection } from 'mongodb'
import { bulkUpdatePolicy } from '../bulk-update-policy.ts'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import type { DeliveryLogHeads } from '../delivery-log-heads.ts'
import { StatsChanges } from '../delivery-stats-counters.ts'
import type { DeliveryDocument, DeliveryStatsDocument } from '../documents.ts'

/** Applies status changes to the overview's counters; inside `session`'s transaction when one is given. */
export type StatsCounter = (changes: StatsChanges, session?: ClientSession) => Promise<void>

/**
 * Every status change of a delivery is also applied to the overview's
 * counters (delivery-stats-counters.ts), right after the write that made it.
 */
export function createStatsCounter(stats: Collection<DeliveryStatsDocument>, capabilities: () => Promise<ServerCapabilities>): StatsCounter {
  return async (changes, session) => {
    if (changes.size === 0) return
    const policy = bulkUpdatePolicy(await capabilities())
    const operations = changes.operations()
    for (let start = 0; start < operations.length; start += policy.statementsPerCommand) {
      const chunk = operations.slice(start, start + policy.statementsPerCommand)
      await policy.run(() => stats.bulkWrite(chunk, { ordered: false, ...(session ? { session } : {}) }))
    }
  }
}

/**
 * Stores new deliveries and counts them as pending, in one transaction when
 * `session` carries one. Where log heads are kept (delivery-log-heads.ts)
 * the deliveries are announced to them first, outside any transaction: a
 * head may then name a row that never got written (read as missing), never
 * miss one that did.
 */
export function createDeliveryInsert(deliveries: Collection<DeliveryDocument>, countChanges: StatsCounter, heads: DeliveryLogHeads) {
  return async (documents: readonly DeliveryDocument[], session?: ClientSession): Promise<void> => {
    if (documents.length === 0) return
    await heads.announce(documents)
    await deliveries.insertMany([...documents], { ordered: false, ...(session ? { session } : {}) })
    const changes = new StatsChanges()
    for (const document of documents) changes.add(document, document.status)
    await countChanges(changes, session)
  }
}
