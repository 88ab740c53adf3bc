import { hooklineCollections } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// A tenant linked to its portal tenant only publishes that portal tenant's
// records, so an envelope's `tenant` and its `subjectDetail.tenant` agree.
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let other: Awaited<ReturnType<DeliveryApi['createTenant']>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog example as the API returns it
let updated: any

beforeAll(async () => {
  t = await startDeliveryApi('api-tenant-agreement', { worker: false })
  // The plugins' example records belong to portal tenant 312, "Northwind Learning".
  tenant = await t.createTenant('Northwind Learning')
  other = await t.createTenant('Other portal')
  await t.createApp(tenant.tenantId, { events: { categories: ['media'], types: [] } })
  const catalog = await t.request('GET', '/api/v1/event-types', { token: tenant.publishKey })
  updated = catalog.body.categories
    .flatMap((category: { events: { type: string; example: unknown }[] }) => category.events)
    .find((event: { type: string }) => event.type === 'media.updated').example
})
afterAll(() => t.close())

const link = (tenantId: string, body: unknown, token = t.operatorToken) => t.request('PATCH', `/api/v1/tenants/${tenantId}`, { token, body })
const publish = (body: unknown) => t.request('POST', '/api/v1/events', { token: tenant.publishKey, body })
const withRecordTenant = (changes: Record<string, unknown>) => ({
  ...updated,
  subjectDetail: { ...updated.subjectDetail, tenant: { ...updated.subjectDetail.tenant, ...changes } },
})
const storedEvents = () => hooklineCollections(t.database.db).events.countDocuments({ tenantId: tenant.tenantId })

describe('a tenant linked to its portal tenant', () => {
  it('accepts records of its portal tenant before and after linking, and names the link in the envelope', async () => {
    const unlinked = await publish(withRecordTenant({ id: 999 }))
    expect(unlinked.status, 'an unlinked tenant has nothing to compare records with').toBe(202)

    const linked = await link(tenant.tenantId, { portalTenantId: 312 })
    expect(linked.status, linked.text).toBe(200)
    expect(linked.body).toMatchObject({ id: tenant.tenantId, name: 'Northwind Learning', portalTenantId: 312 })

    const reply = await publish(updated)
    expect(reply.status, reply.text).toBe(202)
    const envelope = JSON.parse((await t.api.store.events.get(tenant.tenantId, reply.body.id))!.envelopeJson)
    expect(envelope.tenant).toMatchObject({ id: tenant.tenantId, name: 'Northwind Learning', portalTenantId: 312 })
    expect(envelope.subjectDetail.tenant).toMatchObject({ id: envelope.tenant.portalTenantId, tenantName: envelope.tenant.name })
  })

  it('refuses a record of another portal tenant or under another name with a 422 naming each field, storing nothing', async () => {
    const before = await storedEvents()
    const single = await publish(withRecordTenant({ id: 999 }))
    expect(single.status, single.text).toBe(422)
    expect(single.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(single.body).toMatchObject({ type: expect.stringMatching(/tenant-mismatch$/), invalidEvents: [0] })
    expect(single.body.errors).toEqual([{ path: '/subjectDetail/tenant/id', message: 'is 999, but this credential publishes for portal tenant 312' }])

    const batch = await publish({ events: [updated, withRecordTenant({ tenantName: 'Southwind' }), withRecordTenant({ id: 5, tenantName: 'Eastwind' })] })
    expect(batch.status, batch.text).toBe(422)
    expect(batch.body.invalidEvents).toEqual([1, 2])
    expect(batch.body.errors.map((error: { path: string }) => error.path)).toEqual([
      '/events/1/subjectDetail/tenant/tenantName',
      '/events/2/subjectDetail/tenant/id',
      '/events/2/subjectDetail/tenant/tenantName',
    ])
    expect(await storedEvents()).toBe(before)
  })

  it('links one portal tenant to one tenant at most, and unlinks with null', async () => {
    const taken = await link(other.tenantId, { portalTenantId: 312 })
    expect(taken.status, taken.text).toBe(409)
    expect(taken.body.detail).toContain(tenant.tenantId)

    const unlinked = await link(tenant.tenantId, { portalTenantId: null })
    expect(unlinked.status, unlinked.text).toBe(200)
    expect(unlinked.body.portalTenantId).toBeUndefined()
    expect((await publish(withRecordTenant({ id: 999 }))).status).toBe(202)
    expect((await link(other.tenantId, { portalTenantId: 312 })).status).toBe(200)
  })

  it('answers bad links with a 4xx that names the field, and only the platform operator may link', async () => {
    for (const portalTenantId of ['312', 0, -4, 1.5]) {
      const reply = await link(tenant.tenantId, { portalTenantId })
      expect(reply.status, JSON.stringify(portalTenantId)).toBe(400)
      expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain('portalTenantId')
    }
    expect((await link(tenant.tenantId, {})).status).toBe(400)
    expect((await link('ten_missing', { name: 'Nobody' })).status).toBe(404)
    expect((await link(tenant.tenantId, { portalTenantId: 77 }, tenant.managerToken)).status).toBe(403)
    const created = await t.request('POST', '/api/v1/tenants', {
      token: t.operatorToken,
      body: { name: 'Eastwind', portalTenantId: 312, admin: { email: 'admin@eastwind.test', password: 'eastwind-password-1' } },
    })
    expect(created.status, 'portal tenant 312 is linked to the other tenant now').toBe(409)
  })
})
