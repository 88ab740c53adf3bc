import type { Collection, Filter } from 'mongodb'

/**
 * The tenant's document with this `_id`, or null when there is none or it
 * belongs to another tenant. Filtering by `_id` alone and checking the tenant
 * here is the same answer as `{ _id, tenantId }`, but it is the one filter
 * FerretDB 1.24 looks up by key instead of scanning the collection.
 */
export async function findOwnedById<T extends { _id: string; tenantId: string }>(collection: Collection<T>, tenantId: string, id: string): Promise<T | null> {
  const document = (await collection.findOne({ _id: id } as Filter<T>)) as T | null
  return document?.tenantId === tenantId ? document : null
}
