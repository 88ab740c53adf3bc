import type { Filter } from 'mongodb'
import { BsonFieldLocator, bsonNumberAt, bsonType } from './bson-field-locator.ts'
import type { DeliveryDocument } from './documents.ts'
import type { CursorPosition } from './pagination.ts'

/** Reads one batch of rows matching `filter`, newest first, at most `limit`, as BSON bytes. */
export type RawRangeFind = (filter: Filter<DeliveryDocument>, limit: number) => Promise<Uint8Array[]>

/** A reply at least this large may have been cut short by the server's 16 MiB message limit rather than by `limit`. */
const mayBeCutShortBytes = 15 * 1024 * 1024

/**
 * Every row of `query` in (createdAt, _id) descending order, read as a
 * series of single-batch queries each continuing after the last row of the
 * one before (keyset reads), with the next query sent as soon as a batch
 * arrives, while the caller writes that batch out.
 *
 * For servers that walk the list index in order (indexOrderedSort): each
 * query then costs its own rows. On DocumentDB a find continued by
 * `getMore` holds its result in a cursor that PostgreSQL fills entirely
 * before the first batch leaves (a WITH HOLD cursor, 0.6 s for 100,000
 * rows) and serves slower than single batches afterwards; on MongoDB
 * nothing stays open between batches.
 *
 * Continuing after a row at instant t reads `createdAt ≤ t` and drops the
 * rows at t already handed over (its own and those with a larger _id, a
 * prefix of the batch). When a whole batch shares one instant, the rest of
 * that instant is read by _id alone, then the rows before it.
 */
export async function* readExportRanges(find: RawRangeFind, query: Filter<DeliveryDocument>, batchSize: number): AsyncGenerator<Uint8Array[]> {
  const range = (query.createdAt ?? {}) as { $gte?: Date; $lt?: Date }
  const through = (instant: Date): Filter<DeliveryDocument> => ({ ...query, createdAt: { ...(range.$gte !== undefined ? { $gte: range.$gte } : {}), $lte: instant } })
  const before = (instant: Date): Filter<DeliveryDocument> => ({ ...query, createdAt: { ...(range.$gte !== undefined ? { $gte: range.$gte } : {}), $lt: instant } })
  const tiedBelow = (position: CursorPosition): Filter<DeliveryDocument> => ({ ...query, $and: [{ createdAt: position.createdAt }, { _id: { $lt: position.id } }] })

  const locator = new BsonFieldLocator(['createdAt', '_id'])
  const positionOf = (document: Uint8Array): CursorPosition => {
    const instant = locator.locate(document) && locator.types[0] === bsonType.dateTime ? bsonNumberAt(document, bsonType.dateTime, locator.starts[0]!) : undefined
    if (instant === undefined || locator.types[1] !== bsonType.string) throw new Error('An exported delivery lacks its createdAt date or string _id, which its export reads continue from')
    return { createdAt: new Date(instant), id: Buffer.from(document.buffer, document.byteOffset, document.byteLength).toString('utf8', locator.starts[1], locator.ends[1]) }
  }

  /** Rows at this instant with an _id at or above this one's were handed over already (reading "through" an instant). */
  let seen: CursorPosition | undefined
  /** Set while reading the rest of one instant by _id (a whole batch shared it). */
  let tiedAt: Date | undefined
  let pending: Promise<Uint8Array[]> | undefined = find(query, batchSize)
  try {
    while (pending) {
      const rows = await pending
      pending = undefined
      const bytes = rows.reduce((total, row) => total + row.length, 0)
      const more = rows.length === batchSize || (rows.length > 0 && bytes >= mayBeCutShortBytes)
      let skip = 0
      while (seen && skip < rows.length) {
        const position = positionOf(rows[skip]!)
        if (position.createdAt.getTime() !== seen.createdAt.getTime() || position.id < seen.id) break
        skip++
      }
      if (tiedAt !== undefined && !more) {
        // That instant is done: the rows before it.
        pending = find(before(tiedAt), batchSize)
        tiedAt = undefined
        seen = undefined
      } else if (more) {
        const last = positionOf(rows.at(-1)!)
        if (tiedAt !== undefined || positionOf(rows[0]!).createdAt.getTime() === last.createdAt.getTime()) {
          // The whole batch shares one instant: the rest of it by _id.
          pending = find(tiedBelow(last), batchSize)
          tiedAt = last.createdAt
          seen = undefined
        } else {
          pending = find(through(last.createdAt), batchSize)
          seen = last
        }
      }
      // A failure while the caller holds this batch is reported by the await above; until then it must not count as unhandled.
      pending?.catch(() => {})
      if (skip < rows.length) yield skip === 0 ? rows : rows.slice(skip)
    }
  } finally {
    // A caller that stops early leaves a query under way: let it settle, so nothing is left running.
    if (pending) await pending.catch(() => undefined)
  }
}
