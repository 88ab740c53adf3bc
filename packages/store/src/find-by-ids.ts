import type { Collection, Document, Filter } from 'mongodb'
import { limitConcurrency } from './limit-concurrency.ts'
import { readFirstBatch } from './read-first-batch.ts'
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
  if (unique.length === 1) return (await collection.find({ _id: unique[0] } as Filter<T>, options).toArray()) as T[]
  if ((await capabilities()).filterPushdown) {
    // One reply that closes its cursor (read-first-batch.ts): 8 ms against 22 ms for 100 ids on DocumentDB.
    const found = (await readFirstBatch(collection.find({ _id: { $in: unique } } as Filter<T>, options), unique.length)) as T[]
    if (found.length === unique.length) return found
    // Ids that do not exist, or a reply that stopped at its 16 MiB: whatever is left is read the ordinary way.
    const seen = new Set(found.map((document) => document._id))
    const rest = unique.filter((id) => !seen.has(id))
    return [...found, ...((await collection.find({ _id: { $in: rest } } as Filter<T>, options).toArray()) as T[])]
  }
  const found = await Promise.all(unique.map((id) => pointReadsAtOnce(() => collection.findOne({ _id: id } as Filter<T>, options))))
  return found.filter((document) => document !== null) as T[]
}
