import type { Collection, Db } from 'mongodb'
import type { ApiKeyDocument, AppDocument, TenantDocument, UserDocument } from './documents.ts'

/** Collection names, in one place so the API and the worker agree. */
export const collectionNames = {
  tenants: 'tenants',
  users: 'users',
  apiKeys: 'api_keys',
  apps: 'apps',
} as const

export interface HooklineCollections {
  tenants: Collection<TenantDocument>
  users: Collection<UserDocument>
  apiKeys: Collection<ApiKeyDocument>
  apps: Collection<AppDocument>
}

export function hooklineCollections(db: Db): HooklineCollections {
  return {
    tenants: db.collection<TenantDocument>(collectionNames.tenants),
    users: db.collection<UserDocument>(collectionNames.users),
    apiKeys: db.collection<ApiKeyDocument>(collectionNames.apiKeys),
    apps: db.collection<AppDocument>(collectionNames.apps),
  }
}

/**
 * Creates the indexes the queries rely on. Idempotent; run at start by
 * every process that uses the store. No TTL indexes: FerretDB lacks them.
 */
export async function ensureIndexes(collections: HooklineCollections): Promise<void> {
  await Promise.all([
    collections.users.createIndexes([
      { key: { tenantId: 1, email: 1 }, name: 'tenant_email_unique', unique: true },
      { key: { email: 1 }, name: 'email' },
      { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
    ]),
    collections.apiKeys.createIndexes([
      { key: { hash: 1 }, name: 'hash_unique', unique: true },
      { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
    ]),
    collections.apps.createIndexes([
      { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
      { key: { tenantId: 1, active: 1 }, name: 'tenant_active' },
    ]),
    collections.tenants.createIndexes([{ key: { createdAt: -1, _id: -1 }, name: 'list' }]),
  ])
}
