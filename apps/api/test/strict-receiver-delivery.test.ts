import { startReceiver, type ReceivedRequest, type Receiver } from '@hookline/test-receiver'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Done when: a receiver that rejects unsigned or mis-signed requests is
// registered through the API and receives verified deliveries.
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver
let secret = ''
const verifiedEvents: Record<string, unknown>[] = []

function verify(request: ReceivedRequest): Record<string, unknown> {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>
}

beforeAll(async () => {
  t = await startDeliveryApi('api-strict-receiver', { worker: {} })
  tenant = await t.createTenant('Strict portal')
  receiver = await startReceiver((request) => {
    try {
      verifiedEvents.push(verify(request))
      return { status: 204 }
    } catch {
      return { status: 401, body: 'signature rejected' }
    }
  })
})
afterAll(async () => {
  await t.close()
  await receiver.close()
})

describe('a receiver that verifies signatures', () => {
  it('is registered with the secret the API handed out, and receives verified deliveries', async () => {
    const manager = { token: tenant.managerToken }
    secret = (await t.request('POST', '/api/v1/apps/signing-secret', manager)).body.secret

    // Unsigned and mis-signed requests are refused: the receiver is strict.
    const unsigned = await fetch(receiver.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(unsigned.status).toBe(401)
    const otherSecret = (await t.request('POST', '/api/v1/apps/signing-secret', manager)).body.secret
    const misSigned = await t.request('POST', '/api/v1/apps/test-connection', { ...manager, body: { endpoint: receiver.url, signingSecret: otherSecret } })
    expect(misSigned.body).toMatchObject({ ok: false, status: 401 })

    const tested = await t.request('POST', '/api/v1/apps/test-connection', { ...manager, body: { endpoint: receiver.url, signingSecret: secret } })
    expect(tested.body).toMatchObject({ ok: true })
    const created = await t.request('POST', '/api/v1/apps', {
      ...manager,
      body: { name: 'Strict receiver', endpoint: receiver.url, signingSecret: secret, events: { categories: ['media'], types: [] } },
    })
    expect(created.status).toBe(201)

    const catalog = await t.request('GET', '/api/v1/event-types', { token: tenant.publishKey })
    const example = catalog.body.categories
      .flatMap((category: { events: { type: string; example: unknown }[] }) => category.events)
      .find((event: { type: string }) => event.type === 'media.updated').example
    const published = await t.request('POST', '/api/v1/events', { token: tenant.publishKey, body: example })
    expect(published.status).toBe(202)

    const deadline = Date.now() + 20_000
    while (!verifiedEvents.some((event) => event.id === published.body.id)) {
      if (Date.now() > deadline) throw new Error(`no verified delivery of ${published.body.id}; received ${receiver.requests.length} requests`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const delivered = verifiedEvents.find((event) => event.id === published.body.id)!
    expect(delivered).toMatchObject({ type: 'media.updated', tenant: { id: tenant.tenantId, name: 'Strict portal' } })
    // The worker records the attempt right after the receiver's answer.
    for (;;) {
      const logs = await t.request('GET', `/api/v1/logs?appId=${created.body.appId}`, manager)
      if (logs.body.items[0]?.status === 'succeeded') break
      if (Date.now() > deadline) throw new Error(`the delivery log stayed ${logs.text}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 60_000)
})
