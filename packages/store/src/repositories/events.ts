import type { Collection } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import { findByIds } from '../find-by-ids.ts'
import { createGroupCommit } from '../group-commit.ts'
import { findOwnedById } from '../find-owned-by-id.ts'
import type { DeliveryDocument, EventDocument } from '../documents.ts'
import { readFirstBatch } from '../read-first-batch.ts'

export interface EventRepository {
  insertMany(events: readonly EventDocument[]): Promise<void>
  get(tenantId: string, eventId: string): Promise<EventDocument | null>
  findByIds(eventIds: readonly string[]): Promise<EventDocument[]>
  /** The tenant's events among these ids, without their envelopes (what a new delivery needs). */
  findSummaries(tenantId: string, eventIds: readonly string[]): Promise<EventSummary[]>
  /** Undoes an insert (a publish that lost an idempotency race). */
  removeMany(eventIds: readonly string[]): Promise<void>
  /** Deletes up to `limit` events created before `before` that no delivery references; returns how many. */
  purge(before: Date, limit?: number): Promise<number>
}

/** An event without its envelope. */
export type EventSummary = Omit<EventDocument, 'envelopeJson'>

export function createEventRepository(
  events: Collection<EventDocument>,
  deliveries: Collection<DeliveryDocument>,
  capabilities: () => Promise<ServerCapabilities>,
): EventRepository {
  // Concurrent publishes share one insert: on a single-writer database
  // (FerretDB on SQLite) one insert per request queued on the write lock.
  const insertGrouped = createGroupCommit<EventDocument>(async (documents) => void (await events.insertMany(documents, { ordered: false })))
  return {
    async insertMany(documents) {
      if (documents.length > 0) await insertGrouped(documents)
    },
    get: (tenantId, eventId) => findOwnedById(events, tenantId, eventId),
    findByIds: (eventIds) => findByIds(events, capabilities, eventIds),
    findSummaries: (tenantId, eventIds) =>
      events.find({ tenantId, _id: { $in: [...new Set(eventIds)] } }, { projection: { envelopeJson: 0 } }).toArray() as Promise<EventSummary[]>,
    async removeMany(eventIds) {
      if (eventIds.length > 0) await events.deleteMany({ _id: { $in: [...eventIds] } })
    },
    async purge(before, limit = 5_000) {
      const old = await readFirstBatch(events.find({ createdAt: { $lt: before } }, { projection: { _id: 1 } }), limit)
      if (old.length === 0) return 0
      const ids = old.map((event) => event._id)
      // A redelivery made late in the retention window still needs its event.
      const referenced = new Set(await deliveries.distinct('eventId', { eventId: { $in: ids } }))
      const unreferenced = ids.filter((id) => !referenced.has(id))
      if (unreferenced.length === 0) return 0
      const result = await events.deleteMany({ _id: { $in: unreferenced } })
      return result.deletedCount
    },
  }
}
