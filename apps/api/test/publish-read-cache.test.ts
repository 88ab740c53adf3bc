import { hooklineCollections } from '@hookline/store'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// HOOKLINE_PUBLISH_CACHE_MS: the API key, tenant and active apps a publish
// reads are reused for a while. A minute here, so nothing below passes by
// the cache running out: every change made through this API must apply to
// the very next publish (store tests cover other processes and the age).
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- catalog entries as the API returns them
let examples: Record<string, any>

beforeAll(async () => {
  ;[t, receiver] = await Promise.all([startDeliveryApi('api-publish-cache', { worker: false, env: { HOOKLINE_PUBLISH_CACHE_MS: '60000' } }), startReceiver()])
  receiver.behave(() => ({ status: 204 }))
  tenant = await t.createTenant('Cached portal')
  examples = await catalogExamples(t, tenant.publishKey)
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

const publish = (key = tenant.publishKey) => t.request('POST', '/api/v1/events', { token: key, body: examples['media.updated'] })
const deliveriesOfNextPublish = async () => {
  const reply = await publish()
  expect(reply.status, reply.text).toBe(202)
  return reply.body.deliveries as number
}
const asManager = (method: string, path: string, body?: unknown) => t.request(method, path, { token: tenant.managerToken, ...(body ? { body } : {}) })

describe('the publish read cache', () => {
  it('is on: an app turned off behind the API’s back still gets deliveries within the max age', async () => {
    const appId = await t.createApp(tenant.tenantId, { endpoint: receiver.url })
    expect(await deliveriesOfNextPublish()).toBe(1)
    await hooklineCollections(t.database.db).apps.updateOne({ _id: appId }, { $set: { active: false } })
    expect(await deliveriesOfNextPublish()).toBe(1)
    await hooklineCollections(t.database.db).apps.updateOne({ _id: appId }, { $set: { active: true } })
    expect((await asManager('DELETE', `/api/v1/apps/${appId}`)).status).toBe(204)
  })

  it('applies an app created, turned off and on, resubscribed or deleted through this API to the next publish', async () => {
    expect(await deliveriesOfNextPublish()).toBe(0)
    const created = await asManager('POST', '/api/v1/apps', {
      name: 'Cached receiver',
      endpoint: receiver.url,
      authType: 'none',
      events: { categories: ['media'], types: [] },
    })
    expect(created.status, created.text).toBe(201)
    const appId = created.body.id as string
    expect(await deliveriesOfNextPublish(), 'created').toBe(1)
    expect((await asManager('POST', `/api/v1/apps/${appId}/deactivate`)).status).toBe(200)
    expect(await deliveriesOfNextPublish(), 'turned off').toBe(0)
    expect((await asManager('POST', `/api/v1/apps/${appId}/activate`)).status).toBe(200)
    expect(await deliveriesOfNextPublish(), 'turned on').toBe(1)
    const otherType = Object.keys(examples).find((type) => type.startsWith('media.') && type !== 'media.updated')!
    const resubscribed = await asManager('PATCH', `/api/v1/apps/${appId}`, { events: { categories: [], types: [otherType] } })
    expect(resubscribed.status, resubscribed.text).toBe(200)
    expect(await deliveriesOfNextPublish(), 'no longer subscribed to media.updated').toBe(0)
    await asManager('PATCH', `/api/v1/apps/${appId}`, { events: { categories: ['media'], types: [] } })
    expect(await deliveriesOfNextPublish(), 'subscribed again').toBe(1)
    expect((await asManager('DELETE', `/api/v1/apps/${appId}`)).status).toBe(204)
    expect(await deliveriesOfNextPublish(), 'deleted').toBe(0)
  })

  it('refuses a key revoked through this API at its next request', async () => {
    const created = await t.request('POST', '/api/v1/api-keys', { token: tenant.adminToken, body: { name: 'Short-lived', scopes: ['events:publish'] } })
    expect(created.status, created.text).toBe(201)
    expect((await publish(created.body.key)).status).toBe(202)
    expect((await publish(created.body.key)).status, 'answered from the cache').toBe(202)
    const revoked = await t.request('DELETE', `/api/v1/api-keys/${created.body.id}`, { token: tenant.adminToken })
    expect(revoked.status, revoked.text).toBe(204)
    const refused = await publish(created.body.key)
    expect(refused.status).toBe(401)
    expect(refused.body.detail).toMatch(/revoked/)
  })

  it('records a cached key’s last use', async () => {
    const created = await t.request('POST', '/api/v1/api-keys', { token: tenant.adminToken, body: { name: 'Touched', scopes: ['events:publish'] } })
    const before = Date.now()
    expect((await publish(created.body.key)).status).toBe(202)
    expect((await publish(created.body.key)).status).toBe(202)
    const stored = await hooklineCollections(t.database.db).apiKeys.findOne({ _id: created.body.id })
    expect(stored?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000)
  })

  it('applies a tenant linked or renamed through this API to the next publish', async () => {
    expect((await publish()).status).toBe(202)
    const linkTo = (body: unknown) => t.request('PATCH', `/api/v1/tenants/${tenant.tenantId}`, { token: t.operatorToken, body })
    const linkedElsewhere = await linkTo({ portalTenantId: 4242 })
    expect(linkedElsewhere.status, linkedElsewhere.text).toBe(200)
    // The example's record names another portal tenant: refused once the link applies.
    expect((await publish()).status, 'linked to another portal tenant').toBe(422)
    const recordTenant = examples['media.updated'].subjectDetail.tenant
    expect((await linkTo({ name: recordTenant.tenantName, portalTenantId: recordTenant.id })).status).toBe(200)
    const reply = await publish()
    expect(reply.status, reply.text).toBe(202)
    const event = await t.api.store.events.get(tenant.tenantId, reply.body.id)
    expect(JSON.parse(event!.envelopeJson).tenant).toMatchObject({ name: recordTenant.tenantName, portalTenantId: recordTenant.id })
  })
})
