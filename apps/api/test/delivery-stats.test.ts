import { deliveryStatuses, type DeliveryStatus } from '@hookline/core'
import { hooklineCollections, newDelivery, type DeliveryDocument, type DeliveryProgress } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// The overview's endpoint against a full count of the delivery log: 5,000
// deliveries over 40 hours and three apps in every status, some moved by the
// store's own writes (the ones the worker and the API use), some skipped when
// an app is turned off, some removed. The endpoint must say what counting
// every delivery says.

let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let other: Awaited<ReturnType<DeliveryApi['createTenant']>>
const hourMs = 3_600_000
const start = Date.parse('2026-03-01T00:00:00Z')
const deliveryCount = 5_000
const hours = 40
const appIds = ['app_stats_a', 'app_stats_b', 'app_stats_c']

/** The status each delivery ends in, spread so every status appears in most hours. */
function targetStatus(index: number): DeliveryStatus | 'left pending' {
  const slot = index % 20
  if (slot < 8) return 'succeeded'
  if (slot < 12) return 'failed'
  if (slot < 15) return 'retrying'
  if (slot < 17) return 'skipped'
  return 'left pending'
}

beforeAll(async () => {
  t = await startDeliveryApi('api-stats', { worker: false })
  tenant = await t.createTenant('Stats portal')
  other = await t.createTenant('Other stats portal')
  const { store } = t.api
  // One delivery in eight is inserted pending and moved by the worker's write
  // below; the others are inserted in their final status (as a restored or
  // migrated log would be), which keeps the test's time on FerretDB bearable.
  const moved = (index: number) => index % 8 === 0
  const created: DeliveryDocument[] = Array.from({ length: deliveryCount }, (_, index) => {
    const delivery = newDelivery({
      app: { _id: appIds[index % 3]!, tenantId: tenant.tenantId, name: `Stats ${index % 3}`, endpoint: 'https://hooks.example.com/in' },
      event: { _id: `evt_stats_${index}`, type: 'media.updated', portalEventId: 'X' },
      at: new Date(start + Math.floor((index * hours * hourMs) / deliveryCount)),
    })
    const status = targetStatus(index)
    return moved(index) || status === 'left pending' ? delivery : { ...delivery, status }
  })
  for (let offset = 0; offset < created.length; offset += 500) await store.deliveries.insertMany(created.slice(offset, offset + 500))
  await store.deliveries.insertMany([
    newDelivery({ app: { _id: 'app_other', tenantId: other.tenantId, name: 'Other', endpoint: 'https://x.example.com' }, event: { _id: 'evt_other', type: 'media.updated', portalEventId: 'X' }, at: new Date(start) }),
  ])

  // Attempts move each delivery to its status, as the worker records them.
  const at = new Date(start + hours * hourMs)
  const progress: DeliveryProgress[] = created.flatMap((delivery, index) => {
    const status = targetStatus(index)
    if (!moved(index) || status === 'left pending' || status === 'skipped') return []
    const failed = status !== 'succeeded'
    return [
      {
        id: delivery._id,
        status,
        attemptCount: 1,
        retryAttempts: 0,
        lastStatusCode: failed ? 500 : 204,
        lastError: failed ? `500 from delivery ${index}` : null,
        nextAttemptAt: status === 'retrying' ? new Date(at.getTime() + 60_000) : null,
        attempt: {
          attempt: 1,
          startedAt: at.toISOString(),
          durationMs: 5,
          outcome: failed ? 'transient' : 'success',
          requestHeaders: [],
          responseStatus: failed ? 500 : 204,
          responseBodyExcerpt: '',
        },
        at,
      },
    ]
  })
  for (let offset = 0; offset < progress.length; offset += 400) await store.deliveries.recordProgress(progress.slice(offset, offset + 400))
  // Skipping: the worker skips single deliveries…
  const skippedOne = created.filter((_, index) => moved(index) && targetStatus(index) === 'skipped' && index % 3 !== 2)
  await store.deliveries.recordProgress(
    skippedOne.map((delivery) => ({ id: delivery._id, status: 'skipped', attemptCount: 0, retryAttempts: 0, nextAttemptAt: null, skippedReason: 'off', at })),
  )
  // …and turning app C off skips all of its pending and retrying ones.
  await store.deliveries.skipInProgress('app_stats_c', 'The application was turned off.', at)
  // A publish that lost an idempotency race removes its deliveries.
  await store.deliveries.removeMany(created.slice(0, 25).map((delivery) => delivery._id))
}, 600_000)
afterAll(() => t.close())

