// A delivery's attempts live in `delivery_attempts`, one document each,
// written with the batch's progress in one insert; the delivery keeps only
// what lists and exports show. Deliveries written before the move keep their
// inline attempts, and the log still shows them. Retention removes attempts
// with their deliveries.
import { randomBytes } from 'node:crypto'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attemptLogId,
  capabilityProfile,
  collectionNames,
  hooklineCollections,
  minimalCapabilities,
  newDelivery,
  openStore,
  StoreError,
  toDeliveryLogRecord,
  type DeliveryAttemptDocument,
  type DeliveryDocument,
  type DeliveryProgress,
  type Store,
} from '../src/index.ts'
import { retentionTtlIndexes } from '../src/retention.ts'
import { openPinnedStore, type PinnedStore } from './support/pinned-store.ts'

let database: TestDatabase
let store: Store
const opened: PinnedStore[] = []
beforeAll(async () => {
  database = await openTestDatabase('store-attempt-log')
  store = openStore(database.db, { secretKey: randomBytes(32) })
  await store.ensureIndexes()
})
afterAll(async () => {
  for (const pinned of opened) await pinned.close()
  await database.drop()
})

const dayMs = 24 * 60 * 60 * 1000
const app = { _id: 'app_attempts', tenantId: 'ten_attempts', name: 'Attempts', endpoint: 'https://attempts.example.com' }
let eventNumber = 0
const delivery = (at = new Date()) => newDelivery({ app, event: { _id: `evt_attempts_${eventNumber++}`, type: 'media.updated', portalEventId: 'X' }, at })

function attemptOf(number: number, at: Date, outcome: DeliveryAttemptDocument['outcome'] = 'transient'): DeliveryAttemptDocument {
  return {
    attempt: number,
    startedAt: at.toISOString(),
    durationMs: 10 * number,
    outcome,
    requestHeaders: [
      { name: 'webhook-id', value: `msg_${number}` },
      { name: 'X.Trace', value: `t${number}` },
    ],
    responseStatus: outcome === 'success' ? 200 : 503,
    responseBodyExcerpt: outcome === 'success' ? '{"ok":true}' : `busy ${number}`,
    ...(outcome === 'success' ? {} : { error: '503 Service Unavailable' }),
  }
}

/** Attempt `number` of `target`, as the worker reports it (with what it read, unless `withFrom` is false). */
function progressOf(target: DeliveryDocument, number: number, outcome: DeliveryAttemptDocument['outcome'] = 'transient', withFrom = true): DeliveryProgress {
  const at = new Date(target.createdAt.getTime() + number * 60_000)
  const last = outcome === 'success'
  return {
    id: target._id,
    status: last ? 'succeeded' : 'retrying',
    attempt: attemptOf(number, at, outcome),
    attemptCount: number,
    retryAttempts: number - 1,
    lastStatusCode: last ? 200 : 503,
    lastError: last ? null : '503 Service Unavailable',
    nextAttemptAt: last ? null : new Date(at.getTime() + 60_000),
    at,
    ...(withFrom ? { from: { tenantId: target.tenantId, appId: target.appId, createdAt: target.createdAt, status: number === 1 ? 'pending' : 'retrying' } } : {}),
  }
}

