import { collectionNames, hooklineCollections } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Publishing without a worker: what is stored and queued before the 202.
let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let other: Awaited<ReturnType<DeliveryApi['createTenant']>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- catalog entries as the API returns them
let examples: Record<string, any>
const apps: Record<string, string> = {}

beforeAll(async () => {
  t = await startDeliveryApi('api-publish', { worker: false })
  tenant = await t.createTenant('Publisher portal')
  other = await t.createTenant('Other portal')
  apps.mediaCategory = await t.createApp(tenant.tenantId, { events: { categories: ['media'], types: [] } })
  apps.updatedOnly = await t.createApp(tenant.tenantId, { events: { categories: [], types: ['media.updated'] } })
  apps.commentsOnly = await t.createApp(tenant.tenantId, { events: { categories: ['metadata'], types: [] } })
  apps.inactive = await t.createApp(tenant.tenantId, { active: false })
  apps.otherTenant = await t.createApp(other.tenantId)
  examples = await catalogExamples(t, tenant.publishKey)
})
afterAll(() => t.close())

const publish = (body: unknown, options: { token?: string; key?: string } = {}) =>
  t.request('POST', '/api/v1/events', {
    token: options.token ?? tenant.publishKey,
    body,
    ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}),
  })

const counts = async () => ({
  events: await hooklineCollections(t.database.db).events.countDocuments({}),
  deliveries: await hooklineCollections(t.database.db).deliveries.countDocuments({}),
})

describe('POST /api/v1/events', () => {
  it('stores the event and one delivery per active subscribed app of the tenant, then queues them', async () => {
    const reply = await publish(examples['media.updated'])
    expect(reply.status, reply.text).toBe(202)
    expect(reply.body).toEqual({ id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/), deliveries: 2 })
    const deliveries = await hooklineCollections(t.database.db).deliveries.find({ eventId: reply.body.id }).toArray()
    expect(deliveries.map((delivery) => delivery.appId).sort()).toEqual([apps.mediaCategory, apps.updatedOnly].sort())
    expect(deliveries.every((delivery) => delivery.status === 'pending' && delivery.tenantId === tenant.tenantId)).toBe(true)
    const event = await t.api.store.events.get(tenant.tenantId, reply.body.id)
    expect(JSON.parse(event!.envelopeJson)).toMatchObject({
      id: reply.body.id,
      type: 'media.updated',
      tenant: { id: tenant.tenantId, name: 'Publisher portal', subDomainUrl: expect.stringMatching(/^https:\/\/publisher-portal/), portalTenantId: null },
    })
    const jobs = await t.database.db.collection(collectionNames.agendaJobs).find({ 'data.deliveryIds': deliveries[0]!._id }).toArray()
    expect(jobs).toHaveLength(1)
    expect([...jobs[0]!.data.deliveryIds].sort()).toEqual(deliveries.map((delivery) => delivery._id).sort())
  })

  it('fans out by category as well as by type, and to nobody when nobody subscribes', async () => {
    const comment = await publish(examples['comment.added'] ?? Object.values(examples).find((example) => example.type.startsWith('comment')))
    expect(comment.status, comment.text).toBe(202)
    expect(comment.body.deliveries).toBe(1)
    const live = Object.values(examples).find((example) => example.type.startsWith('live'))
    const none = await publish(live)
    expect(none.status).toBe(202)
    expect(none.body.deliveries).toBe(0)
  })

  it('accepts every catalog example, from an API key or a Manager, and no anonymous caller', async () => {
    for (const [type, example] of Object.entries(examples)) {
      const reply = await publish(example, { token: tenant.managerToken })
      // The built-in system events are Hookline's own: publishers are refused (see system-events.test.ts).
      expect(reply.status, `${type}: ${reply.text}`).toBe(type.startsWith('system.') ? 400 : 202)
    }
    const viewerDenied = await t.request('POST', '/api/v1/events', { body: examples['media.updated'] })
    expect(viewerDenied.status).toBe(401)
  })

  it('publishes a batch in order, up to 500 events, above the general body limit', async () => {
    const events = Array.from({ length: 500 }, (_, index) => ({
      ...examples['media.updated'],
      subjectTitle: `Video ${index} ${'x'.repeat(990)}`,
      subjectDetail: { ...examples['media.updated'].subjectDetail, description: 'd'.repeat(1_500) },
    }))
    expect(JSON.stringify({ events }).length).toBeGreaterThan(1024 * 1024)
    const reply = await publish({ events })
    expect(reply.status, JSON.stringify(reply.body.errors?.slice(0, 3))).toBe(202)
    expect(reply.body.events).toHaveLength(500)
    expect(reply.body.events.every((event: { deliveries: number }) => event.deliveries === 2)).toBe(true)
    const ids = reply.body.events.map((event: { id: string }) => event.id)
    expect(new Set(ids).size).toBe(500)
    expect(await hooklineCollections(t.database.db).events.countDocuments({ _id: { $in: ids } })).toBe(500)
  })

  it('refuses an invalid event with every failing path and stores nothing', async () => {
    const before = await counts()
    const { subjectTitle: _title, ...missing } = examples['media.updated']
    const reply = await publish({ ...missing, subjectId: 'x', extra: true })
    expect(reply.status).toBe(400)
    expect(reply.headers.get('content-type')).toContain('application/problem+json')
    const paths = reply.body.errors.map((error: { path: string }) => error.path)
    expect(paths).toEqual(expect.arrayContaining(['/subjectTitle', '/subjectId', '/extra']))
    const unknown = await publish({ ...examples['media.updated'], type: 'media.teleported' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '/type' })])
    expect(await counts()).toEqual(before)
  })

  it('refuses a whole batch when one event is invalid, naming its index, and stores nothing', async () => {
    const before = await counts()
    const bad = { ...examples['media.updated'], subjectDetail: { ...examples['media.updated'].subjectDetail, title: 42 } }
    const reply = await publish({ events: [examples['media.updated'], examples['media.updated'], bad] })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toMatch(/Event 2 of the batch/)
    expect(reply.body.invalidEvents).toEqual([2])
    expect(reply.body.errors.every((error: { path: string }) => error.path.startsWith('/events/2/subjectDetail'))).toBe(true)
    for (const body of [{ events: [] }, { events: Array(501).fill(examples['media.updated']) }, { events: [examples['media.updated']], more: 1 }, { events: {} }]) {
      expect((await publish(body)).status).toBe(400)
    }
    expect(await counts()).toEqual(before)
  })
})

