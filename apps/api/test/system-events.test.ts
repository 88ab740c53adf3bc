import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Issue 14: when an app turns itself off, the tenant hears about it (built-in `system` category).

let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let failing: Receiver
let watcher: Receiver
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog example
let example: any

beforeAll(async () => {
  t = await startDeliveryApi('api-system-events')
  tenant = await t.createTenant('System portal')
  failing = await startReceiver()
  watcher = await startReceiver()
  example = (await catalogExamples(t, tenant.publishKey))['media.updated']
})
afterAll(async () => {
  await t.close()
  await failing.close()
  await watcher.close()
})

const manager = () => ({ token: tenant.managerToken })

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const systemEvents = (receiver: Receiver, type: string) =>
  receiver.requests.map((request) => JSON.parse(request.body)).filter((body: { type?: string }) => body.type === type)

describe('the system category', () => {
  it('is in the catalog', async () => {
    const catalog = await t.request('GET', '/api/v1/event-types', manager())
    const system = catalog.body.categories.find((category: { id: string }) => category.id === 'system')
    expect(system.events.map((event: { type: string }) => event.type)).toEqual(['system.app.deactivated', 'system.app.reactivated'])
  })

  it('cannot be published by a service', async () => {
    const catalog = await t.request('GET', '/api/v1/event-types', manager())
    const forged = catalog.body.categories
      .find((category: { id: string }) => category.id === 'system')
      .events.find((event: { type: string }) => event.type === 'system.app.deactivated').example
    const reply = await t.request('POST', '/api/v1/events', { token: tenant.publishKey, body: forged })
    expect(reply.status).toBe(400)
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: '/type', message: expect.stringMatching(/only Hookline publishes/) })])
  })

  it('tells subscribed apps that an app turned itself off, never that app itself, and that it came back', async () => {
    const watcherApp = await t.request('POST', '/api/v1/apps', { ...manager(), body: { name: 'Ops channel', endpoint: watcher.url, events: { categories: ['system'] } } })
    expect(watcherApp.status, watcherApp.text).toBe(201)
    const failingApp = await t.request('POST', '/api/v1/apps', {
      ...manager(),
      body: { name: 'Flaky CRM', endpoint: `${failing.url}?token=crm-secret`, events: { categories: ['media', 'system'] } },
    })
    expect(failingApp.status, failingApp.text).toBe(201)
    const appId = failingApp.body.appId
    failing.behave(() => ({ status: 410 }))

    expect((await t.request('POST', '/api/v1/events', { token: tenant.publishKey, body: example })).status).toBe(202)
    const [deactivated] = await waitFor(() => {
      const found = systemEvents(watcher, 'system.app.deactivated')
      return found.length > 0 ? found : undefined
    }, 'system.app.deactivated')
    expect(deactivated.subjectDetail).toMatchObject({
      appId,
      name: 'Flaky CRM',
      endpoint: `${failing.url}?token=***`,
      reason: expect.stringMatching(/^410 Gone from .*\?token=\*\*\*$/),
      deliveryId: expect.stringMatching(/^dlv_/),
    })
    expect(JSON.stringify(deactivated)).not.toContain('crm-secret')
    // Built like a published event's envelope: the same tenant object, null where nothing is recorded.
    expect(deactivated.tenant).toEqual({ id: tenant.tenantId, name: 'System portal', subDomainUrl: expect.stringMatching(/^https:\/\/system-portal/), portalTenantId: null })
    const log = await t.request('GET', `/api/v1/logs/${deactivated.subjectDetail.deliveryId}`, manager())
    expect(log.body).toMatchObject({ appId, status: 'failed' })
    // The app that turned off received the media event (and failed), never its own deactivation.
    expect(systemEvents(failing, 'system.app.deactivated')).toEqual([])

    failing.behave(() => ({ status: 204 }))
    const on = await t.request('POST', `/api/v1/apps/${appId}/activate`, manager())
    expect(on.status).toBe(200)
    const [reactivated] = await waitFor(() => {
      const found = systemEvents(watcher, 'system.app.reactivated')
      return found.length > 0 ? found : undefined
    }, 'system.app.reactivated')
    expect(reactivated.subjectDetail).toMatchObject({ appId, name: 'Flaky CRM', by: expect.stringContaining('@') })
  }, 40_000)
})
