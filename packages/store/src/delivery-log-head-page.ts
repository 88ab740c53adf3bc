import type { Collection, Document } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { provenEntries, type LogKey } from './delivery-log-head.ts'
import type { DeliveryLogHeads } from './delivery-log-heads.ts'
import type { DeliveryDocument } from './documents.ts'
import { findByIds } from './find-by-ids.ts'
import { toPage, type Page } from './pagination.ts'

export interface HeadPageSource {
  deliveries: Collection<DeliveryDocument>
  capabilities: () => Promise<ServerCapabilities>
  heads: DeliveryLogHeads
  projection: Document
}

/**
 * The first page of a tenant's unfiltered log read from its head
 * (delivery-log-head.ts): the keys the head proves, each row read by its
 * exact `_id`, deleted ones skipped, until the page and one more row are
 * found. No page when the head cannot prove it (none yet, unseeded, or too
 * many of its rows deleted): the caller then scans, and learns which keys
 * read as missing.
 */
export type HeadPageRead = { page: Page<DeliveryDocument> } | { page: undefined; missing: LogKey[] }

export async function readHeadPage(source: HeadPageSource, tenantId: string, limit: number): Promise<HeadPageRead> {
  const wanted = limit + 1
  const head = await source.heads.read(tenantId)
  const proven = provenEntries(head)
  const found: DeliveryDocument[] = []
  const missing: LogKey[] = []
  let next = 0
  while (found.length < wanted && next < proven.length) {
    const batch = proven.slice(next, next + wanted - found.length)
    next += batch.length
    const rows = new Map((await findByIds(source.deliveries, source.capabilities, batch.map((entry) => entry.id), source.projection)).map((row) => [row._id, row]))
    for (const entry of batch) {
      const row = rows.get(entry.id)
      if (!row) {
        missing.push(entry)
        continue
      }
      // A key that does not match its row would mean the head is wrong: prove nothing.
      if (row.tenantId !== tenantId || row.createdAt.getTime() !== entry.createdAt.getTime()) return { page: undefined, missing: [] }
      found.push(row)
    }
  }
  // Short of the page, the head proves it only when it holds every live delivery of the tenant.
  if (found.length < wanted && !(head.seeded && head.floor === null)) return { page: undefined, missing }
  return { page: toPage(found, limit) }
}
