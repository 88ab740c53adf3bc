import type { Collection, Document } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { deliveryLogQuery, type DeliveryLogFilter } from './delivery-log-query.ts'
import { logHeadCapacity, type LogKey } from './delivery-log-head.ts'
import { readHeadPage } from './delivery-log-head-page.ts'
import type { DeliveryLogHeads } from './delivery-log-heads.ts'
import { singleRangeRead, type LogWindowOptions } from './delivery-log-windows.ts'
import { readWindowedPage } from './delivery-log-windowed-read.ts'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'
import { decodeCursor, toPage, type Page, type PageRequest } from './pagination.ts'
import { readFirstBatch } from './read-first-batch.ts'

/** How long after its createdAt a delivery announced to a head may still be inserted (a publish takes well under a second). */
const announceGraceMs = 10 * 60_000

export interface LogPageSource {
  deliveries: Collection<DeliveryDocument>
  stats: Collection<DeliveryStatsDocument>
  capabilities: () => Promise<ServerCapabilities>
  /** The fields a list returns (the log leaves the attempts out). */
  projection: Document
  /** The tenants' log heads, kept where the server lacks filter pushdown. */
  heads?: DeliveryLogHeads
  windows?: LogWindowOptions
  now?: () => Date
}

/**
 * One page of a tenant's delivery log, newest first. Where the server pushes
 * filters down to its indexes but sorts what they find (DocumentDB without
 * order-by pushdown), the page is read window by window (delivery-log-windows.ts)
 * so each query sorts a bounded number of rows. A server that walks the index
 * in order (MongoDB; DocumentDB with its extended RUM index) reads the page in
 * one query on the index designed for it, a cursor's page as one range through
 * the cursor's instant; one that scans for every query (no pushdown) would pay
 * one scan per window, so it gets the single query too, with the cursor's `$or`.
 * An id search (`q`) matches a handful of rows through its own index and is
 * never windowed. Without pushdown, the unfiltered first page (what the logs
 * page opens on) is read from the tenant's log head by exact `_id`s when
 * the head proves it (delivery-log-head-page.ts); the scan that answers
 * otherwise seeds the head for the next time.
 */
export async function readLogPage(source: LogPageSource, tenantId: string, filter: DeliveryLogFilter, { limit, cursor }: PageRequest): Promise<Page<DeliveryDocument>> {
  const wanted = limit + 1
  const profile = await source.capabilities()
  if (!profile.filterPushdown && source.heads && cursor === undefined && unfiltered(filter)) {
    return readFirstPageThroughHead(source, source.heads, tenantId, limit)
  }
  if (!profile.filterPushdown || filter.q !== undefined) {
    const query = deliveryLogQuery(tenantId, filter, cursor)
    return toPage(await readFirstBatch(source.deliveries.find(query.filter, { projection: source.projection }).sort(query.sort), wanted), limit)
  }

  const position = cursor === undefined ? undefined : decodeCursor(cursor)
  const windows = profile.indexOrderedSort ? singleRangeRead : source.windows
  const documents = await readWindowedPage({ ...source, windows, hints: profile.indexHints }, tenantId, filter, position, wanted)
  return toPage(documents, limit)
}

async function readFirstPageThroughHead(source: LogPageSource, heads: DeliveryLogHeads, tenantId: string, limit: number): Promise<Page<DeliveryDocument>> {
  const fromHead = await readHeadPage({ ...source, heads }, tenantId, limit)
  if (fromHead.page) return fromHead.page
  // The scan reads the whole collection whatever its limit, so it returns as
  // many rows as the head keeps: the head then proves that many, and a few
  // deleted rows do not send the next reader back here.
  const scanLimit = Math.max(limit + 1, logHeadCapacity)
  const query = deliveryLogQuery(tenantId, {})
  const rows = await readFirstBatch(source.deliveries.find(query.filter, { projection: source.projection }).sort(query.sort), scanLimit)
  // The page stands whatever happens to the seed: a head left unseeded only
  // costs the next reader this same scan.
  await heads.seed(tenantId, rows, scanLimit, deadKeys(fromHead.missing, rows, source.now?.() ?? new Date())).catch(() => undefined)
  return toPage(rows.slice(0, limit + 1), limit)
}

/**
 * Keys the head read found no row for, that the scan after it did not find
 * either, announced long enough ago that no insert of theirs can still be on
 * its way: rows deleted since (a purge, a lost publish) or never written (a
 * process that stopped between announcing and inserting). Taking them out
 * lets live rows back into the head's capacity.
 */
function deadKeys(missing: readonly LogKey[], scanned: readonly DeliveryDocument[], now: Date): Set<string> {
  const live = new Set(scanned.map((row) => row._id))
  const settled = now.getTime() - announceGraceMs
  return new Set(missing.filter((key) => !live.has(key.id) && key.createdAt.getTime() < settled).map((key) => key.id))
}

function unfiltered(filter: DeliveryLogFilter): boolean {
  return Object.values(filter).every((value) => value === undefined)
}

