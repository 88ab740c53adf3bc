import { createHash, randomBytes } from 'node:crypto'
import type { Collection } from 'mongodb'
import type { ApiKeyDocument } from '../documents.ts'
import { newId } from '../ids.ts'
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.ts'
import { atVersion, nextVersion } from '../versioning.ts'
import type { VersionCondition } from './apps.ts'
import { readFirstBatch } from '../read-first-batch.ts'

/** Every API key starts with this, so it is easy to tell from a token and to find in leaked text. */
export const apiKeyPrefix = 'hk_'

export interface NewApiKey {
  tenantId: string
  name: string
  scopes: string[]
  createdBy: string
}

export interface ApiKeyRepository {
  /** Returns the stored record and the key itself, which is not kept anywhere. */
  create(input: NewApiKey): Promise<{ document: ApiKeyDocument; key: string }>
  /** The unrevoked key with this value, if any. */
  findActive(key: string): Promise<ApiKeyDocument | null>
  get(tenantId: string, keyId: string): Promise<ApiKeyDocument | null>
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyDocument>>
  /** Renames the key; with `ifVersion`, only if it is still at that version. */
  rename(tenantId: string, keyId: string, name: string, condition?: VersionCondition): Promise<ApiKeyDocument | null>
  /**
   * Revokes the key (a revoked key answers as it is). With `ifVersion`, a key
   * at another version is left alone and answered as it is: compare versions.
   */
  revoke(tenantId: string, keyId: string, by: string, condition?: VersionCondition): Promise<ApiKeyDocument | null>
  /** Records use, at most once a minute per key to spare writes. */
  touch(keyId: string): Promise<void>
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

const touchIntervalMs = 60_000
const maxRememberedTouches = 10_000

export function createApiKeyRepository(apiKeys: Collection<ApiKeyDocument>, now: () => Date): ApiKeyRepository {
  /** Keys this process recorded a use of, and when (ms). */
  const recentTouches = new Map<string, number>()
  return {
    async create(input) {
      const key = `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`
      const document: ApiKeyDocument = {
        _id: newId('key'),
        tenantId: input.tenantId,
        name: input.name,
        prefix: key.slice(0, apiKeyPrefix.length + 8),
        hash: hashApiKey(key),
        scopes: [...new Set(input.scopes)],
        version: 1,
        createdAt: now(),
        createdBy: input.createdBy,
      }
      await apiKeys.insertOne(document)
      return { document, key }
    },
    findActive: (key) => apiKeys.findOne({ hash: hashApiKey(key), revokedAt: { $exists: false } }),
    async list(tenantId, { limit, cursor }) {
      const documents = await readFirstBatch(apiKeys.find({ tenantId, ...afterCursor<ApiKeyDocument>(cursor) }).sort(newestFirst), limit + 1)
      return toPage(documents, limit)
    },
    get: (tenantId, keyId) => apiKeys.findOne({ _id: keyId, tenantId }),
    rename: (tenantId, keyId, name, condition = {}) =>
      apiKeys.findOneAndUpdate(
        { _id: keyId, tenantId, ...atVersion(condition.ifVersion) },
        { $set: { name }, $inc: nextVersion },
        { returnDocument: 'after' },
      ),
    async revoke(tenantId, keyId, by, condition = {}) {
      const found = await apiKeys.findOne({ _id: keyId, tenantId })
      if (!found || found.revokedAt) return found
      const revoked = await apiKeys.findOneAndUpdate(
        { _id: keyId, tenantId, ...atVersion(condition.ifVersion) },
        { $set: { revokedAt: now(), revokedBy: by }, $inc: nextVersion },
        { returnDocument: 'after' },
      )
      return revoked ?? apiKeys.findOne({ _id: keyId, tenantId })
    },
    async touch(keyId) {
      const at = now()
      // A key that publishes all day would otherwise cost a database round
      // trip per request just to learn that it was touched a moment ago.
      const last = recentTouches.get(keyId)
      if (last !== undefined && at.getTime() - last < touchIntervalMs && at.getTime() >= last) return
      if (recentTouches.size >= maxRememberedTouches) recentTouches.clear()
      recentTouches.set(keyId, at.getTime())
      try {
        await apiKeys.updateOne(
          { _id: keyId, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: new Date(at.getTime() - touchIntervalMs) } }] },
          { $set: { lastUsedAt: at } },
        )
      } catch (error) {
        // Not recorded: the next use tries again rather than a minute later.
        if (recentTouches.get(keyId) === at.getTime()) recentTouches.delete(keyId)
        throw error
      }
    },
  }
}
