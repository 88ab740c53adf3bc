import type { ApiKeyDocument, AppDocument, TenantDocument } from '../documents.ts'
import { hashApiKey, type ApiKeyRepository } from '../repositories/api-keys.ts'
import type { AppRepository } from '../repositories/apps.ts'
import type { TenantRepository } from '../repositories/tenants.ts'
import { createChangeCheck } from './change-check.ts'
import type { ChangeMark } from './change-mark.ts'
import { createReadCache } from './read-cache.ts'

/**
 * The three reads every publish makes before it writes: who the API key
 * is, the tenant, and the tenant's active apps. With a cache (the API's
 * HOOKLINE_PUBLISH_CACHE_MS), a busy publisher costs no reads in steady
 * state, and with the change mark a process costs one read per max age
 * however many keys and tenants publish through it. What is answered is
 * shared between requests: never change it.
 */
export interface PublishReads {
  /** The unrevoked key with this value, if any (as `apiKeys.findActive`). */
  activeApiKey(key: string): Promise<Readonly<ApiKeyDocument> | null>
  tenant(tenantId: string): Promise<Readonly<TenantDocument> | null>
  /** Every active app of the tenant (as `apps.listActive`). */
  activeApps(tenantId: string): Promise<readonly Readonly<AppDocument>[]>
}

/** What a write through this store calls so that this process never answers from before it. */
export interface PublishReadInvalidation {
  /** Any key renamed or revoked: keys are cached by hash, which a write by id does not name. */
  forgetApiKeys(): void
  forgetTenant(tenantId: string): void
  forgetApps(tenantId: string): void
  /** An app of an unknown tenant changed (a write that failed part-way). */
  forgetAllApps(): void
}

export interface PublishReadCacheOptions {
  /**
   * How long a read is served again before the change mark is read (with
   * `changes`), or before it is read again itself (without).
   */
  maxAgeMs: number
  /**
   * Every process's writes of keys, tenants and apps change this mark
   * (forget-on-write.ts): reads are then kept while it stays unchanged, and
   * checking it costs one read per `maxAgeMs` whatever the number cached.
   */
  changes?: ChangeMark
  /**
   * With `changes`: the longest a read is kept anyway, for changes made
   * behind Hookline's back (by hand in the database). Default
   * `defaultStaleLimitMs`, and never below `maxAgeMs`.
   */
  staleLimitMs?: number
}

/** How long a read is kept at most while the change mark says nothing changed. */
export const defaultStaleLimitMs = 60_000

/** Room for many tenants and keys at once; a list of apps weighs its length. */
export const publishReadCacheBounds = { apiKeys: 10_000, tenants: 10_000, activeApps: 50_000 } as const

type Readers = { apiKeys: ApiKeyRepository; apps: AppRepository; tenants: TenantRepository }

/** The reads straight from the repositories: the cache turned off. */
export function uncachedPublishReads({ apiKeys, apps, tenants }: Readers): PublishReads {
  return {
    activeApiKey: (key) => apiKeys.findActive(key),
    tenant: (tenantId) => tenants.get(tenantId),
    activeApps: (tenantId) => apps.listActive(tenantId),
  }
}

export function createPublishReadCache(readers: Readers, options: PublishReadCacheOptions): { reads: PublishReads; invalidation: PublishReadInvalidation } {
  const { maxAgeMs, changes } = options
  const keptMs = changes ? Math.max(maxAgeMs, options.staleLimitMs ?? defaultStaleLimitMs) : maxAgeMs
  // Keyed by the key's hash, so the secret itself is not kept in memory as a map key.
  // Unknown (or revoked) keys are not kept: a key created in another process works here at once.
  const apiKeys = createReadCache<Readonly<ApiKeyDocument> | null, string>({
    maxAgeMs: keptMs,
    maxSize: publishReadCacheBounds.apiKeys,
    keep: (document) => document !== null,
    read: async (_hash, key) => frozen(await readers.apiKeys.findActive(key)),
  })
  const tenants = createReadCache<Readonly<TenantDocument> | null, undefined>({
    maxAgeMs: keptMs,
    maxSize: publishReadCacheBounds.tenants,
    keep: (document) => document !== null,
    read: async (tenantId) => frozen(await readers.tenants.get(tenantId)),
  })
  const activeApps = createReadCache<readonly Readonly<AppDocument>[], undefined>({
    maxAgeMs: keptMs,
    maxSize: publishReadCacheBounds.activeApps,
    sizeOf: (list) => list.length,
    read: async (tenantId) => Object.freeze((await readers.apps.listActive(tenantId)).map((app) => Object.freeze(app))),
  })
  const forgetAll = () => {
    apiKeys.forgetAll()
    tenants.forgetAll()
    activeApps.forgetAll()
  }
  const check = changes ? createChangeCheck({ mark: changes, intervalMs: maxAgeMs, onChanged: forgetAll }) : undefined
  const checked =
    <A extends unknown[], V>(read: (...args: A) => Promise<V>) =>
    async (...args: A): Promise<V> => {
      await check?.ensureFresh()
      return read(...args)
    }
  return {
    reads: {
      activeApiKey: checked((key: string) => apiKeys.get(hashApiKey(key), key)),
      tenant: checked((tenantId: string) => tenants.get(tenantId, undefined)),
      activeApps: checked((tenantId: string) => activeApps.get(tenantId, undefined)),
    },
    invalidation: {
      forgetApiKeys: () => apiKeys.forgetAll(),
      forgetTenant: (tenantId) => tenants.forget(tenantId),
      forgetApps: (tenantId) => activeApps.forget(tenantId),
      forgetAllApps: () => activeApps.forgetAll(),
    },
  }
}

/** Shared between requests: frozen, so code that changes one fails loudly instead of changing them all. */
function frozen<T extends object>(document: T | null): Readonly<T> | null {
  return document && Object.freeze(document)
}
