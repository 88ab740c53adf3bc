import { jobRecords } from '@hookline/queue'
import { uniqueDatabaseName } from '@hookline/dev-db/testing'
import { collectionNames, type DeliveryDocument, ensureIndexes, hooklineCollections, minimalCapabilities, newDelivery, openStore, pinServerCapabilities } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpiredRecords } from '../src/maintenance/purge.ts'
import { startEngine, type Engine } from './support/engine.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'

let engine: Engine
let receiver: Receiver

beforeAll(async () => {
  engine = await startEngine('worker-maintenance')
  receiver = await startReceiver()
})
afterAll(async () => {
  await engine.close()
  await receiver.close()
})

const dayMs = 24 * 60 * 60 * 1000

describe('sweep', () => {
  it('delivers deliveries stored without a job (the API died before enqueuing), and leaves held ones alone', async () => {
    const app = await engine.createApp({ endpoint: receiver.url })
    const stranded = await engine.store.deliveries.findByIds((await engine.publish([app])).map((item) => item._id))
    // Simulate the crash: the job never existed, and the delivery is two minutes old.
    await engine.database.db.collection(collectionNames.agendaJobs).deleteMany({})
    const twoMinutesAgo = new Date(Date.now() - 120_000)
    await hooklineCollections(engine.database.db).deliveries.updateOne({ _id: stranded[0]!._id }, { $set: { createdAt: twoMinutesAgo, nextAttemptAt: twoMinutesAgo } })
    // Overdue too, but a waiting job holds it: the sweep must not add a second one.
    const held: DeliveryDocument = { ...newDelivery({ app, event: { _id: stranded[0]!.eventId, type: 'media.updated', portalEventId: 'X' }, at: twoMinutesAgo }) }
    await engine.store.deliveries.insertMany([held])
    await engine.database.db.collection(collectionNames.agendaJobs).insertOne({
      name: 'deliver',
      data: { deliveryIds: [held._id] },
      type: 'normal',
      priority: 0,
      nextRunAt: new Date(Date.now() + 3_600_000),
      lockedAt: null,
    })

    await engine.startWorker({ sweepEveryMs: 500, sweepGraceMs: 60_000 })
    const [request] = await receiver.waitFor(1, 10_000)
    expect(request!.headers['webhook-id']).toBe(stranded[0]!.messageId)
    await engine.waitForDelivery(stranded[0]!._id, (item) => item.status === 'succeeded')
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    expect(receiver.requests).toHaveLength(1)
    const heldJobs = await engine.database.db.collection(collectionNames.agendaJobs).countDocuments({ 'data.deliveryIds': held._id })
    expect(heldJobs).toBe(1)
  })
})

describe('purge-logs', () => {
  it('deletes logs past retention, events nothing references, expired keys and old failed jobs', async () => {
    // A server without TTL indexes, in a database of its own: the engine's
    // database has the real server's TTL indexes (DocumentDB has them), whose
    // background job may delete the old rows before the purge does. Here the
    // purge deletes logs and keys itself (the store's tests cover the TTL branch).
    const db = engine.database.client.db(uniqueDatabaseName('worker-purge'))
    pinServerCapabilities(db, minimalCapabilities)
    await ensureIndexes(db, minimalCapabilities)
    try {
      const store = openStore(db, { secretKey: engine.secretKey })
      const now = new Date()
      const old = new Date(now.getTime() - 31 * dayMs)
      const recent = new Date(now.getTime() - 29 * dayMs)
      const app = { _id: 'app_purge', tenantId: 'ten_purge', name: 'P', endpoint: 'https://p.example.com' }
      const event = (id: string, at: Date) => ({ _id: id, tenantId: 'ten_purge', type: 'media.updated', portalEventId: 'X', envelopeJson: '{}', createdAt: at })
      await store.events.insertMany([event('evt_purge_old', old), event('evt_purge_redelivered', old), event('evt_purge_recent', recent)])
      await store.deliveries.insertMany([
        newDelivery({ app, event: { _id: 'evt_purge_old', type: 'media.updated', portalEventId: 'X' }, at: old }),
        // A redelivery made recently keeps its (old) event alive.
        newDelivery({ app, event: { _id: 'evt_purge_redelivered', type: 'media.updated', portalEventId: 'X' }, at: recent }),
        newDelivery({ app, event: { _id: 'evt_purge_recent', type: 'media.updated', portalEventId: 'X' }, at: recent }),
      ])
      await hooklineCollections(db).idempotencyKeys.insertMany([
        { _id: 'ten_purge:a', tenantId: 'ten_purge', key: 'a', fingerprint: 'f', result: { id: 'evt_x', deliveries: 0 }, createdAt: old, expiresAt: new Date(now.getTime() - 1) },
        { _id: 'ten_purge:b', tenantId: 'ten_purge', key: 'b', fingerprint: 'f', result: { id: 'evt_y', deliveries: 0 }, createdAt: now, expiresAt: new Date(now.getTime() + dayMs) },
      ])
      await db.collection(collectionNames.agendaJobs).insertMany([
        { name: 'deliver', data: { deliveryIds: [] }, nextRunAt: null, lockedAt: null, lastFinishedAt: new Date(now.getTime() - 2 * dayMs), failReason: 'db down' },
        { name: 'deliver', data: { deliveryIds: [] }, nextRunAt: new Date(now.getTime() + 60_000), lockedAt: null },
      ])

      const summary = await purgeExpiredRecords({
        store,
        now: () => now,
        retentionDays: 30,
        removeFailedJobs: (before) => jobRecords(db).removeFailedDeliverJobs(before),
      })
      expect(summary).toEqual({ deliveries: 1, events: 1, idempotencyKeys: 1, failedJobs: 1 })
      const remaining = await hooklineCollections(db).events.find({ tenantId: 'ten_purge' }).toArray()
      expect(remaining.map((item) => item._id).sort()).toEqual(['evt_purge_recent', 'evt_purge_redelivered'])
      expect(await hooklineCollections(db).deliveries.countDocuments({ appId: 'app_purge' })).toBe(2)
    } finally {
      await db.dropDatabase().catch(() => undefined)
    }
  })
})
