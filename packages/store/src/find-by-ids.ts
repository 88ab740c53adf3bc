import type { Collection, Document, Filter } from 'mongodb'
import { limitConcurrency } from './limit-concurrency.ts'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'

// Point reads in flight at once per process without pushdown: enough to hide
// the round trip, few enough to leave the server's connection pool to everyone else.
const pointReadsAtOnce = limitConcurrency(8)

/**
 * The documents with these `_id`s, in no particular order (missing ones are
 * left out). With filter pushdown one `$in` query is answered from the `_id`
 * index. Without it (FerretDB 1.24 pushes to SQLite only a filter that is
 * exactly `{ _id: … }` and scans the whole collection for anything else,
 * `$in` included) each id is read on its own: a batch costs a few key lookups
 * instead of a scan that grows with the delivery log.
 */
export async function findByIds<T extends { _id: string }>(
  collection: Collection<T>,
  capabilities: () => Promise<ServerCapabilities>,
  ids: readonly string[],
  projection?: Document,
): Promise<T[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const options = projection ? { projection } : {}
  if (unique.length === 1 || (await capabilities()).filterPushdown) {
    const filter = (unique.length === 1 ? { _id: unique[0] } : { _id: { $in: unique } }) as Filter<T>
    return (await collection.find(filter, options).toArray()) as T[]
  }
  const found = await Promise.all(unique.map((id) => pointReadsAtOnce(() => collection.findOne({ _id: id } as Filter<T>, options))))
  return found.filter((document) => document !== null) as T[]
}
