import type { Collection, Db } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { isServedInIndexOrder } from './capabilities/index-order-plan.ts'
import type { LogHeadDocument } from './delivery-log-head-chain.ts'
import { indexCatalogue } from './indexes.ts'
import { retentionIndexNames } from './retention.ts'
import type {
  ApiKeyDocument,
  AppDocument,
  AttemptLogDocument,
  DeliveryDocument,
  DeliveryStatsDocument,
  EventDocument,
  IdempotencyKeyDocument,
  SessionDocument,
  TenantDocument,
  UserDocument,
} from './documents.ts'

/** Collection names, in one place so the API and the worker agree. */
export const collectionNames = {
  tenants: 'tenants',
  users: 'users',
  sessions: 'sessions',
  apiKeys: 'api_keys',
  apps: 'apps',
  events: 'events',
  deliveries: 'deliveries',
  /** Each attempt's request headers and response excerpt, apart from its delivery (see attempt-log.ts). */
  deliveryAttempts: 'delivery_attempts',
  /** The overview's per-tenant, per-app, per-hour counters (see delivery-stats-counters.ts). */
  deliveryStats: 'delivery_stats',
  /** Where filters are not pushed down (FerretDB 1.24): each tenant's newest log keys, read by `_id` (see delivery-log-heads.ts). */
  deliveryLogHeads: 'delivery_log_heads',
  idempotencyKeys: 'idempotency_keys',
  /** Agenda's jobs (the delivery worker's queue), through @agendajs/mongo-backend. */
  agendaJobs: 'agenda_jobs',
  /** A small capped collection that wakes the worker when a job is created (see notification-collection.ts). */
  agendaNotifications: 'agenda_notifications',
  /** Where the notification channel rings instead on FerretDB: one small document per job name (see the worker's job-doorbell.ts). */
  agendaDoorbell: 'agenda_doorbell',
  /** Where timed capability probes take turns: a document only while some process is probing (see probe-lease.ts). */
  capabilityLeases: 'hookline_capability_leases',
  /** One document whose token changes on every write a publish reads first, so cached reads are checked in one read (see change-mark.ts). */
  publishReadChanges: 'hookline_publish_read_changes',
} as const

export interface HooklineCollections {
  tenants: Collection<TenantDocument>
  users: Collection<UserDocument>
  sessions: Collection<SessionDocument>
  apiKeys: Collection<ApiKeyDocument>
  apps: Collection<AppDocument>
  events: Collection<EventDocument>
  deliveries: Collection<DeliveryDocument>
  deliveryAttempts: Collection<AttemptLogDocument>
  deliveryStats: Collection<DeliveryStatsDocument>
  deliveryLogHeads: Collection<LogHeadDocument>
  idempotencyKeys: Collection<IdempotencyKeyDocument>
}

export function hooklineCollections(db: Db): HooklineCollections {
  return {
    tenants: db.collection<TenantDocument>(collectionNames.tenants),
    users: db.collection<UserDocument>(collectionNames.users),
    sessions: db.collection<SessionDocument>(collectionNames.sessions),
    apiKeys: db.collection<ApiKeyDocument>(collectionNames.apiKeys),
    apps: db.collection<AppDocument>(collectionNames.apps),
    events: db.collection<EventDocument>(collectionNames.events),
    deliveries: db.collection<DeliveryDocument>(collectionNames.deliveries),
    deliveryAttempts: db.collection<AttemptLogDocument>(collectionNames.deliveryAttempts),
    deliveryStats: db.collection<DeliveryStatsDocument>(collectionNames.deliveryStats),
    deliveryLogHeads: db.collection<LogHeadDocument>(collectionNames.deliveryLogHeads),
    idempotencyKeys: db.collection<IdempotencyKeyDocument>(collectionNames.idempotencyKeys),
  }
}

/**
 * Creates the indexes of `indexCatalogue` (indexes.ts). Idempotent; run at
 * start by every process that uses the store. Where the server has TTL
 * indexes the retention indexes (`deliveries.created`,
 * `delivery_attempts.created`, `idempotency_keys.expires`) are left to the retention repository, which
 * makes them TTL indexes: creating the plain ones here would conflict with them.
 * One index per command: FerretDB 1.24 drops the connection when a
 * multi-index createIndexes names indexes that already exist.
 */
export async function ensureIndexes(db: Db, capabilities: Pick<ServerCapabilities, 'ttlIndexes' | 'orderedIndexes' | 'indexOrderedSort'>): Promise<void> {
  const retentionOwned = new Set(
    Object.entries(retentionIndexNames).map(([collection, index]) => `${collectionNames[collection as keyof typeof retentionIndexNames]}.${index}`),
  )
  await Promise.all(
    Object.entries(indexCatalogue).map(async ([name, specs]) => {
      const collection = db.collection(name)
      for (const { key, serves: _serves, ordered, ...options } of specs ?? []) {
        if (capabilities.ttlIndexes && retentionOwned.has(`${name}.${options.name}`)) continue
        if (ordered && capabilities.orderedIndexes) await ensureOrderedIndex(db, name, { key, ...options }, capabilities.indexOrderedSort)
        else await collection.createIndex(key, options)
      }
    }),
  )
}

/**
 * An index built ordered on all its keys (ServerCapabilities.orderedIndexes).
 * Through the createIndexes command: the option is the server's own. An
 * index of the same name built before the server was known to order them
 * (the same key, without the option) conflicts with it: it is dropped and
 * built again, once, so that a database from before this change gets the
 * ordered index at its next start (on a large collection, build it ahead
 * of the upgrade: docs/DEPLOY.md).
 */
async function ensureOrderedIndex(db: Db, collection: string, index: { key: Record<string, number>; name: string; unique?: boolean }, serverSortsByIndex: boolean): Promise<void> {
  const create = () => db.command({ createIndexes: collection, indexes: [{ ...index, enableOrderedIndex: true }] })
  const rebuild = async () => {
    await db.collection(collection).dropIndex(index.name)
    await create()
  }
  try {
    await create()
  } catch (error) {
    if (!isIndexConflict(error)) throw error
    await rebuild()
    return
  }
  // Where the server can serve the index's sort in order, an index it built before it could
  // (DocumentDB before its extended RUM access method was set up) lists the same options and
  // still answers with a sort of every matching row: ask the planner, and rebuild it once.
  if (serverSortsByIndex && !(await servesItsSortInOrder(db.collection(collection), index))) await rebuild()
}

/**
 * The planner's answer for the shape an ordered list index exists for: its
 * leading ascending keys equal to a value, sorted on the rest (from the first
 * descending key: `createdAt`, `_id`). The value matches nothing, so the
 * explain costs nothing whatever the collection holds.
 */
async function servesItsSortInOrder(collection: Collection, index: { key: Record<string, number>; name: string }): Promise<boolean> {
  const keys = Object.entries(index.key)
  const sortFrom = keys.findIndex(([, direction]) => direction === -1)
  if (sortFrom <= 0) return true // not a shape this check knows: leave the index as built
  const equality = Object.fromEntries(keys.slice(0, sortFrom).map(([field]) => [field, 'hookline:index-check']))
  const sort = Object.fromEntries(keys.slice(sortFrom)) as Record<string, 1 | -1>
  return isServedInIndexOrder(await collection.find(equality).sort(sort).hint(index.name).limit(1).explain())
}

/** IndexOptionsConflict (85) and IndexKeySpecsConflict (86): an index of that name exists with other options. */
function isIndexConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 85 || code === 86
}
