// A publish that meets a database going away answers 503 and leaves nothing
// half-written: no event without its deliveries, no delivery the worker
// would send after all, no idempotency key answering with an event that is
// gone. The writes fail here the way they fail in an outage — the driver's
// network error after part of the documents were stored — by wrapping the
// store's repositories around the real database.
import { MongoBulkWriteError, MongoNetworkError } from 'mongodb'
import { jobRecords } from '@hookline/queue'
import { isDatabaseUnavailable, openStore, type PublishWriters, type Store } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEventRegistry } from '../src/catalog.ts'
import { publishEvents, type PublishDependencies } from '../src/services/publish-events.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

let t: DeliveryApi
let tenantId: string
let registry: Awaited<ReturnType<typeof loadEventRegistry>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an example payload as the catalog gives it
let example: any

beforeAll(async () => {
  t = await startDeliveryApi('api-publish-withdrawal', { worker: false })
  tenantId = (await t.createTenant('Outage portal')).tenantId
  await t.createApp(tenantId, { events: { categories: ['media'], types: [] } })
  await t.createApp(tenantId, { events: { categories: ['media'], types: [] } })
  registry = await loadEventRegistry()
  example = registry.getEvent('media.updated')!.example
})
afterAll(() => t.close())

const connectionClosed = () => new MongoBulkWriteError(new MongoNetworkError('connection 6 to 127.0.0.1:27017 closed') as never, {} as never)

/**
 * A second store on the same database whose repositories named in `failing`
 * have those methods replaced, wired in before a publish writes through them.
 */
function storeWith(failing: { [R in keyof PublishWriters]?: Partial<PublishWriters[R]> }): Store {
  return openStore(t.database.db, {
    secretKey: t.secretKey,
    decorate: (writers) => ({
      events: { ...writers.events, ...failing.events },
      deliveries: { ...writers.deliveries, ...failing.deliveries },
      idempotencyKeys: { ...writers.idempotencyKeys, ...failing.idempotencyKeys },
    }),
  })
}

function deps(store: Store, overrides: Partial<PublishDependencies> = {}): PublishDependencies & { warnings: string[] } {
  const warnings: string[] = []
  return {
    store,
    registry,
    queue: t.api.deliveryQueue,
    now: () => new Date(),
    withdraw: { withinMs: 10_000, retryEveryMs: 50 },
    onWarning: (message) => warnings.push(message),
    warnings,
    ...overrides,
  }
}