describe('idempotency', () => {
  it('answers a repeated Idempotency-Key with the first result and creates nothing', async () => {
    const first = await publish(examples['media.updated'], { key: 'order-1' })
    const before = await counts()
    const again = await publish(examples['media.updated'], { key: 'order-1' })
    expect(again.status).toBe(202)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await counts()).toEqual(before)
    const changed = await publish({ ...examples['media.updated'], subjectTitle: 'Another' }, { key: 'order-1' })
    expect(changed.status).toBe(422)
    expect(changed.body.type).toMatch(/idempotency-key-reused/)
    const otherTenant = await publish(examples['media.updated'], { key: 'order-1', token: other.publishKey })
    expect(otherTenant.body.id).not.toBe(first.body.id)
  })

  it('keys single events of a batch by their field, and a whole batch by the header', async () => {
    const keyed = (key: string) => ({ ...examples['media.updated'], idempotencyKey: key })
    const first = await publish({ events: [keyed('a-1'), keyed('a-2')] })
    const before = await counts()
    const mixed = await publish({ events: [keyed('a-2'), keyed('a-3')] })
    expect(mixed.body.events[0]).toEqual(first.body.events[1])
    expect(mixed.body.events[1].id).not.toBe(first.body.events[1].id)
    expect((await counts()).events).toBe(before.events + 1)
    const duplicate = await publish({ events: [keyed('d'), keyed('d')] })
    expect(duplicate.status).toBe(400)
    expect(duplicate.body.errors[0].path).toBe('/events/1/idempotencyKey')

    const batch = { events: [examples['media.updated'], examples['media.deleted'] ?? examples['media.updated']] }
    const once = await publish(batch, { key: 'batch-1' })
    const twice = await publish(batch, { key: 'batch-1' })
    expect(twice.body).toEqual(once.body)
    expect(twice.headers.get('idempotent-replayed')).toBe('true')
    expect((await publish({ events: [examples['media.updated']] }, { key: 'batch-1' })).status).toBe(422)
  })

  it('stores one event when the same key is published concurrently', async () => {
    const body = { ...examples['media.updated'], subjectTitle: 'Concurrent' }
    const replies = await Promise.all(Array.from({ length: 4 }, () => publish(body, { key: 'race-1' })))
    expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 202])
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1)
    const stored = await hooklineCollections(t.database.db).events.countDocuments({ tenantId: tenant.tenantId, _id: replies[0]!.body.id })
    expect(stored).toBe(1)
    expect(await hooklineCollections(t.database.db).deliveries.countDocuments({ eventId: { $in: replies.map((reply) => reply.body.id) } })).toBe(2)

    const batch = { events: [{ ...body, subjectTitle: 'Concurrent batch' }] }
    const batchReplies = await Promise.all(Array.from({ length: 3 }, () => publish(batch, { key: 'race-batch' })))
    const winners = new Set(batchReplies.map((reply) => reply.body.events[0].id))
    expect(winners.size).toBe(1)
    expect(await hooklineCollections(t.database.db).events.countDocuments({ tenantId: tenant.tenantId, envelopeJson: { $regex: 'Concurrent batch' } })).toBe(1)
  })

  it('refuses a malformed key', async () => {
    expect((await publish(examples['media.updated'], { key: 'x'.repeat(201) })).status).toBe(400)
  })
})
