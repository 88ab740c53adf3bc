import type { ClientSession, Collection, MongoClient } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import type { DeliveryDocument, EventDocument, IdempotencyKeyDocument } from '../documents.ts'
import { isDuplicateKeyError, StoreError } from '../errors.ts'
import type { DeliveryRepository } from './deliveries.ts'
import type { EventRepository } from './events.ts'
import { idempotencyKeyId, type IdempotencyKeyRepository } from './idempotency-keys.ts'

/** One published event with the deliveries it fans out to. */
export interface PublishItem {
  event: EventDocument
  deliveries: readonly DeliveryDocument[]
  /** The event's own Idempotency-Key record, when it has one. */
  key?: IdempotencyKeyDocument
}

/** A published event whose request named no idempotency key. */
export type UnkeyedPublishItem = Omit<PublishItem, 'key'>

/** A batch's own Idempotency-Key, whose answer depends on which of its events' keys were taken. */
export interface RequestKey {
  key: string
  record(taken: ReadonlyMap<string, IdempotencyKeyDocument>): IdempotencyKeyDocument
}

export interface PublishRecord {
  /**
   * Keys of items that another request holds, with the holder's record: those
   * items were not stored (their answer is the holder's).
   */
  taken: Map<string, IdempotencyKeyDocument>
  /** The request's own key is held by another request: nothing of this call was stored. */
  requestKeyHolder?: IdempotencyKeyDocument
}

export interface PublishRepository {
  /**
   * Stores a publish: events, their deliveries (counted on the overview) and
   * idempotency keys. An item whose key another request holds is not stored;
   * a request key that another request holds stores nothing at all.
   */
  record(tenantId: string, items: readonly PublishItem[], requestKey?: RequestKey): Promise<PublishRecord>
  /**
   * Stores events that no idempotency key names, from any number of requests
   * and tenants, so concurrent publishes can share the writes: events before
   * their deliveries, in one transaction where the server has them. No key
   * can be held by another request, so nothing is ever taken back here.
   */
  recordUnkeyed(items: readonly UnkeyedPublishItem[]): Promise<void>
  /**
   * Whether a `record` that throws has written nothing (a transaction). When
   * false, part of it may be stored, and the caller takes it back by id.
   */
  allOrNothing(): Promise<boolean>
}

export interface PublishRepositoryDependencies {
  client: MongoClient
  collections: { events: Collection<EventDocument>; idempotencyKeys: Collection<IdempotencyKeyDocument> }
  /** Stores deliveries and counts them, inside the session's transaction when given. */
  insertDeliveries(documents: readonly DeliveryDocument[], session?: ClientSession): Promise<void>
  repositories: { events: EventRepository; deliveries: DeliveryRepository; idempotencyKeys: IdempotencyKeyRepository }
  capabilities: () => Promise<ServerCapabilities>
  now: () => Date
}

/**
 * With transactions, a publish is one transaction: all of it or none, so a
 * failure leaves nothing to take back. Without them (FerretDB), it is written
 * in steps, and what a lost key race wrote is removed again by id.
 */
export function createPublishRepository(deps: PublishRepositoryDependencies): PublishRepository {
  const allOrNothing = async () => (await deps.capabilities()).transactions
  return {
    allOrNothing,
    async record(tenantId, items, requestKey) {
      if (items.length === 0 && !requestKey) return { taken: new Map() }
      return (await allOrNothing()) ? recordInTransaction(deps, tenantId, items, requestKey) : recordInSteps(deps, tenantId, items, requestKey)
    },
    async recordUnkeyed(items) {
      if (items.length === 0) return
      if (!(await allOrNothing())) return storeInSteps(deps, items)
      await deps.client.withSession((session) =>
        session.withTransaction(async () => {
          await deps.collections.events.insertMany(items.map((item) => item.event), { session })
          await deps.insertDeliveries(items.flatMap((item) => item.deliveries), session)
        }),
      )
    },
  }
}

