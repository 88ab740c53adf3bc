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

type IndexSpec = { key: Record<string, 1 | -1>; name: string; unique?: boolean }

const indexes: { [K in keyof HooklineCollections]: IndexSpec[] } = {
  users: [
    { key: { tenantId: 1, email: 1 }, name: 'tenant_email_unique', unique: true },
    { key: { email: 1 }, name: 'email' },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
  ],
  apiKeys: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
  ],
  apps: [
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'tenant_list' },
    { key: { tenantId: 1, active: 1 }, name: 'tenant_active' },
  ],
  tenants: [{ key: { createdAt: -1, _id: -1 }, name: 'list' }],
}

/**
 * Creates the indexes the queries rely on. Idempotent; run at start by
 * every process that uses the store. No TTL indexes: FerretDB lacks them.
 * One index per command: FerretDB 1.24 drops the connection when a
 * multi-index createIndexes names indexes that already exist.
 */
export async function ensureIndexes(collections: HooklineCollections): Promise<void> {
  await Promise.all(
    (Object.keys(indexes) as (keyof HooklineCollections)[]).map(async (name) => {
      const collection = collections[name] as unknown as Collection
      for (const { key, ...options } of indexes[name]) await collection.createIndex(key, options)
    }),
  )
}