const stored = async () => ({
  events: await t.database.db.collection('events').countDocuments({ tenantId }),
  deliveries: await t.database.db.collection('deliveries').countDocuments({ tenantId }),
  keys: await t.database.db.collection('idempotency_keys').countDocuments({ tenantId }),
})

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a publish that fails part-way', () => {
  it('takes back the event when its deliveries could only be partly stored, and answers with an outage error', async () => {
    const before = await stored()
    const store = storeWith({
      deliveries: {
        // One of the two deliveries reaches the database before the socket closes.
        insertMany: async (documents) => {
          await t.api.store.deliveries.insertMany(documents.slice(0, 1))
          throw connectionClosed()
        },
      },
    })
    const error = await publishEvents(deps(store), tenantId, example, undefined).catch((thrown: unknown) => thrown)
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect(await eventually(stored, (now) => now.events === before.events && now.deliveries === before.deliveries)).toEqual(before)
  })

  it('takes back events, deliveries and its own per-event keys when the batch key cannot be stored; a retry then publishes once', async () => {
    const before = await stored()
    const body = { events: [{ ...example, idempotencyKey: 'withdraw-event-a' }, { ...example, idempotencyKey: 'withdraw-event-b' }] }
    const store = storeWith({
      idempotencyKeys: {
        insertMany: async (records) => {
          if (records.some((record) => record.key === 'withdraw-batch')) {
            await t.api.store.idempotencyKeys.insertMany(records)
            throw connectionClosed() // stored, but the answer never came back
          }
          return t.api.store.idempotencyKeys.insertMany(records)
        },
      },
    })
    const error = await publishEvents(deps(store), tenantId, body, 'withdraw-batch').catch((thrown: unknown) => thrown)
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect(await eventually(stored, (now) => now.keys === before.keys && now.events === before.events)).toEqual(before)

    const retry = await publishEvents(deps(t.api.store), tenantId, body, 'withdraw-batch')
    expect(retry.replayed).toBe(false)
    expect(await stored()).toEqual({ events: before.events + 2, deliveries: before.deliveries + 4, keys: before.keys + 3 })
    const replay = await publishEvents(deps(t.api.store), tenantId, body, 'withdraw-batch')
    expect(replay).toEqual({ result: retry.result, replayed: true })
  })

  it('makes a retry with the same key wait for the withdrawal instead of answering from a record that is going', async () => {
    const before = await stored()
    let removalsRefused = 3
    const store = storeWith({
      idempotencyKeys: {
        insertMany: async (records) => {
          await t.api.store.idempotencyKeys.insertMany(records)
          throw connectionClosed()
        },
        // The database is still away for the first tries of the withdrawal.
        removeAnswering: async (...args) => {
          if (removalsRefused-- > 0) throw new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017')
          return t.api.store.idempotencyKeys.removeAnswering(...args)
        },
      },
    })
    const failed = await publishEvents(deps(store), tenantId, example, 'withdraw-single').catch((thrown: unknown) => thrown)
    expect(isDatabaseUnavailable(failed)).toBe(true)
    // Sent at once, while the withdrawal is still being refused.
    const retry = await publishEvents(deps(t.api.store), tenantId, example, 'withdraw-single')
    expect(retry.replayed).toBe(false)
    const event = await t.database.db.collection('events').findOne({ _id: (retry.result as unknown as { id: string }).id as never })
    expect(event).not.toBeNull()
    expect(await stored()).toEqual({ events: before.events + 1, deliveries: before.deliveries + 2, keys: before.keys + 1 })
  })

  it('answers 202 once the event is stored even when the queue cannot take it, tries again, and leaves it to the sweep after the last try', async () => {
    const before = await stored()
    let tries = 0
    const queue = {
      enqueue: async () => {
        tries++
        return Promise.reject(new MongoNetworkError('connection closed'))
      },
      close: async () => {},
    }
    const publishing = deps(t.api.store, { queue, requeueDelaysMs: [20, 40] })
    const outcome = await publishEvents(publishing, tenantId, example, undefined)
    expect(outcome.replayed).toBe(false)
    expect(await stored()).toMatchObject({ events: before.events + 1, deliveries: before.deliveries + 2 })
    expect(publishing.warnings).toEqual([expect.stringContaining('trying again in the background')])
    const deadline = Date.now() + 5_000
    while (publishing.warnings.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    // The first try and one per delay, then the sweep's turn.
    expect(tries).toBe(3)
    expect(publishing.warnings[1]).toContain('could still not be queued; the worker\'s sweep will queue them')
  })

  it('queues deliveries the queue refused while answering a second or so later, without waiting for the sweep', async () => {
    let refused = 0
    const queue = {
      // The database goes away for the publish's own enqueue and is back for the next try.
      enqueue: async (deliveries: Parameters<PublishDependencies['queue']['enqueue']>[0], at?: Date) => {
        if (refused++ === 0) throw new MongoNetworkError('connection closed')
        return t.api.deliveryQueue.enqueue(deliveries, at)
      },
      close: async () => {},
    }
    const publishing = deps(t.api.store, { queue, requeueDelaysMs: [200] })
    const outcome = await publishEvents(publishing, tenantId, example, undefined)
    const eventId = (outcome.result as unknown as { id: string }).id
    const deliveryIds = (await t.database.db.collection('deliveries').find({ eventId }).toArray()).map((delivery) => String(delivery._id))
    expect(deliveryIds).toHaveLength(2)
    const records = jobRecords(t.database.db)
    expect(await records.heldDeliveries(deliveryIds)).toEqual(new Set())
    const deadline = Date.now() + 5_000
    while ((await records.heldDeliveries(deliveryIds)).size < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await records.heldDeliveries(deliveryIds)).toEqual(new Set(deliveryIds))
    expect(publishing.warnings).toEqual([expect.stringContaining('trying again in the background')])
  })
})
