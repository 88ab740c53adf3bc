import type { Collection, Document } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { deliveryLogQuery, type DeliveryLogFilter } from './delivery-log-query.ts'
import { newestCountedHourEnd } from './delivery-log-newest.ts'
import { defaultLogWindowOptions, filterInWindow, logWindows, windowAnchor, type LogWindowOptions } from './delivery-log-windows.ts'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'
import { toPage, type Page, type PageRequest } from './pagination.ts'

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
 * filters down to its indexes, the page is read window by window
 * (delivery-log-windows.ts) so each query sorts a bounded number of rows; a
 * server that scans for every query (no pushdown) would pay one scan per
 * window, so it gets the single query. An id search (`q`) matches a handful
 * of rows through its own index and is never windowed.
 */
export async function readLogPage(source: LogPageSource, tenantId: string, filter: DeliveryLogFilter, { limit, cursor }: PageRequest): Promise<Page<DeliveryDocument>> {
  const wanted = limit + 1
  const profile = await source.capabilities()
  if (!profile.filterPushdown || filter.q !== undefined) {
    const query = deliveryLogQuery(tenantId, filter, cursor)
    return toPage(await source.deliveries.find(query.filter, { projection: source.projection }).sort(query.sort).limit(wanted).toArray(), limit)
  }

  const now = source.now?.() ?? new Date()
  const hint = filter.to === undefined && !cursor ? await newestCountedHourEnd(source.stats, tenantId, now) : now
  const documents: DeliveryDocument[] = []
  for (const window of logWindows(filter, windowAnchor(filter, cursor, hint), source.windows ?? defaultLogWindowOptions)) {
    const bounded = filterInWindow(filter, window)
    if (bounded.from !== undefined && bounded.to !== undefined && bounded.from >= bounded.to) continue
    const query = deliveryLogQuery(tenantId, bounded, cursor)
    const found = await source.deliveries.find(query.filter, { projection: source.projection }).sort(query.sort).limit(wanted - documents.length).toArray()
    documents.push(...found)
    if (documents.length >= wanted) break
  }
  return toPage(documents, limit)
}
