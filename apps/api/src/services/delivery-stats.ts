import { deliveryStatuses, type DeliveryStatus } from '@hookline/core'
import { hourOf, type HourlyAppStats, type Store } from '@hookline/store'
import type { DeliveryStatsView } from '../schemas/stats.ts'
import { statsBucketMs } from '../schemas/stats.ts'

export interface DeliveryStatsRequest {
  tenantId: string
  from: Date
  to: Date
  bucket: 'hour' | 'day'
  appId?: string
}

type Counts = Record<DeliveryStatus, number>
const zero = (): Counts => ({ pending: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0 })

function addCounts(into: Counts, document: HourlyAppStats): void {
  for (const status of deliveryStatuses) into[status] += document[status]
}

const total = (counts: Counts) => deliveryStatuses.reduce((sum, status) => sum + counts[status], 0)
const latest = (a: Date | undefined, b: Date | undefined) => (!a ? b : !b ? a : a > b ? a : b)

/** Reads every app's names in pages (the cost grows with apps, never with deliveries). */
async function appNames(store: Store, tenantId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  let cursor: string | undefined
  for (let page = 0; page < 1_000; page++) {
    const { items, nextCursor } = await store.apps.list(tenantId, { limit: 100, cursor })
    for (const app of items) names.set(app._id, app.name)
    if (!nextCursor) break
    cursor = nextCursor
  }
  return names
}

/** The overview: hourly counters summed into buckets, totals and per-app figures. */
export async function deliveryStats(store: Store, request: DeliveryStatsRequest): Promise<DeliveryStatsView> {
  const from = hourOf(request.from)
  const size = statsBucketMs[request.bucket]
  const count = Math.ceil((request.to.getTime() - from.getTime()) / size)
  const [documents, names] = await Promise.all([
    store.deliveryStats.listHours(request.tenantId, { from, to: request.to, appId: request.appId }),
    appNames(store, request.tenantId),
  ])

  const buckets = Array.from({ length: count }, () => zero())
  const totals = zero()
  const perApp = new Map<string, { counts: Counts; lastAt?: Date; lastFailureAt?: Date; lastError?: string }>()
  const appIds = request.appId ? [request.appId] : [...names.keys()]
  for (const appId of appIds) perApp.set(appId, { counts: zero() })

  for (const document of documents) {
    const index = Math.floor((document.hour.getTime() - from.getTime()) / size)
    if (index < 0 || index >= count) continue
    addCounts(buckets[index]!, document)
    addCounts(totals, document)
    let app = perApp.get(document.appId)
    if (!app) perApp.set(document.appId, (app = { counts: zero() }))
    addCounts(app.counts, document)
    app.lastAt = latest(app.lastAt, document.lastAt)
    if (document.lastFailureAt && (!app.lastFailureAt || document.lastFailureAt > app.lastFailureAt)) {
      app.lastFailureAt = document.lastFailureAt
      app.lastError = document.lastError
    }
  }

  const apps = [...perApp.entries()]
    .map(([appId, app]) => ({
      appId,
      name: names.get(appId) ?? 'Deleted application',
      ...app.counts,
      total: total(app.counts),
      lastDeliveryAt: app.lastAt?.toISOString() ?? null,
      lastFailureAt: app.lastFailureAt?.toISOString() ?? null,
      lastError: app.lastError ?? null,
    }))
    .sort((a, b) => b.failed - a.failed || b.total - a.total || a.name.localeCompare(b.name))

  return {
    from: from.toISOString(),
    to: request.to.toISOString(),
    bucket: request.bucket,
    buckets: buckets.map((counts, index) => ({ start: new Date(from.getTime() + index * size).toISOString(), ...counts })),
    totals: { ...totals, total: total(totals) },
    apps,
  }
}