describe('the attempt log', () => {
  it('writes each batch’s attempts in one insert, reads them back first to last, and leaves the delivery without them', async () => {
    const pinned = await openPinnedStore(database, 'batch', capabilityProfile(minimalCapabilities, { filterPushdown: true }))
    opened.push(pinned)
    await pinned.store.ensureIndexes()
    const batch = [delivery(), delivery(), delivery()]
    await pinned.store.deliveries.insertMany(batch)
    pinned.commands.length = 0
    for (const number of [1, 2]) await pinned.store.deliveries.recordProgress(batch.map((item) => progressOf(item, number)))
    await pinned.store.deliveries.recordProgress(batch.map((item) => progressOf(item, 3, 'success')))

    // One insert per batch, whatever the number of deliveries in it.
    const inserts = pinned.sent('insert').filter((command) => command.insert === collectionNames.deliveryAttempts)
    expect(inserts.map((command) => command.documents.length)).toEqual([3, 3, 3])
    for (const item of batch) {
      const [stored] = await pinned.store.deliveries.findByIds([item._id])
      expect(stored).toMatchObject({ status: 'succeeded', attemptCount: 3, durationMs: 60 })
      expect(stored!.attempts).toBeUndefined()
      const attempts = await pinned.store.deliveries.attemptsOf(stored!)
      expect(attempts).toEqual([attemptOf(1, new Date(item.createdAt.getTime() + 60_000)), attemptOf(2, new Date(item.createdAt.getTime() + 120_000)), attemptOf(3, new Date(item.createdAt.getTime() + 180_000), 'success')])
      // The log record the drawer shows: headers as an object, in attempt order.
      const record = toDeliveryLogRecord(stored!, { attempts })
      expect(record.attempts?.map((attempt) => [attempt.attempt, attempt.requestHeaders['X.Trace'], attempt.responseBodyExcerpt])).toEqual([
        [1, 't1', 'busy 1'],
        [2, 't2', 'busy 2'],
        [3, 't3', '{"ok":true}'],
      ])
    }
  })

  it('keys each attempt by delivery and number, with the tenant and the delivery’s creation time, also when the caller did not say what it read', async () => {
    const target = delivery(new Date(Date.UTC(2026, 10, 20, 8)))
    await store.deliveries.insertMany([target])
    await store.deliveries.recordProgress([progressOf(target, 1, 'success', false)])
    const raw = await hooklineCollections(database.db).deliveryAttempts.findOne({ _id: attemptLogId(target._id, 1) })
    expect(raw).toMatchObject({ deliveryId: target._id, tenantId: app.tenantId, deliveryCreatedAt: target.createdAt, attempt: 1, outcome: 'success' })
  })

  it('keeps the first record of an attempt written twice, without failing the batch', async () => {
    const target = delivery()
    await store.deliveries.insertMany([target])
    await store.deliveries.recordProgress([progressOf(target, 1)])
    const again = progressOf(target, 1)
    await expect(store.deliveries.recordProgress([{ ...again, attempt: { ...again.attempt!, responseBodyExcerpt: 'second' } }])).resolves.toBeUndefined()
    const [stored] = await store.deliveries.findByIds([target._id])
    expect((await store.deliveries.attemptsOf(stored!)).map((attempt) => attempt.responseBodyExcerpt)).toEqual(['busy 1'])
  })

  it('shows the inline attempts of a delivery written before the move, and merges the ones recorded after', async () => {
    const collections = hooklineCollections(database.db)
    const legacy = { ...delivery(), status: 'failed' as const, attemptCount: 2, retryAttempts: 1, attempts: [attemptOf(1, new Date()), attemptOf(2, new Date())] }
    const inProgress = { ...delivery(), status: 'retrying' as const, attemptCount: 1, attempts: [attemptOf(1, new Date())] }
    await collections.deliveries.insertMany([legacy, inProgress])
    await store.deliveries.recordProgress([progressOf(inProgress, 2, 'success')])

    const [legacyStored] = await store.deliveries.findByIds([legacy._id])
    expect((await store.deliveries.attemptsOf(legacyStored!)).map((attempt) => attempt.responseBodyExcerpt)).toEqual(['busy 1', 'busy 2'])
    const [mixed] = await store.deliveries.findByIds([inProgress._id])
    expect(mixed).toMatchObject({ status: 'succeeded', attemptCount: 2 })
    expect((await store.deliveries.attemptsOf(mixed!)).map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([
      [1, 'transient'],
      [2, 'success'],
    ])

    // Lists and exports read only the fields a log record shows: no inline attempts come back.
    const listed = await store.deliveries.listDeliveries(app.tenantId, { q: legacy._id }, { limit: 5 })
    expect(listed.items).toHaveLength(1)
    expect(listed.items[0]).not.toHaveProperty('attempts')
    expect(listed.items[0]).toMatchObject({ _id: legacy._id, status: 'failed', attemptCount: 2, appName: app.name })
    for await (const streamed of store.deliveries.streamDeliveries(app.tenantId, { q: legacy._id })) expect(streamed).not.toHaveProperty('attempts')
  })

  it('rejects with attempts-not-recorded when only the detail could not be written, after the statuses are stored', async () => {
    const pinned = await openPinnedStore(database, 'unwritable', capabilityProfile(minimalCapabilities, { filterPushdown: true }))
    opened.push(pinned)
    const target = delivery()
    await pinned.store.deliveries.insertMany([target])
    // An attempt document past BSON's 16 MiB limit: the driver refuses the insert (the dispatcher keeps 4 KiB of a
    // response, so this only stands in for a real failure of the attempts' write), while the delivery's update is small.
    const progress = progressOf(target, 1, 'success')
    const oversized = { ...progress, attempt: { ...progress.attempt!, responseBodyExcerpt: 'x'.repeat(17 * 1024 * 1024) } }
    const failure = await pinned.store.deliveries.recordProgress([oversized]).then(() => undefined, (error: unknown) => error)
    expect(failure).toBeInstanceOf(StoreError)
    expect(failure).toMatchObject({ code: 'attempts-not-recorded' })
    expect((failure as Error).cause).toBeInstanceOf(Error)
    const [stored] = await pinned.store.deliveries.findByIds([target._id])
    expect(stored).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 200 })
  })

  it('is purged with the deliveries, by the delivery’s creation day, where the server has no TTL indexes', async () => {
    const pinned = await openPinnedStore(database, 'purge', capabilityProfile(minimalCapabilities, { ttlIndexes: false }))
    opened.push(pinned)
    await pinned.store.ensureIndexes()
    const now = new Date()
    const old = delivery(new Date(now.getTime() - 40 * dayMs))
    const recent = delivery(new Date(now.getTime() - dayMs))
    await pinned.store.deliveries.insertMany([old, recent])
    await pinned.store.deliveries.recordProgress([progressOf(old, 1, 'success'), progressOf(recent, 1, 'success')])
    expect(await pinned.store.retention.purge(now, 30)).toMatchObject({ deliveries: 1 })
    const attempts = hooklineCollections(pinned.db).deliveryAttempts
    expect(await attempts.countDocuments({ deliveryId: old._id })).toBe(0)
    expect(await attempts.countDocuments({ deliveryId: recent._id })).toBe(1)
  })

  it('expires with its delivery where the server has TTL indexes: the same retention on the delivery’s creation time', async () => {
    const specs = retentionTtlIndexes(30)
    const ofDeliveries = specs.find((spec) => spec.collection === 'deliveries')!.index
    expect(specs.find((spec) => spec.collection === 'deliveryAttempts')?.index).toEqual({ key: { deliveryCreatedAt: 1 }, name: 'created', expireAfterSeconds: ofDeliveries.expireAfterSeconds })

    const pinned = await openPinnedStore(database, 'ttl', capabilityProfile(minimalCapabilities, { ttlIndexes: true }))
    opened.push(pinned)
    await pinned.store.ensureIndexes()
    // The plain retention index is left to retention, which makes it a TTL index (this server may refuse one).
    expect(pinned.sent('createIndexes').map((command) => `${command.createIndexes}.${command.indexes[0].name}`)).not.toContain('delivery_attempts.created')
    await pinned.store.retention.enforce(30).catch((error: unknown) => console.log(`the server refused a TTL index: ${(error as Error).message}`))
    const asked = pinned
      .sent('createIndexes')
      // The driver may send an index's key as a Map (it keeps the field order); compare it as a plain object.
      .flatMap((command) =>
        command.indexes.map((index: { name: string; key: object; expireAfterSeconds?: number }) => [
          command.createIndexes,
          index.name,
          index.key instanceof Map ? Object.fromEntries(index.key) : index.key,
          index.expireAfterSeconds,
        ]),
      )
    const deliveriesTtl = asked.find(([collection, name]) => collection === 'deliveries' && name === 'created')
    expect(deliveriesTtl?.[3]).toBe(30 * 24 * 60 * 60)
    // Asked for unless the server refused the deliveries' TTL index before it.
    const attemptsTtl = asked.find(([collection, name]) => collection === 'delivery_attempts' && name === 'created')
    if (attemptsTtl) expect(attemptsTtl).toEqual(['delivery_attempts', 'created', { deliveryCreatedAt: 1 }, 30 * 24 * 60 * 60])
    else console.log('the deliveries’ TTL index was refused first; the attempts’ was not asked for')
  })
})
