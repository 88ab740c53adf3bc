import type { Collection } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { createLogHeadChain, type LogHeadChain, type LogHeadDocument } from './delivery-log-head-chain.ts'
import { logKeyOf, withAnnounced, withRemoved, withScan, type LogHead } from './delivery-log-head.ts'

/** A delivery as the head knows it. */
type HeadRow = { _id: string; tenantId: string; createdAt: Date }

/**
 * The log heads of every tenant, kept only where the server lacks filter
 * pushdown (FerretDB 1.24): there the first page of a log is read from its
 * head by exact `_id`s instead of a scan of every delivery. Elsewhere each
 * method returns at once without a command, and no head exists.
 */
export interface DeliveryLogHeads {
  /** Announces new deliveries to their tenants' heads; call before inserting them. */
  announce(deliveries: readonly HeadRow[]): Promise<void>
  /** Takes deleted deliveries out of their tenants' heads; call after deleting them. */
  forget(deliveries: readonly HeadRow[]): Promise<void>
  /** The tenant's newest head (empty and unseeded when it has none). */
  read(tenantId: string): Promise<LogHead>
  /** Merges the first rows of a log scan, read with `limit`, into the tenant's head, without the `dead` ids. */
  seed(tenantId: string, rows: readonly { _id: string; createdAt: Date }[], limit: number, dead?: ReadonlySet<string>): Promise<void>
}

export function createDeliveryLogHeads(heads: Collection<LogHeadDocument>, capabilities: () => Promise<ServerCapabilities>): DeliveryLogHeads {
  const chain: LogHeadChain = createLogHeadChain(heads)
  const kept = async () => !(await capabilities()).filterPushdown
  return {
    async announce(deliveries) {
      if (deliveries.length === 0 || !(await kept())) return
      for (const [tenantId, rows] of byTenant(deliveries)) await chain.advance(tenantId, (head) => withAnnounced(head, rows.map(logKeyOf)))
    },
    async forget(deliveries) {
      if (deliveries.length === 0 || !(await kept())) return
      for (const [tenantId, rows] of byTenant(deliveries)) {
        const ids = new Set(rows.map((row) => row._id))
        await chain.advance(tenantId, (head) => withRemoved(head, ids))
      }
    },
    read: (tenantId) => chain.read(tenantId),
    async seed(tenantId, rows, limit, dead = new Set()) {
      if (!(await kept())) return
      await chain.advance(tenantId, (head) => withScan(withRemoved(head, dead), rows.map(logKeyOf), limit))
    },
  }
}

function byTenant(rows: readonly HeadRow[]): Map<string, HeadRow[]> {
  const groups = new Map<string, HeadRow[]>()
  for (const row of rows) {
    const group = groups.get(row.tenantId)
    if (group) group.push(row)
    else groups.set(row.tenantId, [row])
  }
  return groups
}
