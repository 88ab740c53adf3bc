// Concurrent publishes that name no idempotency key share their writes: the
// requests that arrive while one group is being written go together in the
// next. Writes are held open by hand here, on the real database, so which
// request joins which group is decided by the test, not by timing.
import { MongoBulkWriteError, MongoNetworkError } from 'mongodb'
import { isDatabaseUnavailable, openStore, type EventDocument, type Store } from '@hookline/store'
import type { DeliveryQueue } from '@hookline/queue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEventRegistry } from '../src/catalog.ts'
import { publishEvents, type PublishDependencies } from '../src/services/publish-events.ts'
import { createPublishGroup } from '../src/services/publish-group.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

let t: DeliveryApi
let tenantId: string
let registry: Awaited<ReturnType<typeof loadEventRegistry>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an example payload as the catalog gives it
let example: any

beforeAll(async () => {
  t = await startDeliveryApi('api-publish-group', { worker: false })
  tenantId = (await t.createTenant('Grouped portal')).tenantId
  await t.createApp(tenantId, { events: { categories: ['media'], types: [] } })
  await t.createApp(tenantId, { events: { categories: ['media'], types: [] } })
  registry = await loadEventRegistry()
  example = registry.getEvent('media.updated')!.example
})
afterAll(() => t.close())

/** Event inserts as the store sends them, the first of them held until `release`. */
function heldEventInserts(failSecond = false) {
  const inserts: number[] = []
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const store: Store = openStore(t.database.db, {
    secretKey: t.secretKey,
    decorate: (writers) => ({
      ...writers,
      events: {
        ...writers.events,
        async insertMany(documents: readonly EventDocument[]) {
          inserts.push(documents.length)
          if (inserts.length === 1) await held
          await writers.events.insertMany(documents)
          if (failSecond && inserts.length === 2) throw new MongoBulkWriteError(new MongoNetworkError('connection 7 to 127.0.0.1:27017 closed') as never, {} as never)
        },
      },
    }),
  })
  return { store, inserts, release }
}

/** The real queue, with the deliveries of each enqueue recorded. */
function countingQueue(refuse = false): DeliveryQueue & { calls: number[] } {
  const calls: number[] = []
  return {
    calls,
    async enqueue(deliveries, at) {
      calls.push(deliveries.length)
      if (refuse) throw new MongoNetworkError('connection closed')
      return t.api.deliveryQueue.enqueue(deliveries, at)
    },
    close: async () => {},
  }
}

function deps(store: Store, queue: DeliveryQueue, grouped: boolean): PublishDependencies & { warnings: string[]; groups: number[] } {
  const warnings: string[] = []
  const groups: number[] = []
  return {
    groups,
    store,
    registry,
    queue,
    now: () => new Date(),
    withdraw: { withinMs: 10_000, retryEveryMs: 50 },
    requeueDelaysMs: [60_000],
    onWarning: (message) => warnings.push(message),
    warnings,
    ...(grouped ? { group: createPublishGroup(store, queue, { onGroup: (requests) => groups.push(requests) }) } : {}),
  }
}

const stored = async () => ({
  events: await t.database.db.collection('events').countDocuments({ tenantId }),
  deliveries: await t.database.db.collection('deliveries').countDocuments({ tenantId }),
})

/** Lets every request that can run up to its group's write do so. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

describe('publishes without idempotency keys', () => {
  it('write the requests that came during a write together, once each for events and for the queue', async () => {
    const before = await stored()
    const { store, inserts, release } = heldEventInserts()
    const queue = countingQueue()
    const publishing = deps(store, queue, true)
    const first = publishEvents(publishing, tenantId, example, undefined)
    await settle()
    const batch = { events: [example, example] }
    const behind = [publishEvents(publishing, tenantId, example, undefined), publishEvents(publishing, tenantId, batch, undefined), publishEvents(publishing, tenantId, example, undefined)]
    await settle()
    release()
    const outcomes = await Promise.all([first, ...behind])
    expect(inserts).toEqual([1, 4])
    expect(queue.calls).toEqual([2, 8])
    expect(publishing.groups).toEqual([1, 3])
    // Each request answers for its own events only.
    expect(outcomes.map((outcome) => ('events' in outcome.result ? outcome.result.events.length : 1))).toEqual([1, 1, 2, 1])
    const ids = outcomes.flatMap((outcome) => ('events' in outcome.result ? outcome.result.events : [outcome.result]).map((event) => event.id))
    expect(new Set(ids).size).toBe(5)
    expect(await stored()).toEqual({ events: before.events + 5, deliveries: before.deliveries + 10 })
  })

  it('are each written alone without a group, as before', async () => {
    const { store, inserts, release } = heldEventInserts()
    const queue = countingQueue()
    const publishing = deps(store, queue, false)
    const first = publishEvents(publishing, tenantId, example, undefined)
    await settle()
    const behind = [publishEvents(publishing, tenantId, example, undefined), publishEvents(publishing, tenantId, example, undefined)]
    await settle()
    release()
    await Promise.all([first, ...behind])
    expect(inserts.length).toBe(3)
    expect(queue.calls).toEqual([2, 2, 2])
  })

  it('fail together when their group cannot be stored, each taking its own writes back, while the group before stays', async () => {
    const before = await stored()
    const { store, release } = heldEventInserts(true)
    const publishing = deps(store, countingQueue(), true)
    const first = publishEvents(publishing, tenantId, example, undefined)
    await settle()
    const behind = [publishEvents(publishing, tenantId, example, undefined), publishEvents(publishing, tenantId, example, undefined)].map((call) => call.catch((error: unknown) => error))
    await settle()
    release()
    await first
    for (const error of await Promise.all(behind)) expect(isDatabaseUnavailable(error)).toBe(true)
    const deadline = Date.now() + 10_000
    let now = await stored()
    while (now.events !== before.events + 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      now = await stored()
    }
    expect(now).toEqual({ events: before.events + 1, deliveries: before.deliveries + 2 })
  })

  it('answer 202 when the queue refuses their group, each queued again in the background', async () => {
    const before = await stored()
    const { store, release } = heldEventInserts()
    const queue = countingQueue(true)
    const publishing = deps(store, queue, true)
    const first = publishEvents(publishing, tenantId, example, undefined)
    await settle()
    const behind = [publishEvents(publishing, tenantId, example, undefined), publishEvents(publishing, tenantId, example, undefined)]
    await settle()
    release()
    const outcomes = await Promise.all([first, ...behind])
    expect(outcomes.every((outcome) => !outcome.replayed)).toBe(true)
    expect(queue.calls).toEqual([2, 4])
    expect(await stored()).toEqual({ events: before.events + 3, deliveries: before.deliveries + 6 })
    expect(publishing.warnings).toEqual([
      expect.stringContaining('2 stored deliveries could not be queued now'),
      expect.stringContaining('2 stored deliveries could not be queued now'),
      expect.stringContaining('2 stored deliveries could not be queued now'),
    ])
  })
})
