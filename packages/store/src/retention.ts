import type { Collection, Db, Document } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import type { HooklineCollections } from './collections.ts'

const dayMs = 24 * 60 * 60 * 1000

/** What one purge deleted. */
export interface RetentionPurge {
  deliveries: number
  events: number
  idempotencyKeys: number
}

/**
 * How long records are kept, and who deletes them. With TTL indexes the
 * server expires delivery logs (`createdAt` + retention, their attempts by
 * the delivery's `createdAt` too) and idempotency keys (`expiresAt`) itself and the purge leaves them alone; without, the
 * purge deletes them. Events are always purged here: one lives as long as a
 * delivery still references it (a late redelivery needs it), a rule a TTL
 * index cannot express.
 */
export interface RetentionRepository {
  /** Whether the server expires delivery logs and idempotency keys itself. */
  byTtlIndexes(): Promise<boolean>
  /** Creates or adjusts the TTL indexes for this retention (where the server has them); call once at start. */
  enforce(retentionDays: number): Promise<void>
  /** Deletes what the server does not expire itself: records past retention, unreferenced events. */
  purge(now: Date, retentionDays: number): Promise<RetentionPurge>
}

/** The indexes retention owns; `ensureIndexes` leaves them to `enforce` where TTL indexes exist. */
export const retentionIndexNames = { deliveries: 'created', deliveryAttempts: 'created', idempotencyKeys: 'expires' } as const

export interface RetentionDependencies {
  db: Db
  collections: HooklineCollections
  capabilities: () => Promise<ServerCapabilities>
  purgeEvents(before: Date): Promise<number>
  purgeDeliveries(before: Date): Promise<number>
  purgeIdempotencyKeys(now: Date): Promise<number>
}

/** The TTL index specs for a retention: what `enforce` makes the server hold. */
export interface TtlIndexSpec {
  key: Record<string, 1>
  name: string
  expireAfterSeconds: number
}

export function retentionTtlIndexes(retentionDays: number): { collection: 'deliveries' | 'deliveryAttempts' | 'idempotencyKeys'; index: TtlIndexSpec }[] {
  const expireAfterSeconds = Math.round((retentionDays * dayMs) / 1000)
  return [
    { collection: 'deliveries', index: { key: { createdAt: 1 }, name: retentionIndexNames.deliveries, expireAfterSeconds } },
    // Keyed on the delivery's createdAt: an attempt expires the moment its delivery does.
    { collection: 'deliveryAttempts', index: { key: { deliveryCreatedAt: 1 }, name: retentionIndexNames.deliveryAttempts, expireAfterSeconds } },
    // Expired the moment `expiresAt` passes.
    { collection: 'idempotencyKeys', index: { key: { expiresAt: 1 }, name: retentionIndexNames.idempotencyKeys, expireAfterSeconds: 0 } },
  ]
}

export function createRetentionRepository(deps: RetentionDependencies): RetentionRepository {
  return {
    async byTtlIndexes() {
      return (await deps.capabilities()).ttlIndexes
    },

    async enforce(retentionDays) {
      if (!(await deps.capabilities()).ttlIndexes) return
      for (const { collection, index } of retentionTtlIndexes(retentionDays)) {
        await ensureTtlIndex(deps.db, deps.collections[collection] as unknown as Collection, index)
      }
    },

    async purge(now, retentionDays) {
      const cutoff = new Date(now.getTime() - retentionDays * dayMs)
      const ttl = (await deps.capabilities()).ttlIndexes
      const deliveries = ttl ? 0 : await deps.purgeDeliveries(cutoff)
      const events = await deps.purgeEvents(cutoff)
      const idempotencyKeys = ttl ? 0 : await deps.purgeIdempotencyKeys(now)
      return { deliveries, events, idempotencyKeys }
    },
  }
}

/**
 * Makes `index` exist with its `expireAfterSeconds`: creates it, changes the
 * expiry of an existing TTL index in place (`collMod`), or replaces a plain
 * index of the same name (one created before the server had TTL indexes).
 */
async function ensureTtlIndex(db: Db, collection: Collection, index: TtlIndexSpec): Promise<void> {
  const existing = (await collection.listIndexes().toArray().catch(() => [] as Document[])).find((candidate) => candidate.name === index.name)
  if (existing?.expireAfterSeconds === index.expireAfterSeconds) return
  if (existing && existing.expireAfterSeconds !== undefined) {
    await db.command({ collMod: collection.collectionName, index: { name: index.name, expireAfterSeconds: index.expireAfterSeconds } })
    return
  }
  if (existing) await collection.dropIndex(index.name)
  const { key, ...options } = index
  await collection.createIndex(key, options)
}
