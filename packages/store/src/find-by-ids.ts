import type { Collection, Db, Filter } from 'mongodb'
import { limitConcurrency } from './limit-concurrency.ts'
import { isFerretDbOnSqlite } from './server-kind.ts'

// Point reads in flight at once per process on FerretDB: enough to hide the
// round trip, few enough to leave its connection pool to everyone else.
const ferretDbReadsAtOnce = limitConcurrency(8)

/**
 * The documents with these `_id`s, in no particular order (missing ones are
 * left out). MongoDB answers one `$in` query from the `_id` index. FerretDB
 * 1.24 pushes to SQLite only a filter that is exactly `{ _id: … }` and scans
 * the whole collection for anything else, `$in` included, so there each id
 * is read on its own: a batch costs a few index lookups instead of a scan
 * that grows with the delivery log.
 */
export async function findByIds<T extends { _id: string }>(collection: Collection<T>, db: Db, ids: readonly string[]): Promise<T[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  if (unique.length === 1 || !(await isFerretDbOnSqlite(db))) {
    const filter = (unique.length === 1 ? { _id: unique[0] } : { _id: { $in: unique } }) as Filter<T>
    return (await collection.find(filter).toArray()) as T[]
  }
  const found = await Promise.all(unique.map((id) => ferretDbReadsAtOnce(() => collection.findOne({ _id: id } as Filter<T>))))
  return found.filter((document) => document !== null) as T[]
}
