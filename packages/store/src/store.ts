import type { Db } from 'mongodb'
import { ensureIndexes, hooklineCollections, type HooklineCollections } from './collections.ts'
import { ensureNotificationCollection } from './notification-collection.ts'
import { createApiKeyRepository, type ApiKeyRepository } from './repositories/api-keys.ts'
import { createAppRepository, type AppRepository } from './repositories/apps.ts'
import { createDeliveryRepository, type DeliveryRepository } from './repositories/deliveries.ts'
import { createEventRepository, type EventRepository } from './repositories/events.ts'
import { createIdempotencyKeyRepository, type IdempotencyKeyRepository } from './repositories/idempotency-keys.ts'
import { createSessionRepository, type SessionRepository } from './repositories/sessions.ts'
import { createTenantRepository, type TenantRepository } from './repositories/tenants.ts'
import { createUserRepository, type UserRepository } from './repositories/users.ts'
import { createSecretBox } from './secret-box.ts'

export interface StoreOptions {
  /** HOOKLINE_SECRET_KEY as bytes (see parseSecretKey). */
  secretKey: Uint8Array
  /** The clock; tests move it to check expiries. */
  now?: () => Date
}

/** Hookline's data: the collections and a repository per kind of record. */
export interface Store {
  readonly db: Db
  readonly collections: HooklineCollections
  readonly tenants: TenantRepository
  readonly users: UserRepository
  /** Sign-in sessions, so tokens can be revoked. */
  readonly sessions: SessionRepository
  readonly apiKeys: ApiKeyRepository
  readonly apps: AppRepository
  readonly events: EventRepository
  /** The delivery log: one record per delivery chain. */
  readonly deliveries: DeliveryRepository
  readonly idempotencyKeys: IdempotencyKeyRepository
  /** Creates the indexes (and the capped notification collection); call once at start. */
  ensureIndexes(): Promise<void>
}

export function openStore(db: Db, options: StoreOptions): Store {
  const now = options.now ?? (() => new Date())
  const collections = hooklineCollections(db)
  const box = createSecretBox(options.secretKey)
  return {
    db,
    collections,
    tenants: createTenantRepository(collections.tenants, now),
    users: createUserRepository(collections.users, now),
    sessions: createSessionRepository(collections.sessions, now),
    apiKeys: createApiKeyRepository(collections.apiKeys, now),
    apps: createAppRepository(collections.apps, box, now),
    events: createEventRepository(collections.events, collections.deliveries, db),
    deliveries: createDeliveryRepository(collections.deliveries, db),
    idempotencyKeys: createIdempotencyKeyRepository(collections.idempotencyKeys),
    async ensureIndexes() {
      await ensureIndexes(collections)
      await ensureNotificationCollection(db)
    },
  }
}