/** The full count, straight from the delivery log: what the counters must equal. */
async function fullCount(tenantId: string, from: Date, to: Date, bucketMs: number) {
  const deliveries = await hooklineCollections(t.database.db).deliveries
    .find({ tenantId, createdAt: { $gte: from, $lt: to } }, { projection: { appId: 1, status: 1, createdAt: 1 } })
    .toArray()
  const buckets = new Map<number, Record<DeliveryStatus, number>>()
  const apps = new Map<string, Record<DeliveryStatus, number>>()
  const zero = () => Object.fromEntries(deliveryStatuses.map((status) => [status, 0])) as Record<DeliveryStatus, number>
  for (const delivery of deliveries) {
    const bucket = Math.floor((delivery.createdAt.getTime() - from.getTime()) / bucketMs)
    if (!buckets.has(bucket)) buckets.set(bucket, zero())
    if (!apps.has(delivery.appId)) apps.set(delivery.appId, zero())
    buckets.get(bucket)![delivery.status]++
    apps.get(delivery.appId)![delivery.status]++
  }
  return { total: deliveries.length, buckets, apps }
}

interface StatsAnswer {
  buckets: ({ start: string } & Record<DeliveryStatus, number>)[]
  totals: Record<DeliveryStatus | 'total', number>
  apps: ({ appId: string; name: string; total: number; lastDeliveryAt: string | null; lastFailureAt: string | null; lastError: string | null } & Record<DeliveryStatus, number>)[]
}

const stats = (query: string, token = tenant.managerToken) => t.request('GET', `/api/v1/stats/deliveries${query}`, { token })

describe('GET /api/v1/stats/deliveries', () => {
  it('equals a full count of the delivery log, hour by hour and per app', async () => {
    const from = new Date(start)
    const to = new Date(start + hours * hourMs)
    const reply = await stats(`?from=${from.toISOString()}&to=${to.toISOString()}&bucket=hour`)
    expect(reply.status).toBe(200)
    const body = reply.body as StatsAnswer
    const expected = await fullCount(tenant.tenantId, from, to, hourMs)
    expect(expected.total).toBe(deliveryCount - 25)
    expect(body.totals.total).toBe(expected.total)
    expect(body.buckets).toHaveLength(hours)
    body.buckets.forEach((bucket, index) => {
      const counted = expected.buckets.get(index)!
      expect({ start: bucket.start, ...Object.fromEntries(deliveryStatuses.map((status) => [status, bucket[status]])) }).toEqual({
        start: new Date(start + index * hourMs).toISOString(),
        ...counted,
      })
    })
    for (const app of body.apps) expect(Object.fromEntries(deliveryStatuses.map((status) => [status, app[status]]))).toEqual(expected.apps.get(app.appId))
    // Every status is represented, and app C has nothing in progress any more.
    for (const status of deliveryStatuses) expect(body.totals[status]).toBeGreaterThan(0)
    const appC = body.apps.find((app) => app.appId === 'app_stats_c')!
    expect(appC.pending + appC.retrying).toBe(0)
    expect(appC.lastFailureAt).toBe(to.toISOString())
    expect(appC.lastError).toMatch(/^500 from delivery \d+$/)
    expect(appC.name).toBe('Deleted application')
  })

  it('sums days from `from`, and narrows to one app', async () => {
    const from = new Date(start)
    const to = new Date(start + 2 * 24 * hourMs)
    const body = (await stats(`?from=${from.toISOString()}&to=${to.toISOString()}&bucket=day&appId=app_stats_b`)).body as StatsAnswer
    const expected = await fullCount(tenant.tenantId, from, to, 24 * hourMs)
    expect(body.buckets.map((bucket) => bucket.start)).toEqual([from.toISOString(), new Date(start + 24 * hourMs).toISOString()])
    expect(body.apps.map((app) => app.appId)).toEqual(['app_stats_b'])
    expect(body.apps[0]!.total).toBe(Object.values(expected.apps.get('app_stats_b')!).reduce((sum, count) => sum + count, 0))
    expect(body.totals.total).toBe(body.apps[0]!.total)
  })

  it('keeps tenants apart', async () => {
    const body = (await stats(`?from=${new Date(start).toISOString()}&to=${new Date(start + hours * hourMs).toISOString()}`, other.managerToken)).body as StatsAnswer
    expect(body.totals.total).toBe(1)
    expect(body.totals.pending).toBe(1)
  })

  it('refuses bad ranges with a problem document', async () => {
    const missing = await stats('')
    expect(missing.status).toBe(400)
    const backwards = await stats('?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z')
    expect(backwards.status).toBe(400)
    expect(JSON.stringify(backwards.body)).toContain('must be before')
    const tooLong = await stats('?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=hour')
    expect(tooLong.status).toBe(400)
    expect(JSON.stringify(tooLong.body)).toContain('bucket=day')
    const badBucket = await stats('?from=2026-03-01T00:00:00Z&bucket=week')
    expect(badBucket.status).toBe(400)
  })
})
