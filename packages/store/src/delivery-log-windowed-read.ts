import type { Collection, Document, Filter } from 'mongodb'
import { countedWindowStart, readCountedHours } from './delivery-log-counted-hours.ts'
import { logIndexFor } from './delivery-log-index.ts'
import { deliveryLogQuery, type DeliveryLogFilter } from './delivery-log-query.ts'
import { defaultLogWindowOptions, filterInWindow, logWindows, type LogWindowOptions } from './delivery-log-windows.ts'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'
import { newestFirst, type CursorPosition } from './pagination.ts'
import { readFirstBatch } from './read-first-batch.ts'

export interface WindowedReadSource {
  deliveries: Collection<DeliveryDocument>
  stats: Collection<DeliveryStatsDocument>
  projection: Document
  /** Name the index of each read (the server honours `hint`: ServerCapabilities.indexHints). */
  hints: boolean
  windows?: LogWindowOptions
  now?: () => Date
}

type Find = (query: Filter<DeliveryDocument>, limit: number) => Promise<DeliveryDocument[]>

/**
 * Up to `wanted` rows of a newest-first page, read window by window
 * (delivery-log-windows.ts), continuing after `position` when given. The
 * newest window starts where the tenant's hourly counters say `wanted`
 * matching rows begin (delivery-log-counted-hours.ts), so a page usually
 * costs one query; and a cursor's own instant is read in that same query
 * (see readThroughPosition), not in one of its own.
 */
export async function readWindowedPage(source: WindowedReadSource, tenantId: string, filter: DeliveryLogFilter, position: CursorPosition | undefined, wanted: number): Promise<DeliveryDocument[]> {
  const index = source.hints ? logIndexFor(filter) : undefined
  const find: Find = (query, limit) => {
    const cursor = source.deliveries.find(query, { projection: source.projection }).sort(newestFirst)
    return readFirstBatch(index === undefined ? cursor : cursor.hint(index), limit)
  }
  const options = source.windows ?? defaultLogWindowOptions
  const before: DeliveryLogFilter = position ? { ...filter, to: earlier(filter.to, position.createdAt) } : filter
  // A single range (no windows) needs neither an anchor nor the counters that place it.
  const counted = options.maxWindows > 0 ? await readCountedHours(source.stats, tenantId, filter, before.to) : undefined
  const anchor = before.to ?? counted?.newestHourEnd ?? source.now?.() ?? new Date()
  // A cursor's instant or the filter's `to` are where rows reach; the end of the newest counted hour may be long after the last row.
  const newestFrom = counted && options.maxCountedRows > 0 ? countedWindowStart(counted, anchor, wanted, options.maxCountedRows, before.to !== undefined) : undefined
  // The rows at the cursor's own instant with a smaller _id belong before every window; they exist only when the filter's `to` is later.
  const tiedAt = position && (filter.to === undefined || position.createdAt < filter.to) ? position : undefined

  const documents: DeliveryDocument[] = []
  let newest = true
  for (const window of logWindows(before, anchor, options, newestFrom)) {
    const bounded = filterInWindow(before, window)
    if (bounded.from !== undefined && bounded.to !== undefined && bounded.from >= bounded.to) continue
    const query = deliveryLogQuery(tenantId, bounded).filter
    if (newest && tiedAt) {
      const through = await readThroughPosition(find, query, tiedAt, wanted)
      if (through) documents.push(...through)
      else {
        // Several rows at the cursor's instant were on earlier pages: read that instant on its own, then the window.
        const tied = deliveryLogQuery(tenantId, filter).filter
        documents.push(...(await find({ ...tied, $and: [{ createdAt: tiedAt.createdAt, _id: { $lt: tiedAt.id } }] }, wanted)))
        if (documents.length < wanted) documents.push(...(await find(query, wanted - documents.length)))
      }
    } else {
      documents.push(...(await find(query, wanted - documents.length)))
    }
    newest = false
    if (documents.length >= wanted) break
  }
  return documents
}

/**
 * The newest window of a page after a cursor, read together with the rows
 * at the cursor's own instant: the window's `createdAt < t` widened to
 * `≤ t`, one row more than wanted. In (createdAt, _id) descending order the
 * rows at `t` that came before the cursor (its own row, and any sharing its
 * instant with a larger _id) are a prefix of the result; dropping it leaves
 * exactly what the two queries would have read. Undefined when that prefix
 * used up the limit with the window not exhausted (several rows tied at the
 * cursor's instant): the caller reads them apart.
 */
async function readThroughPosition(find: Find, query: Filter<DeliveryDocument>, position: CursorPosition, wanted: number): Promise<DeliveryDocument[] | undefined> {
  const range = (query.createdAt ?? {}) as { $gte?: Date; $lt?: Date }
  const widened: Filter<DeliveryDocument> = { ...query, createdAt: { ...(range.$gte !== undefined ? { $gte: range.$gte } : {}), $lte: position.createdAt } }
  const limit = wanted + 1
  const rows = await find(widened, limit)
  const seen = rows.findIndex((row) => row.createdAt.getTime() !== position.createdAt.getTime() || row._id < position.id)
  const kept = seen === -1 ? [] : rows.slice(seen)
  if (rows.length === limit && kept.length < wanted) return undefined
  return kept.slice(0, wanted)
}

function earlier(a: Date | undefined, b: Date): Date {
  return a !== undefined && a < b ? a : b
}
