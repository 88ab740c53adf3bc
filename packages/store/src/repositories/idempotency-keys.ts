import type { Collection } from 'mongodb'
import type { IdempotencyKeyDocument } from '../documents.ts'
import { isDuplicateKeyError } from '../errors.ts'

/** How long a publish is remembered under its Idempotency-Key. */
export const idempotencyWindowMs = 24 * 60 * 60 * 1000

/** The `_id` of a key: scoped to its tenant, so tenants cannot collide. */
export function idempotencyKeyId(tenantId: string, key: string): string {
  return `${tenantId}:${key}`
}

export interface IdempotencyKeyRepository {
  /** The unexpired records of these keys, by key. */
  find(tenantId: string, keys: readonly string[], now: Date): Promise<Map<string, IdempotencyKeyDocument>>
  /**
   * Stores the records; returns the keys another request stored first (a
   * concurrent publish with the same key won), whose own records stay.
   */
  insertMany(records: readonly IdempotencyKeyDocument[]): Promise<Set<string>>
  /**
   * Deletes the records of these keys that answer with one of these events:
   * a publish that failed after storing its keys takes back its own records,
   * never those of a concurrent request that stored the same key first.
   */
  removeAnswering(tenantId: string, keys: readonly string[], eventIds: readonly string[]): Promise<void>
  /** Deletes expired records (no TTL index on FerretDB); returns how many. */
  purgeExpired(now: Date): Promise<number>
}

interface WriteErrorLike {
  code?: number
  index?: number
}

export function createIdempotencyKeyRepository(keys: Collection<IdempotencyKeyDocument>): IdempotencyKeyRepository {
  return {
    async find(tenantId, wanted, now) {
      const ids = wanted.map((key) => idempotencyKeyId(tenantId, key))
      // An exact `_id` match is what FerretDB serves from its primary key; `$in` would scan.
      const found =
        ids.length === 1 ? await keys.find({ _id: ids[0]! }).toArray() : await keys.find({ _id: { $in: ids } }).toArray()
      return new Map(found.filter((record) => record.expiresAt > now).map((record) => [record.key, record]))
    },

    async insertMany(records) {
      const conflicts = new Set<string>()
      if (records.length === 0) return conflicts
      try {
        await keys.insertMany([...records], { ordered: false })
      } catch (error) {
        if (!isDuplicateKeyError(error) && !hasOnlyDuplicateWriteErrors(error)) throw error
        for (const writeError of writeErrorsOf(error)) {
          const record = writeError.index === undefined ? undefined : records[writeError.index]
          if (writeError.code === 11000 && record) conflicts.add(record.key)
        }
        // A single-document duplicate may come back without per-write details.
        if (conflicts.size === 0 && records.length === 1) conflicts.add(records[0]!.key)
      }
      return conflicts
    },

    async removeAnswering(tenantId, owned, eventIds) {
      if (owned.length === 0 || eventIds.length === 0) return
      const events = [...eventIds]
      await keys.deleteMany({
        _id: { $in: owned.map((key) => idempotencyKeyId(tenantId, key)) },
        $or: [{ 'result.id': { $in: events } }, { 'result.events.id': { $in: events } }],
      })
    },

    async purgeExpired(now) {
      const result = await keys.deleteMany({ expiresAt: { $lte: now } })
      return result.deletedCount
    },
  }
}

function writeErrorsOf(error: unknown): WriteErrorLike[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors
  if (Array.isArray(writeErrors)) return writeErrors as WriteErrorLike[]
  // The driver gives one WriteError instead of a list when only one write failed.
  if (writeErrors && typeof writeErrors === 'object') return [writeErrors as WriteErrorLike]
  return []
}

function hasOnlyDuplicateWriteErrors(error: unknown): boolean {
  const writeErrors = writeErrorsOf(error)
  return writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === 11000)
}
