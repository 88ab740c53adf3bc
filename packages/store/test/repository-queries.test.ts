// The queries the API and the worker used to run on raw collections, now
// repository methods: each answers only what its name says.
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openTestDatabase } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { newDelivery, openStore, resolveSecretKey, StoreError, type AppDocument, type EventDocument } from '../src/index.ts'

const database = await openTestDatabase('store-queries')
afterAll(() => database.drop())
const store = openStore(database.db, { secretKey: randomBytes(32) })
await store.ensureIndexes()

const createApp = (tenantId: string, name: string, active: boolean) =>
  store.apps.create({ tenantId, name, active, endpoint: 'https://q.example.com', authType: 'none', events: { categories: ['media'], types: [] }, headers: [], retries: 0, retryDelaySeconds: 1, legacySubjectDetailEncoding: false, createdBy: 'm' })
const ids = (documents: { _id: string }[]) => documents.map((document) => document._id).sort()

describe('apps', () => {
  it('lists a tenant’s active apps, finds active ones among ids within the tenant, and any app by id for the worker', async () => {
    const [on, off, other] = await Promise.all([createApp('ten_q', 'On', true), createApp('ten_q', 'Off', false), createApp('ten_other', 'Other', true)])
    expect(ids(await store.apps.listActive('ten_q'))).toEqual([on._id])
    expect(ids(await store.apps.findActiveByIds('ten_q', [on._id, off._id, other._id, on._id]))).toEqual([on._id])
    expect(ids(await store.apps.findByIds([on._id, off._id, other._id, 'app_missing']))).toEqual(ids([on, off, other]))
    expect(await store.apps.findByIds([])).toEqual([])
  })
})

describe('events and deliveries', () => {
  const at = new Date('2026-02-01T00:00:00Z')
  const event = (id: string, tenantId: string): EventDocument => ({ _id: id, tenantId, type: 'media.updated', portalEventId: 'P', envelopeJson: '{"big":true}', createdAt: at })
  const app: Pick<AppDocument, '_id' | 'tenantId' | 'name' | 'endpoint'> = { _id: 'app_q', tenantId: 'ten_q', name: 'Q', endpoint: 'https://q.example.com' }

  it('reads event summaries of the tenant only, without envelopes', async () => {
    await store.events.insertMany([event('evt_q1', 'ten_q'), event('evt_q2', 'ten_q'), event('evt_q3', 'ten_other')])
    const summaries = await store.events.findSummaries('ten_q', ['evt_q1', 'evt_q2', 'evt_q3'])
    expect(ids(summaries)).toEqual(['evt_q1', 'evt_q2'])
    for (const summary of summaries) expect(summary).not.toHaveProperty('envelopeJson')
  })

  it('counts a filter up to a limit and streams it with a limit and a batch size, newest first', async () => {
    const deliveries = Array.from({ length: 7 }, (_, index) => newDelivery({ app, event: event(`evt_s${index}`, 'ten_q'), at: new Date(at.getTime() + index * 1000) }))
    await store.deliveries.insertMany(deliveries)
    expect(await store.deliveries.countDeliveries('ten_q', { appId: 'app_q' })).toBe(7)
    expect(await store.deliveries.countDeliveries('ten_q', { appId: 'app_q' }, { limit: 3 })).toBe(3)
    expect(await store.deliveries.countDeliveries('ten_other', { appId: 'app_q' })).toBe(0)
    const streamed = await store.deliveries.streamDeliveries('ten_q', { appId: 'app_q' }, { limit: 4, batchSize: 2 }).toArray()
    expect(streamed.map((delivery) => delivery._id)).toEqual(deliveries.slice(3).reverse().map((delivery) => delivery._id))
    expect(streamed[0]).not.toHaveProperty('attempts')
  })
})

describe('the server and the secret key', () => {
  it('answers a ping', async () => {
    await expect(store.server.ping()).resolves.toBeUndefined()
  })

  it('takes HOOKLINE_SECRET_KEY when set, refuses a malformed one, and otherwise keeps a key file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-key-'))
    const given = randomBytes(32)
    expect((await resolveSecretKey(given.toString('base64'), dataDir)).key.equals(given)).toBe(true)
    await expect(resolveSecretKey('short', dataDir)).rejects.toBeInstanceOf(StoreError)
    const first = await resolveSecretKey(undefined, dataDir)
    expect(first).toMatchObject({ file: join(dataDir, 'secret-key'), created: true })
    const again = await resolveSecretKey(undefined, dataDir)
    expect(again.created).toBe(false)
    expect(again.key.equals(first.key)).toBe(true)
  })
})