async function recordInTransaction(
  deps: PublishRepositoryDependencies,
  tenantId: string,
  items: readonly PublishItem[],
  requestKey: RequestKey | undefined,
): Promise<PublishRecord> {
  const { client, collections } = deps
  const taken = new Map<string, IdempotencyKeyDocument>()
  // Each round that meets a held key learns at least one holder, so the rounds are bounded.
  for (let round = 0; round <= items.length + 1; round++) {
    const storing = items.filter((item) => !(item.key && taken.has(item.key.key)))
    const requestRecord = requestKey?.record(taken)
    const keyRecords = [...(requestRecord ? [requestRecord] : []), ...storing.flatMap((item) => (item.key ? [item.key] : []))]
    try {
      await client.withSession((session) =>
        session.withTransaction(async () => {
          // Keys first: a held key aborts the transaction before anything else is written.
          if (keyRecords.length > 0) await collections.idempotencyKeys.insertMany(keyRecords, { session })
          if (storing.length > 0) await collections.events.insertMany(storing.map((item) => item.event), { session })
          await deps.insertDeliveries(
            storing.flatMap((item) => item.deliveries),
            session,
          )
        }),
      )
      return { taken }
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
      const learned = await holdersOf(deps, tenantId, keyRecords)
      if (requestKey && learned.live.has(requestKey.key)) return { taken, requestKeyHolder: learned.live.get(requestKey.key)! }
      for (const [key, holder] of learned.live) taken.set(key, holder)
      if (learned.live.size === 0 && learned.expired === 0) {
        throw new StoreError('duplicate', 'A publish met a duplicate key that no idempotency record explains', { cause: error })
      }
    }
  }
  throw new StoreError('duplicate', `A publish of ${items.length} events kept meeting held idempotency keys`)
}

/** Which of these keys another request holds now, read outside the aborted transaction; expired holders are removed. */
async function holdersOf(deps: PublishRepositoryDependencies, tenantId: string, records: readonly IdempotencyKeyDocument[]) {
  const { idempotencyKeys } = deps.collections
  const now = deps.now()
  const ids = records.map((record) => idempotencyKeyId(tenantId, record.key))
  const holders = await idempotencyKeys.find({ _id: { $in: ids } }).toArray()
  const expired = holders.filter((holder) => holder.expiresAt <= now)
  // An expired record no longer answers; it only waits for retention. The next round replaces it.
  if (expired.length > 0) await idempotencyKeys.deleteMany({ _id: { $in: expired.map((holder) => holder._id) }, expiresAt: { $lte: now } })
  const live = new Map(holders.filter((holder) => holder.expiresAt > now).map((holder) => [holder.key, holder]))
  return { live, expired: expired.length }
}

async function recordInSteps(
  deps: PublishRepositoryDependencies,
  tenantId: string,
  items: readonly PublishItem[],
  requestKey: RequestKey | undefined,
): Promise<PublishRecord> {
  const { idempotencyKeys } = deps.repositories
  await storeInSteps(deps, items)
  const lost = await idempotencyKeys.insertMany(items.flatMap((item) => (item.key ? [item.key] : [])))
  const taken = lost.size > 0 ? await idempotencyKeys.find(tenantId, [...lost], deps.now()) : new Map<string, IdempotencyKeyDocument>()
  const losers = items.filter((item) => item.key && taken.has(item.key.key))
  await removeItems(deps, losers)
  if (!requestKey) return { taken }
  const conflicts = await idempotencyKeys.insertMany([requestKey.record(taken)])
  const holder = conflicts.size > 0 ? (await idempotencyKeys.find(tenantId, [requestKey.key], deps.now())).get(requestKey.key) : undefined
  if (!holder) return { taken }
  // Another request with this key won: take back this one's writes, keys first.
  const kept = items.filter((item) => !losers.includes(item))
  await idempotencyKeys.removeAnswering(
    tenantId,
    kept.flatMap((item) => (item.key ? [item.key.key] : [])),
    kept.map((item) => item.event._id),
  )
  await removeItems(deps, kept)
  return { taken, requestKeyHolder: holder }
}

/** Events before their deliveries: a delivery is never stored without its event. */
async function storeInSteps(deps: PublishRepositoryDependencies, items: readonly UnkeyedPublishItem[]): Promise<void> {
  await deps.repositories.events.insertMany(items.map((item) => item.event))
  await deps.repositories.deliveries.insertMany(items.flatMap((item) => item.deliveries))
}

async function removeItems(deps: PublishRepositoryDependencies, items: readonly PublishItem[]): Promise<void> {
  if (items.length === 0) return
  await deps.repositories.deliveries.removeMany(items.flatMap((item) => item.deliveries.map((delivery) => delivery._id)))
  await deps.repositories.events.removeMany(items.map((item) => item.event._id))
}
