import type { Collection, Db } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { retentionIndexNames } from './retention.ts'
import type {
  ApiKeyDocument,
  AppDocument,
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
  /** The overview's per-tenant, per-app, per-hour counters (see delivery-stats-counters.ts). */
  deliveryStats: 'delivery_stats',
  idempotencyKeys: 'idempotency_keys',
  /** Agenda's jobs (the delivery worker's queue), through @agendajs/mongo-backend. */
  agendaJobs: 'agenda_jobs',
  /** A small capped collection that wakes the worker when a job is created (see notification-collection.ts). */
  agendaNotifications: 'agenda_notifications',
  /** Where the notification channel rings instead on FerretDB: one small document per job name (see the worker's job-doorbell.ts). */
  agendaDoorbell: 'agenda_doorbell',
} as const

export interface HooklineCollections {
  tenants: Collection<TenantDocument>
  users: Collection<UserDocument>
  sessions: Collection<SessionDocument>
  apiKeys: Collection<ApiKeyDocument>
  apps: Collection<AppDocument>
  events: Collection<EventDocument>
  deliveries: Collection<DeliveryDocument>
  deliveryStats: Collection<DeliveryStatsDocument>
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
    deliveryStats: db.collection<DeliveryStatsDocument>(collectionNames.deliveryStats),
    idempotencyKeys: db.collection<IdempotencyKeyDocument>(collectionNames.idempotencyKeys),
  }
}

type IndexSpec = { key: Record<string, 1 | -1>; name: string; unique?: boolean }

const indexes: { [K in keyof HooklineCollections]: IndexSpec[] } = {
  users: [
    { key: { tenantId: 1, email: 1 }, name: 'tenant_email_unique', unique: true },
    { key: { email: 1 }, name: 'email' },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
  ],
  sessions: [{ key: { userId: 1, revokedAt: 1 }, name: 'user_live' }],
  apiKeys: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
  ],
  apps: [
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
    { key: { tenantId: 1, active: 1 }, name: 'tenant_active' },
  ],
  tenants: [{ key: { createdAt: -1, _id: -1 }, name: 'list' }],
  // The delivery log: one index per list filter, newest first, so every
  // filter of GET /logs (and its exports) is an index walk on MongoDB.
  deliveries: [
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
    { key: { tenantId: 1, appId: 1, createdAt: -1, _id: -1 }, name: 'tenant_app_list' },
    { key: { tenantId: 1, status: 1, createdAt: -1, _id: -1 }, name: 'tenant_status_list' },
    { key: { tenantId: 1, eventType: 1, createdAt: -1, _id: -1 }, name: 'tenant_type_list' },
    // Skipping an app's pending deliveries when it is turned off.
    { key: { appId: 1, status: 1 }, name: 'app_status' },
    // The sweep (stranded pending deliveries) and the pending gauge.
    { key: { status: 1, nextAttemptAt: 1 }, name: 'status_due' },
    // Retention and "is this event still referenced".
    { key: { createdAt: 1 }, name: 'created' },
    { key: { eventId: 1 }, name: 'event' },
    // Finding a delivery by its webhook-id or portal event id (GET /logs?q=).
    { key: { tenantId: 1, messageId: 1 }, name: 'tenant_message' },
    { key: { tenantId: 1, portalEventId: 1, createdAt: -1, _id: -1 }, name: 'tenant_portal_event_list' },
  ],
  // The overview reads its day documents by _id; retention deletes old days.
  deliveryStats: [{ key: { day: 1 }, name: 'day' }],
  events: [{ key: { createdAt: 1 }, name: 'created' }],
  idempotencyKeys: [{ key: { expiresAt: 1 }, name: 'expires' }],
}

/**
 * Creates the indexes the queries rely on. Idempotent; run at start by
 * every process that uses the store. Where the server has TTL indexes the
 * retention indexes (`deliveries.created`, `idempotency_keys.expires`) are
 * left to the retention repository, which makes them TTL indexes: creating
 * the plain ones here would conflict with them.
 * One index per command: FerretDB 1.24 drops the connection when a
 * multi-index createIndexes names indexes that already exist.
 */
export async function ensureIndexes(collections: HooklineCollections, capabilities: Pick<ServerCapabilities, 'ttlIndexes'>): Promise<void> {
  const leftToRetention = (name: keyof HooklineCollections, index: IndexSpec) =>
    capabilities.ttlIndexes && (retentionIndexNames as Partial<Record<keyof HooklineCollections, string>>)[name] === index.name
  await Promise.all(
    (Object.keys(indexes) as (keyof HooklineCollections)[]).map(async (name) => {
      const collection = collections[name] as unknown as Collection
      for (const index of indexes[name]) {
        if (leftToRetention(name, index)) continue
        const { key, ...options } = index
        await collection.createIndex(key, options)
      }
    }),
  )
}
