import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'

// The API and the worker together: publish, deliver, read the log, redeliver.
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog example
let example: any

beforeAll(async () => {
  // Agenda's own scan only every 30 s: every delivery here must come through the notification path.
  t = await startDeliveryApi('api-delivery-flow', { worker: { processEveryMs: 30_000, lockLifetimeMs: 60_000 } })
  tenant = await t.createTenant('Flow portal')
  receiver = await startReceiver()
  example = (await catalogExamples(t, tenant.publishKey))['media.updated']
})
afterAll(async () => {
  await t.close()
  await receiver.close()
})
beforeEach(() => {
  receiver.requests.length = 0
  receiver.behave(() => ({ status: 204 }))
})

const publish = (body: unknown = example) => t.request('POST', '/api/v1/events', { token: tenant.publishKey, body })
const manager = () => ({ token: tenant.managerToken })

async function logOf(deliveryId: string, done: (log: { status: string }) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reply = await t.request('GET', `/api/v1/logs/${deliveryId}`, manager())
    if (reply.status === 200 && done(reply.body)) return reply.body
    if (Date.now() > deadline) throw new Error(`log ${deliveryId} stayed ${reply.text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('publish → delivery', () => {
  it('makes the first attempt at once, without waiting for a scan', async () => {
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url })
    const latencies: number[] = []
    for (let round = 0; round < 5; round++) {
      const sentAt = Date.now()
      const reply = await publish()
      expect(reply.status).toBe(202)
      const requests = await receiver.waitFor(round + 1)
      latencies.push(requests[round]!.receivedAt - sentAt)
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    console.log(`publish → first attempt over loopback: ${latencies.join(', ')} ms (median ${sorted[2]} ms) on ${t.worker?.notificationMode} notifications`)
    // Generous for a busy machine; without the notification path it would be up to 30 s (the scan).
    expect(sorted[2]).toBeLessThan(3_000)
    await t.api.store.apps.setActive(tenant.tenantId, appId, false, 'test')
  })

  it('logs the delivery with its attempt, and redelivers it with the same webhook-id', async () => {
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url, authType: 'basic', username: 'u', password: 'hook-password' })
    const published = await publish()
    expect(published.body.deliveries).toBe(1)
    const [first] = await receiver.waitFor(1)
    const list = await t.request('GET', `/api/v1/logs?appId=${appId}`, manager())
    const [item] = list.body.items
    expect(item).toMatchObject({ appId, eventId: published.body.id, eventType: 'media.updated', portalEventId: 'MashupUpdated', endpoint: receiver.url })
    const log = await logOf(item.id, (entry) => entry.status === 'succeeded')
    expect(log.attempts[0]).toMatchObject({ attempt: 1, outcome: 'success', responseStatus: 204 })
    expect(log.attempts[0].requestHeaders.authorization).toBe('Basic ***')
    expect(JSON.stringify(log)).not.toContain('hook-password')

    const again = await t.request('POST', `/api/v1/logs/${item.id}/redeliver`, manager())
    expect(again.status, again.text).toBe(202)
    expect(again.headers.get('location')).toBe(`/api/v1/logs/${again.body.id}`)
    expect(again.body).toMatchObject({ redeliveryOf: item.id, messageId: item.messageId, status: 'pending' })
    const [, second] = await receiver.waitFor(2)
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(JSON.parse(second!.body).id).toBe(published.body.id)
    await logOf(again.body.id, (entry) => entry.status === 'succeeded')

    await t.api.store.apps.setActive(tenant.tenantId, appId, false, 'test')
    const refused = await t.request('POST', `/api/v1/logs/${item.id}/redeliver`, manager())
    expect(refused.status).toBe(409)
    expect(refused.body.type).toMatch(/application-inactive/)
    expect((await t.request('POST', '/api/v1/logs/dlv_nothing/redeliver', manager())).status).toBe(404)
  })

  it('turns an app off on 410, then redelivers its failed and skipped deliveries in bulk once it is back on', async () => {
    receiver.behave(() => ({ status: 410, body: 'gone' }))
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url })
    const published = await publish()
    await receiver.waitFor(1)
    const [failed] = (await t.request('GET', `/api/v1/logs?appId=${appId}`, manager())).body.items
    const log = await logOf(failed.id, (entry) => entry.status === 'failed')
    expect(log.lastStatusCode).toBe(410)
    const app = await t.request('GET', `/api/v1/apps/${appId}`, manager())
    expect(app.body.active).toBe(false)
    expect(app.body.deactivatedReason).toMatch(/^410 Gone from http:\/\/127\.0\.0\.1/)

    // Published while the app is off: no delivery is created for it. The worker turned it off, as another
    // process would: the API's cached reads see that once older than HOOKLINE_PUBLISH_CACHE_MS (1 s by default;
    // until then its deliveries are created and the worker logs them as skipped).
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect((await publish()).body.deliveries).toBe(0)

    receiver.behave(() => ({ status: 200 }))
    await t.api.store.apps.setActive(tenant.tenantId, appId, true, 'test')
    const bulk = await t.request('POST', '/api/v1/logs/redeliver', { ...manager(), body: { appId, status: 'failed' } })
    expect(bulk.status, bulk.text).toBe(202)
    expect(bulk.body).toEqual({ queued: 1, skipped: 0, capped: false })
    const requests = await receiver.waitFor(2)
    expect(requests[1]!.headers['webhook-id']).toBe(requests[0]!.headers['webhook-id'])
    expect(JSON.parse(requests[1]!.body).id).toBe(published.body.id)
    const empty = await t.request('POST', '/api/v1/logs/redeliver', { ...manager(), body: {} })
    expect(empty.status).toBe(400)
    const badFilter = await t.request('POST', '/api/v1/logs/redeliver', { ...manager(), body: { status: 'gone' } })
    expect(badFilter.status).toBe(400)
    // Both bounds invalid at once: a 400, not a 500 (found by the API fuzzer).
    const badRange = await t.request('POST', '/api/v1/logs/redeliver', { ...manager(), body: { from: 'soon', to: 'later' } })
    expect(badRange.status).toBe(400)
  })
})

describe('GET /metrics', () => {
  it('serves Prometheus text with the pending gauge and publish counters', async () => {
    const reply = await t.request('GET', '/metrics')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/plain')
    expect(reply.text).toMatch(/^hookline_deliveries_pending \d+$/m)
    expect(reply.text).toMatch(/^hookline_events_published_total [1-9]\d*$/m)
    // Every publish above went through a shared write, alone or not.
    expect(reply.text).toMatch(/^hookline_publish_group_requests_count [1-9]\d*$/m)
    expect(reply.text).toContain('hookline_http_requests_total{method="POST",route="/api/v1/events",status="202"}')
    // Which way each start-up probe went: one gauge per capability, 0 or 1.
    expect([...reply.text.matchAll(/^hookline_database_capability\{capability="(\w+)"\} [01]$/gm)].map((match) => match[1]).sort()).toEqual(
      ['atomicFindAndModify', 'cappedCollections', 'filterPushdown', 'indexHints', 'indexOrderedSort', 'orderedIndexes', 'tailableCursors', 'transactions', 'ttlIndexes', 'unionReads'],
    )
  })
})
