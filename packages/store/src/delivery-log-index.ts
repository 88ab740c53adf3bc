import type { DeliveryLogFilter } from './delivery-log-query.ts'

/**
 * The `deliveries` index a time-bounded log read should walk: the one whose
 * keys are the tenant, the filter's equality field, then `createdAt`, so a
 * window (or the rows at a cursor's instant) is one range of the index.
 * Left to itself, DocumentDB's planner took `tenant_portal_event_list` for
 * the unfiltered reads of a 1,000,000-row tenant (same leading key, a
 * cheaper-looking estimate) and filtered every window out of all the
 * tenant's rows. With several equality fields the first of app, event type,
 * status is taken (the others filter its range); an id search (`q`) has
 * indexes of its own and gets no hint.
 */
export function logIndexFor(filter: DeliveryLogFilter): string | undefined {
  if (filter.q !== undefined) return undefined
  if (filter.appId !== undefined) return logIndexNames.byApp
  if (filter.eventType !== undefined) return logIndexNames.byEventType
  if (filter.status !== undefined) return logIndexNames.byStatus
  return logIndexNames.tenant
}

/** The log's list indexes (indexes.ts; delivery-log-windows.test.ts checks each leads with the tenant, its field, then createdAt). */
export const logIndexNames = Object.freeze({
  tenant: 'tenant_list',
  byApp: 'tenant_app_list',
  byEventType: 'tenant_type_list',
  byStatus: 'tenant_status_list',
})

