import type { Db } from 'mongodb'
import { knownServerCapabilities, serverCapabilities } from './capabilities/detect-capabilities.ts'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { ensureIndexes, hooklineCollections } from './collections.ts'
import { createDeliveryBatchReader, type DeliveryBatchReader } from './delivery-batch-read.ts'
import { createDeliveryLogHeads } from './delivery-log-heads.ts'
import { ensureNotificationCollection } from './notification-collection.ts'
import { createApiKeyRepository, type ApiKeyRepository } from './repositories/api-keys.ts'
import { createAppRepository, type AppRepository } from './repositories/apps.ts'
import { createDeliveryRepository, type DeliveryRepository } from './repositories/deliveries.ts'
import { rawBatchFinder } from './read-raw-batch.ts'
import { createDeliveryStatsRepository, type DeliveryStatsRepository } from './repositories/delivery-stats.ts'
import { createEventRepository, type EventRepository } from './repositories/events.ts'
import { createIdempotencyKeyRepository, type IdempotencyKeyRepository } from './repositories/idempotency-keys.ts'
import { createDeliveryInsert, createStatsCounter } from './repositories/delivery-writes.ts'
import { createChangeMark, type ChangeMark } from './publish-reads/change-mark.ts'
import { forgetOnWrite } from './publish-reads/forget-on-write.ts'
import { createPublishReadCache, uncachedPublishReads, type PublishReads } from './publish-reads/publish-reads.ts'
import { createPublishRepository, type PublishRepository } from './repositories/publishes.ts'
import { createSessionRepository, type SessionRepository } from './repositories/sessions.ts'
import { createTenantRepository, type TenantRepository } from './repositories/tenants.ts'
import { createUserRepository, type UserRepository } from './repositories/users.ts'
import { createRetentionRepository, type RetentionRepository } from './retention.ts'
import { createSecretBox } from './secret-box.ts'

export interface StoreOptions {
  /** HOOKLINE_SECRET_KEY as bytes (see parseSecretKey). */
  secretKey: Uint8Array
  /** The clock; tests move it to check expiries. */
  now?: () => Date
  /**
   * Wraps the repositories a publish writes through before they are wired
   * together (fault tests make one fail part-way, as in an outage).
   */
  decorate?: (repositories: PublishWriters) => Partial<PublishWriters>
  /**
   * How long `publishReads` serves a read again, in ms (the API's
   * HOOKLINE_PUBLISH_CACHE_MS); 0 or absent: every publish reads.
   */
  publishReadCacheMs?: number
  /**
   * The longest a cached publish read is kept while no process recorded a
   * change (see publish-reads.ts); default 60 s. Tests shorten it.
   */
  publishReadStaleLimitMs?: number
}

/** The repositories a publish writes through. */
export type PublishWriters = Pick<Store, 'events' | 'deliveries' | 'idempotencyKeys'>

/** The database server itself. */
export interface ServerRepository {
  /** Resolves when the server answers a ping (readiness). */
  ping(): Promise<void>
  /** What the server can do, detected once per connection (see capabilities/). */
  capabilities(): Promise<ServerCapabilities>
  /** The same once detected, without waiting or starting a detection; undefined before. */
  knownCapabilities(): ServerCapabilities | undefined
}

/**
 * Hookline's data: one repository per kind of record. Every query the API
 * and the worker run is a method here; the collections stay inside.
 */
export interface Store {
  readonly tenants: TenantRepository
  readonly users: UserRepository
  /** Sign-in sessions, so tokens can be revoked. */
  readonly sessions: SessionRepository
  readonly apiKeys: ApiKeyRepository
  readonly apps: AppRepository
  readonly events: EventRepository
  /** The delivery log: one record per delivery chain. */
  readonly deliveries: DeliveryRepository
  /** For the worker: a job's deliveries with their events and apps (one command where the server has union reads). */
  readonly deliveryBatches: DeliveryBatchReader
  /** The overview's hourly counters, kept by `deliveries`' writes. */
  readonly deliveryStats: DeliveryStatsRepository
  readonly idempotencyKeys: IdempotencyKeyRepository
  /** A publish's events, deliveries and keys, written together (in one transaction where the server has them). */
  readonly publishes: PublishRepository
  /** What a publish reads first (its key, tenant and active apps), cached when `publishReadCacheMs` is set. */
  readonly publishReads: PublishReads
  /** How long records are kept, by TTL index or purge. */
  readonly retention: RetentionRepository
  readonly server: ServerRepository
  /** Detects the server's capabilities and creates the indexes (and the notification collection); call once at start. */
  ensureIndexes(): Promise<void>
}

