// A publish's events, deliveries and idempotency keys, written in steps
// (no transactions: a lost key race is taken back by id) or in one
// transaction (all or nothing), with the profile forced either way.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  capabilityProfile,
  hooklineCollections,
  idempotencyKeyId,
  idempotencyWindowMs,
  minimalCapabilities,
  newDelivery,
  type IdempotencyKeyDocument,
  type PublishItem,
  type RequestKey,
} from '../src/index.ts'
import { openPinnedStore, type PinnedStore } from './support/pinned-store.ts'

let database: TestDatabase
const opened: PinnedStore[] = []
beforeAll(async () => {
  database = await openTestDatabase('store-publishes')
})
afterAll(async () => {
  for (const pinned of opened) await pinned.close()
  await database.drop()
})

async function pinned(label: string, transactions: boolean) {
  const store = await openPinnedStore(database, label, capabilityProfile(minimalCapabilities, { transactions }))
  opened.push(store)
  await store.store.ensureIndexes()
  return store
}

const tenantId = 'ten_publish'
const apps = ['app_one', 'app_two'].map((id) => ({ _id: id, tenantId, name: id, endpoint: `https://${id}.example.com` }))

function keyRecord(key: string, eventId: string, at: Date, fingerprint = 'f'): IdempotencyKeyDocument {
  return { _id: idempotencyKeyId(tenantId, key), tenantId, key, fingerprint, result: { id: eventId, deliveries: 2 }, createdAt: at, expiresAt: new Date(at.getTime() + idempotencyWindowMs) }
}

function item(eventId: string, key?: string): PublishItem {
  const at = new Date()
  const event = { _id: eventId, tenantId, type: 'media.updated', portalEventId: 'X', envelopeJson: '{}', createdAt: at }
  return { event, deliveries: apps.map((app) => newDelivery({ app, event, at })), ...(key ? { key: keyRecord(key, eventId, at) } : {}) }
}

function requestKey(key: string, fingerprint = 'batch'): RequestKey {
  return { key, record: () => ({ ...keyRecord(key, 'unused', new Date(), fingerprint), result: { events: [] } }) }
}

async function stored(pinnedStore: PinnedStore) {
  const collections = hooklineCollections(pinnedStore.db)
  const counters = await collections.deliveryStats.find({ tenantId }).toArray()
  return {
    events: (await collections.events.find({}, { projection: { _id: 1 } }).toArray()).map((event) => event._id).sort(),
    deliveries: await collections.deliveries.countDocuments({}),
    keys: (await collections.idempotencyKeys.find({}).toArray()).map((record) => `${record.key}→${JSON.stringify(record.result)}`).sort(),
    // What the overview counts as pending: it must follow the deliveries that stayed.
    pending: counters.flatMap((day) => Object.values(day.hours ?? {}).flatMap((byApp) => Object.values(byApp).map((counts) => counts.pending ?? 0))).reduce((sum, count) => sum + count, 0),
  }
}

describe('without transactions (in steps)', () => {
  it('stores items with their keys, and answers a held key with its holder, taking that item back', async () => {
    const pinnedStore = await pinned('steps_keys', false)
    const { store, sent } = pinnedStore
    expect(await store.publishes.allOrNothing()).toBe(false)
    await store.publishes.record(tenantId, [item('evt_first', 'k1')])
    const outcome = await store.publishes.record(tenantId, [item('evt_second', 'k1'), item('evt_third', 'k2'), item('evt_fourth')])
    expect([...outcome.taken.keys()]).toEqual(['k1'])
    expect(outcome.taken.get('k1')!.result).toEqual({ id: 'evt_first', deliveries: 2 })
    expect(outcome.requestKeyHolder).toBeUndefined()
    expect(await stored(pinnedStore)).toEqual({
      events: ['evt_first', 'evt_fourth', 'evt_third'],
      deliveries: 6,
      keys: ['k1→{"id":"evt_first","deliveries":2}', 'k2→{"id":"evt_third","deliveries":2}'],
      pending: 6,
    })
    expect(sent('insert').some((command) => command.autocommit === false)).toBe(false)
  })

  it('stores nothing of a batch whose request key another request holds, and answers with the holder', async () => {
    const pinnedStore = await pinned('steps_request', false)
    const { store } = pinnedStore
    await store.publishes.record(tenantId, [item('evt_a', 'a')], requestKey('batch-1', 'first'))
    const before = await stored(pinnedStore)
    const outcome = await store.publishes.record(tenantId, [item('evt_b', 'b'), item('evt_c')], requestKey('batch-1', 'second'))
    expect(outcome.requestKeyHolder?.fingerprint).toBe('first')
    expect(await stored(pinnedStore)).toEqual(before)
  })
})

