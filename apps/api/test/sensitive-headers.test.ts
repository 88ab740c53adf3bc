import { hooklineCollections } from '@hookline/store'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Finding 5 of issue 14: credentials in custom headers are sealed, hidden, masked and kept.

let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog example
let example: any

beforeAll(async () => {
  t = await startDeliveryApi('api-sensitive-headers')
  tenant = await t.createTenant('Header portal')
  receiver = await startReceiver()
  example = (await catalogExamples(t, tenant.publishKey))['media.updated']
})
afterAll(async () => {
  await t.close()
  await receiver.close()
})

const manager = () => ({ token: tenant.managerToken })
const hidden = { value: null, sensitive: true, hasValue: true }

async function createApp(headers: Record<string, unknown>): Promise<string> {
  const reply = await t.request('POST', '/api/v1/apps', { ...manager(), body: { name: 'Headers', endpoint: receiver.url, events: { categories: ['media'] }, headers } })
  expect(reply.status, reply.text).toBe(201)
  return reply.body.appId
}

describe('sensitive custom headers', () => {
  it('are sealed at rest and never returned; others stay visible', async () => {
    const appId = await createApp({ 'X-Api-Key': 'k-secret-1', 'X-Team': 'video', 'X-Custom': { value: 'flagged-by-hand', sensitive: true }, 'X-Token-Hint': { value: 'not-a-secret', sensitive: false } })
    const got = await t.request('GET', `/api/v1/apps/${appId}`, manager())
    expect(got.body.headers).toEqual({ 'X-Api-Key': hidden, 'X-Team': 'video', 'X-Custom': hidden, 'X-Token-Hint': 'not-a-secret' })
    expect(got.text).not.toContain('k-secret-1')
    const raw = await hooklineCollections(t.database.db).apps.findOne({ _id: appId })
    expect(JSON.stringify(raw)).not.toContain('k-secret-1')
    expect(JSON.stringify(raw)).not.toContain('flagged-by-hand')
    const list = await t.request('GET', '/api/v1/apps', manager())
    expect(list.text).not.toContain('k-secret-1')
  })

  it('keep their value when a PATCH leaves it out, or sends back what GET answered', async () => {
    const appId = await createApp({ 'X-Api-Key': 'k-secret-2' })
    expect((await t.request('PATCH', `/api/v1/apps/${appId}`, { ...manager(), body: { name: 'Renamed' } })).status).toBe(200)
    const roundTrip = await t.request('PATCH', `/api/v1/apps/${appId}`, { ...manager(), body: { headers: { 'X-Api-Key': hidden, 'X-Team': 'audio' } } })
    expect(roundTrip.status, roundTrip.text).toBe(200)
    // The connection test the change triggered carried the kept value.
    expect(receiver.requests.at(-1)?.headers['x-api-key']).toBe('k-secret-2')
    expect(roundTrip.body.headers).toEqual({ 'X-Api-Key': hidden, 'X-Team': 'audio' })
    const unflag = await t.request('PATCH', `/api/v1/apps/${appId}`, { ...manager(), body: { headers: { 'X-Api-Key': { sensitive: false } } } })
    expect(unflag.status).toBe(400)
    expect(unflag.body.errors[0].path).toBe('headers.X-Api-Key')
  })

  it('stay with their origin, like the Basic password', async () => {
    const appId = await createApp({ 'X-Api-Key': 'k-secret-3' })
    const other = await startReceiver()
    try {
      const moved = await t.request('PATCH', `/api/v1/apps/${appId}`, { ...manager(), body: { endpoint: other.url } })
      expect(moved.status).toBe(422)
      expect(other.requests).toHaveLength(0)
      const test = await t.request('POST', '/api/v1/apps/test-connection', { ...manager(), body: { appId, endpoint: other.url, headers: { 'X-Api-Key': hidden } } })
      expect(test.status).toBe(422)
      expect(other.requests).toHaveLength(0)
    } finally {
      await other.close()
    }
  })

  it('are masked in the attempt log and absent from exports', async () => {
    const appId = await createApp({ 'X-Api-Key': 'k-secret-4' })
    const published = await t.request('POST', '/api/v1/events', { token: tenant.publishKey, body: example })
    expect(published.status).toBe(202)
    const deadline = Date.now() + 15_000
    let log
    while (Date.now() < deadline) {
      const list = await t.request('GET', `/api/v1/logs?appId=${appId}`, manager())
      const item = list.body.items?.[0]
      if (item?.status === 'succeeded') {
        log = (await t.request('GET', `/api/v1/logs/${item.id}`, manager())).body
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(log).toBeDefined()
    // The publish goes to every app of the tenant, at once: this app's request need not arrive last.
    expect(receiver.requests.map((request) => request.headers['x-api-key'])).toContain('k-secret-4')
    expect(log.attempts[0].requestHeaders['x-api-key']).toBe('***')
    expect(JSON.stringify(log)).not.toContain('k-secret-4')
    const csv = await t.request('GET', `/api/v1/logs/export?format=csv&appId=${appId}`, manager())
    expect(csv.status).toBe(200)
    expect(csv.text).not.toContain('k-secret-4')
  }, 30_000)
})
