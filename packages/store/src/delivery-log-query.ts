import type { DeliveryStatus } from '@hookline/core'
import type { Filter, Sort } from 'mongodb'
import type { DeliveryDocument } from './documents.ts'
import { afterCursor, newestFirst } from './pagination.ts'

/**
 * The filter of the delivery log, shared by `GET /api/v1/logs`, bulk
 * redelivery and the exports, so all three select the same rows in the
 * same order. Parsed and validated by the API; every field optional.
 */
export interface DeliveryLogFilter {
  appId?: string | undefined
  eventType?: string | undefined
  status?: DeliveryStatus | undefined
  /** Inclusive: deliveries created at or after this instant. */
  from?: Date | undefined
  /** Exclusive: deliveries created before this instant. */
  to?: Date | undefined
  /**
   * Inclusive: deliveries last changed at or after this instant. With
   * `status: 'skipped'`, those skipped since then (e.g. since their app was
   * turned off, however long before they were created).
   */
  changedFrom?: Date | undefined
  /**
   * One id, recognised by its prefix: a delivery (`dlv_…`), an event
   * (`evt_…`) or a webhook-id (`msg_…`); anything else is a portal event id.
   */
  q?: string | undefined
}

/** The field an id names, by its prefix (each has an index). */
export function idSearchField(q: string): 'deliveryId' | 'eventId' | 'messageId' | 'portalEventId' {
  if (q.startsWith('dlv_')) return 'deliveryId'
  if (q.startsWith('evt_')) return 'eventId'
  if (q.startsWith('msg_')) return 'messageId'
  return 'portalEventId'
}

export interface DeliveryLogQuery {
  filter: Filter<DeliveryDocument>
  /** Newest first: (createdAt, _id) descending, the order the indexes hold. */
  sort: Sort
}

/**
 * The MongoDB filter and sort of a tenant's delivery log. Each filter field
 * lines up with one of the `deliveries` indexes (`tenantId` + field +
 * `createdAt` desc), so lists and exports walk an index on MongoDB.
 * `cursor` continues a list after the page that returned it.
 */
export function deliveryLogQuery(tenantId: string, filter: DeliveryLogFilter, cursor?: string): DeliveryLogQuery {
  const query: Filter<DeliveryDocument> = { tenantId }
  if (filter.appId !== undefined) query.appId = filter.appId
  if (filter.eventType !== undefined) query.eventType = filter.eventType
  if (filter.status !== undefined) query.status = filter.status
  if (filter.q !== undefined) {
    const field = idSearchField(filter.q)
    if (field === 'deliveryId') query._id = filter.q
    else query[field] = filter.q
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    query.createdAt = {
      ...(filter.from !== undefined ? { $gte: filter.from } : {}),
      ...(filter.to !== undefined ? { $lt: filter.to } : {}),
    }
  }
  if (filter.changedFrom !== undefined) query.updatedAt = { $gte: filter.changedFrom }
  return { filter: { ...query, ...afterCursor<DeliveryDocument>(cursor) }, sort: newestFirst }
}