describe('publishes that name no key, shared by concurrent requests (recordUnkeyed)', () => {
  it('stores every request’s events, then their deliveries, in one insert each, counted on the overview', async () => {
    const pinnedStore = await pinned('steps_unkeyed', false)
    const { store, sent } = pinnedStore
    // Two requests' events, as the API's publish group hands them on together.
    await store.publishes.recordUnkeyed([item('evt_u1'), item('evt_u2'), item('evt_u3')])
    expect(await stored(pinnedStore)).toEqual({ events: ['evt_u1', 'evt_u2', 'evt_u3'], deliveries: 6, keys: [], pending: 6 })
    const inserts = sent('insert').filter((command) => ['events', 'deliveries'].includes(command.insert))
    expect(inserts.map((command) => [command.insert, command.documents.length])).toEqual([
      ['events', 3],
      ['deliveries', 6],
    ])
    expect(sent('insert').some((command) => command.autocommit === false)).toBe(false)
  })

  it('writes them in one transaction where the server has them', async () => {
    const pinnedStore = await pinned('txn_unkeyed', true)
    const { store, sent } = pinnedStore
    const outcome = await store.publishes.recordUnkeyed([item('evt_ut1'), item('evt_ut2')]).then(
      () => ({ recorded: true }),
      (error: unknown) => ({ error }),
    )
    const inserts = sent('insert').filter((command) => ['events', 'deliveries'].includes(command.insert))
    expect(inserts.map((command) => command.insert)).toEqual(['events', 'deliveries'].slice(0, inserts.length))
    expect(inserts[0]!.startTransaction).toBe(true)
    for (const command of inserts) expect(command.autocommit).toBe(false)
    if ('recorded' in outcome) expect((await stored(pinnedStore)).events).toEqual(['evt_ut1', 'evt_ut2'])
    else {
      console.log(`the server refused the transaction: ${(outcome.error as Error).message}`)
      expect(outcome.error).toBeInstanceOf(Error)
    }
  })
})

describe('with transactions', () => {
  it('writes keys, events and deliveries in one transaction, keys first, with no compensating delete', async () => {
    const pinnedStore = await pinned('txn_publish', true)
    const { store, sent } = pinnedStore
    expect(await store.publishes.allOrNothing()).toBe(true)
    const outcome = await store.publishes
      .record(tenantId, [item('evt_txn', 'kt')], requestKey('batch-t'))
      .then((recorded) => ({ recorded }), (error: unknown) => ({ error }))
    const inserts = sent('insert').filter((command) => ['idempotency_keys', 'events', 'deliveries'].includes(command.insert))
    expect(inserts.map((command) => command.insert)).toEqual(['idempotency_keys', 'events', 'deliveries'].slice(0, inserts.length))
    expect(inserts[0]!.startTransaction).toBe(true)
    expect(inserts[0]!.documents.map((record: IdempotencyKeyDocument) => record.key)).toEqual(['batch-t', 'kt'])
    for (const command of inserts) expect(command.autocommit).toBe(false)
    expect(sent('delete')).toEqual([])
    if ('recorded' in outcome) {
      expect(outcome.recorded.taken.size).toBe(0)
      expect((await stored(pinnedStore)).events).toEqual(['evt_txn'])
    } else {
      // This server refuses transactions (the profile was forced); the refusal surfaces to the caller.
      console.log(`the server refused the transaction: ${(outcome.error as Error).message}`)
      expect(outcome.error).toBeInstanceOf(Error)
    }
  })
})
