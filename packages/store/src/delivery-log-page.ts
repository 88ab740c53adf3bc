import type { Collection, Document, Filter } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { deliveryLogQuery, type DeliveryLogFilter } from './delivery-log-query.ts'
import { newestCountedHourEnd } from './delivery-log-newest.ts'
import { defaultLogWindowOptions, filterInWindow, logWindows, type LogWindowOptions } from './delivery-log-windows.ts'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'
import { decodeCursor, newestFirst, toPage, type Page, type PageRequest } from './pagination.ts'

export interface LogPageSource {
  deliveries: Collection<DeliveryDocument>
  stats: Collection<DeliveryStatsDocument>
  capabilities: () => Promise<ServerCapabilities>
  /** The fields a list returns (the log leaves the attempts out). */
  projection: Document
  windows?: LogWindowOptions
  now?: () => Date
}

/**
 * One page of a tenant's delivery log, newest first. Where the server pushes
 * filters down to its indexes but sorts what they find (DocumentDB), the
 * page is read window by window (delivery-log-windows.ts) so each query
 * sorts a bounded number of rows. A server that walks the index in order
 * (MongoDB) reads the page in one query; one that scans for every query (no
 * pushdown) would pay one scan per window, so it gets the single query too.
 * An id search (`q`) matches a handful of rows through its own index and is
 * never windowed.
 */
export async function readLogPage(source: LogPageSource, tenantId: string, filter: DeliveryLogFilter, { limit, cursor }: PageRequest): Promise<Page<DeliveryDocument>> {
  const wanted = limit + 1
  const profile = await source.capabilities()
  if (!profile.filterPushdown || profile.indexOrderedSort || filter.q !== undefined) {
    const query = deliveryLogQuery(tenantId, filter, cursor)
    return toPage(await source.deliveries.find(query.filter, { projection: source.projection }).sort(query.sort).limit(wanted).toArray(), limit)
  }

  // A cursor splits in two plain range queries, no `$or`: the rows created
  // at the cursor's own instant with a smaller _id (a handful), then the
  // windows of everything created before it.
  const position = cursor === undefined ? undefined : decodeCursor(cursor)
  const before: DeliveryLogFilter = position ? { ...filter, to: earlier(filter.to, position.createdAt) } : filter
  const read = async (query: Filter<DeliveryDocument>, documents: DeliveryDocument[]) => {
    const found = await source.deliveries.find(query, { projection: source.projection }).sort(newestFirst).limit(wanted - documents.length).toArray()
    documents.push(...found)
  }
  const documents: DeliveryDocument[] = []
  if (position) {
    const tied = deliveryLogQuery(tenantId, filter).filter
    await read({ ...tied, $and: [{ createdAt: position.createdAt, _id: { $lt: position.id } }] }, documents)
    if (documents.length >= wanted) return toPage(documents, limit)
  }

  const anchor = before.to ?? (await newestCountedHourEnd(source.stats, tenantId, source.now?.() ?? new Date()))
  for (const window of logWindows(before, anchor, source.windows ?? defaultLogWindowOptions)) {
    const bounded = filterInWindow(before, window)
    if (bounded.from !== undefined && bounded.to !== undefined && bounded.from >= bounded.to) continue
    await read(deliveryLogQuery(tenantId, bounded).filter, documents)
    if (documents.length >= wanted) break
  }
  return toPage(documents, limit)
}

function earlier(a: Date | undefined, b: Date): Date {
  return a !== undefined && a < b ? a : b
}
