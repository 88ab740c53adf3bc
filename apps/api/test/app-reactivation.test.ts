import { newDelivery } from '@hookline/store'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Turning an app back on offers to send again what it missed: the app says
// since when it is off (`deactivatedAt`, whoever turned it off), and the log
// filter's `changedFrom` finds the deliveries skipped since then, however long
// before they were created.
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver

beforeAll(async () => {
  ;[t, receiver] = await Promise.all([startDeliveryApi('api-app-reactivation', { worker: false }), startReceiver()])
  receiver.behave(() => ({ status: 204 }))
  tenant = await t.createTenant('Reactivation portal')
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: tenant.managerToken, ...(body ? { body } : {}) })

describe('deactivatedAt', () => {
  it('is recorded when a person turns an app off, kept while it stays off, and cleared when it is turned on', async () => {
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url })
    const before = Date.now()
    const off = await call('POST', `/api/v1/apps/${appId}/deactivate`)
    expect(off.status).toBe(200)
    expect(off.body.active).toBe(false)
    expect(off.body.deactivatedReason).toBeUndefined()
    const offAt = Date.parse(off.body.deactivatedAt)
    expect(offAt).toBeGreaterThanOrEqual(before - 1_000)

    // Turning it off again, or saving it (the editor sends `active: false` with every field), moves nothing.
    const again = await call('POST', `/api/v1/apps/${appId}/deactivate`)
    expect(again.body).toMatchObject({ deactivatedAt: off.body.deactivatedAt, version: off.body.version })
    const saved = await call('PATCH', `/api/v1/apps/${appId}`, { name: 'Renamed while off', active: false })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ name: 'Renamed while off', active: false, deactivatedAt: off.body.deactivatedAt })

    const on = await call('POST', `/api/v1/apps/${appId}/activate`)
    expect(on.body.active).toBe(true)
    expect(on.body.deactivatedAt).toBeUndefined()

    // Turning it off through PATCH records the time as well.
    const patchedOff = await call('PATCH', `/api/v1/apps/${appId}`, { active: false })
    expect(patchedOff.body.active).toBe(false)
    expect(Date.parse(patchedOff.body.deactivatedAt)).toBeGreaterThanOrEqual(offAt)
  })
})

describe('changedFrom', () => {
  it('counts and lists the deliveries skipped since the app went off, not those skipped before', async () => {
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url })
    const app = { _id: appId, tenantId: tenant.tenantId, name: 'Reactivated', endpoint: receiver.url }
    const created = new Date(Date.now() - 3_600_000)
    const event = (index: number) => ({ _id: `evt_reactivation_${index}`, type: 'media.updated', portalEventId: `P${index}` })
    // Skipped during an earlier time off, a day ago: not part of this time off.
    const earlier = { ...newDelivery({ app, event: event(0), at: created }), status: 'skipped' as const, updatedAt: new Date(Date.now() - 86_400_000) }
    // Three in progress when it goes off, created an hour before.
    const inProgress = [1, 2, 3].map((index) => newDelivery({ app, event: event(index), at: created }))
    await t.api.store.deliveries.insertMany([earlier, ...inProgress])

    const off = await call('POST', `/api/v1/apps/${appId}/deactivate`)
    await t.api.store.deliveries.skipInProgress(appId, 'The application is turned off.', new Date(Date.parse(off.body.deactivatedAt) + 5))

    const since = encodeURIComponent(off.body.deactivatedAt)
    const count = await call('GET', `/api/v1/logs/count?appId=${appId}&status=skipped&changedFrom=${since}`)
    expect(count.status).toBe(200)
    expect(count.body).toEqual({ count: 3, capped: false })
    const all = await call('GET', `/api/v1/logs/count?appId=${appId}&status=skipped`)
    expect(all.body.count).toBe(4)
    const listed = await call('GET', `/api/v1/logs?appId=${appId}&status=skipped&changedFrom=${since}`)
    expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual(inProgress.map((item) => item._id).sort())
  })

  it('refuses a changedFrom that is not a time with a 400 problem', async () => {
    const reply = await call('GET', '/api/v1/logs/count?status=skipped&changedFrom=yesterday')
    expect(reply.status).toBe(400)
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(JSON.stringify(reply.body)).toContain('changedFrom')
  })
})