export function openStore(db: Db, options: StoreOptions): Store {
  const now = options.now ?? (() => new Date())
  const collections = hooklineCollections(db)
  const box = createSecretBox(options.secretKey)
  const capabilities = () => serverCapabilities(db)
  const logHeads = createDeliveryLogHeads(collections.deliveryLogHeads, capabilities)
  const writers: PublishWriters = {
    events: createEventRepository(collections.events, collections.deliveries, capabilities),
    deliveries: createDeliveryRepository(collections.deliveries, collections.deliveryStats, collections.deliveryAttempts, capabilities, logHeads, rawBatchFinder(db)),
    idempotencyKeys: createIdempotencyKeyRepository(collections.idempotencyKeys),
  }
  const { events, deliveries, idempotencyKeys } = { ...writers, ...options.decorate?.(writers) }
  const publishes = createPublishRepository({
    client: db.client,
    collections,
    insertDeliveries: createDeliveryInsert(collections.deliveries, createStatsCounter(collections.deliveryStats, capabilities), logHeads),
    repositories: { events, deliveries, idempotencyKeys },
    capabilities,
    now,
  })
  const { tenants, apiKeys, apps, publishReads } = withPublishReads(
    {
      tenants: createTenantRepository({ tenants: collections.tenants, users: collections.users, client: db.client, capabilities, now }),
      apiKeys: createApiKeyRepository(collections.apiKeys, now),
      apps: createAppRepository(collections.apps, box, now, capabilities),
    },
    { maxAgeMs: options.publishReadCacheMs ?? 0, staleLimitMs: options.publishReadStaleLimitMs, changes: createChangeMark(db) },
  )
  return {
    tenants,
    users: createUserRepository(collections.users, now),
    sessions: createSessionRepository(collections.sessions, now),
    apiKeys,
    apps,
    events,
    deliveries,
    deliveryBatches: createDeliveryBatchReader(collections, capabilities),
    deliveryStats: createDeliveryStatsRepository(collections.deliveryStats, capabilities),
    idempotencyKeys,
    publishes,
    publishReads,
    retention: createRetentionRepository({
      db,
      collections,
      capabilities,
      purgeEvents: (before) => events.purge(before),
      purgeDeliveries: (before) => deliveries.purge(before),
      purgeIdempotencyKeys: (at) => idempotencyKeys.purgeExpired(at),
    }),
    server: {
      async ping() {
        await db.command({ ping: 1 })
      },
      capabilities,
      knownCapabilities: () => knownServerCapabilities(db),
    },
    async ensureIndexes() {
      const profile = await capabilities()
      await ensureIndexes(db, profile)
      await ensureNotificationCollection(db, profile)
    },
  }
}

type PublishReadSources = Pick<Store, 'tenants' | 'apiKeys' | 'apps'>

interface PublishReadSettings {
  maxAgeMs: number
  staleLimitMs: number | undefined
  changes: ChangeMark
}

/**
 * The publish reads, cached or not, and the repositories whose writes drop
 * what they changed here and record the change for every other process.
 */
function withPublishReads(sources: PublishReadSources, { maxAgeMs, staleLimitMs, changes }: PublishReadSettings): PublishReadSources & { publishReads: PublishReads } {
  if (maxAgeMs <= 0) return { ...forgetOnWrite(sources, undefined, changes), publishReads: uncachedPublishReads(sources) }
  const cache = createPublishReadCache(sources, { maxAgeMs, changes, ...(staleLimitMs !== undefined ? { staleLimitMs } : {}) })
  return { ...forgetOnWrite(sources, cache.invalidation, changes), publishReads: cache.reads }
}
