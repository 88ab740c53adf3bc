import type { IndexDirection } from 'mongodb'
import type { collectionNames } from './collections.ts'

/** One index, and the queries it is there for (docs/INDEXES.md lists the same). */
export interface IndexSpec {
  key: Record<string, Exclude<IndexDirection, string>>
  name: string
  unique?: boolean
  /** The query shapes (filter → sort) this index serves, in the words of docs/INDEXES.md. */
  serves: readonly string[]
  /**
   * Built ordered on all its keys together where the server offers it
   * (ServerCapabilities.orderedIndexes): the log's list indexes, whose time
   * windows must be ranges of the index.
   */
  ordered?: true
}

type CollectionName = (typeof collectionNames)[keyof typeof collectionNames]

/**
 * Every index Hookline's queries rely on, in one place, created at start by
 * `ensureIndexes` (API and worker). Each query the store and the queue run is
 * listed under the index that answers it on MongoDB; a query missing here is
 * a collection scan. Collections without an entry are read by `_id` only (or
 * hold a handful of documents: the notification, doorbell and capability
 * lease collections).
 */
export const indexCatalogue: Readonly<Partial<Record<CollectionName, readonly IndexSpec[]>>> = {
  tenants: [
    { key: { createdAt: -1, _id: -1 }, name: 'list', serves: ['tenant list, newest first, by cursor'] },
    { key: { portalTenantId: 1 }, name: 'portal_tenant', serves: ['the tenant of a portal’s numeric tenant id'] },
  ],
  users: [
    { key: { tenantId: 1, email: 1 }, name: 'tenant_email_unique', unique: true, serves: ['one email once per tenant'] },
    { key: { email: 1 }, name: 'email', serves: ['sign-in: users by email, any tenant'] },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list', serves: ['a tenant’s users, newest first, by cursor'] },
    { key: { platformOperator: 1 }, name: 'platform_operator', serves: ['the platform operator (start-up seeding)'] },
  ],
  sessions: [{ key: { userId: 1, revokedAt: 1 }, name: 'user_live', serves: ['a user’s live sessions (revoke all)', 'a user’s expired sessions (clean-up)'] }],
  api_keys: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true, serves: ['publish: the key by its hash'] },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list', serves: ['a tenant’s keys, newest first, by cursor'] },
  ],
  apps: [
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list', serves: ['a tenant’s apps, newest first, by cursor (name search filters the walk)'] },
    { key: { tenantId: 1, active: 1 }, name: 'tenant_active', serves: ['fan-out: a tenant’s active apps (subscription $or filters them)', 'active apps among ids'] },
  ],
  events: [{ key: { createdAt: 1 }, name: 'created', serves: ['retention: events created before a day'] }],
  // The delivery log: one index per list filter, newest first, so every
  // filter of GET /logs, its count and its exports is an index walk on MongoDB.
  deliveries: [
    {
      key: { tenantId: 1, createdAt: -1, _id: -1 },
      name: 'tenant_list',
      serves: ['log list: first page (tenant) → newest first', 'log list: one day (tenant, createdAt range)', 'log list: next page (tenant, after cursor)', 'exports and count without a filter', 'export ranges: (tenant, createdAt ≤ the last row\'s) and one instant by _id'],
      ordered: true,
    },
    { key: { tenantId: 1, appId: 1, createdAt: -1, _id: -1 }, name: 'tenant_app_list', serves: ['log list, export, count: by app'], ordered: true },
    { key: { tenantId: 1, status: 1, createdAt: -1, _id: -1 }, name: 'tenant_status_list', serves: ['log list, export, count: by status'], ordered: true },
    { key: { tenantId: 1, eventType: 1, createdAt: -1, _id: -1 }, name: 'tenant_type_list', serves: ['log list, export, count: by event type'], ordered: true },
    { key: { appId: 1, status: 1 }, name: 'app_status', serves: ['an app turned off: its pending and retrying deliveries'] },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'status_due', serves: ['sweep: in-progress deliveries overdue', 'the pending gauge: in-progress count'] },
    { key: { createdAt: 1 }, name: 'created', serves: ['retention: deliveries created before a day (a TTL index where the server has them)'] },
    { key: { eventId: 1 }, name: 'event', serves: ['retention: is an event still referenced', 'log search by event id (q=evt_…)'] },
    { key: { tenantId: 1, messageId: 1 }, name: 'tenant_message', serves: ['log search by webhook-id (q=msg_…)'] },
    { key: { tenantId: 1, portalEventId: 1, createdAt: -1, _id: -1 }, name: 'tenant_portal_event_list', serves: ['log search by portal event id (q=…)'] },
  ],
  // The log's drawer reads a delivery's attempts by _id (`${deliveryId}:${n}`, attempt-log.ts): no index of its own.
  delivery_attempts: [
    { key: { deliveryCreatedAt: 1 }, name: 'created', serves: ['retention: attempts of deliveries created before a day (a TTL index where the server has them)'] },
  ],
  // The overview reads its day documents by _id; retention deletes old days;
  // the log list asks for a tenant's newest two days (where its time windows start).
  delivery_stats: [
    { key: { day: 1 }, name: 'day', serves: ['retention: counter days before a day'] },
    { key: { tenantId: 1, day: -1 }, name: 'tenant_newest_day', serves: ['log list: a tenant’s newest two counted days (where its time windows start)'] },
  ],
  idempotency_keys: [{ key: { expiresAt: 1 }, name: 'expires', serves: ['retention: expired keys (a TTL index where the server has them)'] }],
  // The worker's queue (Agenda): the lock query is Agenda's own, with the key
  // @agendajs/mongo-backend creates (declared here too so the API's start makes it as well).
  agenda_jobs: [
    {
      key: { name: 1, nextRunAt: 1, priority: -1, lockedAt: 1, disabled: 1 },
      name: 'findAndLockNextJobIndex',
      serves: ['lock the next job: name, not disabled, due and unlocked or lock expired → nextRunAt, priority'],
    },
    { key: { name: 1, 'data.deliveryIds': 1 }, name: 'name_deliveries', serves: ['sweep: deliver jobs waiting or running that hold given deliveries'] },
    { key: { name: 1, lastFinishedAt: 1 }, name: 'name_finished', serves: ['purge: failed deliver jobs finished before a time'] },
  ],
}
