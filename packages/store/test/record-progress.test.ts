// recordProgress moves the overview's counters from the status each delivery
// had just before the write. Where the worker says what it read (`from`) and
// the server evaluates filters, the write is conditional on that status and
// the extra read is saved; a delivery moved meanwhile is still counted right.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilityProfile, minimalCapabilities, newDelivery, type DeliveryDocument, type DeliveryProgress } from '../src/index.ts'
import { openPinnedStore, type PinnedStore } from './support/pinned-store.ts'

let database: TestDatabase
const opened: PinnedStore[] = []
beforeAll(async () => {
  database = await openTestDatabase('store-record-progress')
})
afterAll(async () => {
  for (const pinned of opened) await pinned.close()
  await database.drop()
})

const app = { _id: 'app_rp', tenantId: 'ten_rp', name: 'RP', endpoint: 'https://rp.example.com' }
const createdAt = new Date(Date.UTC(2026, 11, 2, 10, 15))

async function pinned(label: string, filterPushdown: boolean) {
  const store = await openPinnedStore(database, label, capabilityProfile(minimalCapabilities, { filterPushdown }))
  opened.push(store)
  return store
}

async function stored(store: PinnedStore['store'], prefix: string, count: number): Promise<DeliveryDocument[]> {
  const deliveries = Array.from({ length: count }, (_, index) =>
    newDelivery({ app, event: { _id: `evt_${prefix}${index}`, type: 'media.updated', portalEventId: 'X' }, at: createdAt }),
  )
  await store.deliveries.insertMany(deliveries)
  return store.deliveries.findByIds(deliveries.map((delivery) => delivery._id))
}

function succeeded(delivery: DeliveryDocument, withFrom: boolean): DeliveryProgress {
  const at = new Date(createdAt.getTime() + 60_000)
  return {
    id: delivery._id,
    status: 'succeeded',
    attemptCount: 1,
    retryAttempts: 0,
    lastStatusCode: 204,
    lastError: null,
    nextAttemptAt: null,
    at,
    attempt: { attempt: 1, startedAt: at.toISOString(), durationMs: 12, outcome: 'success', requestHeaders: [], responseStatus: 204, responseBodyExcerpt: '' },
    ...(withFrom ? { from: { tenantId: delivery.tenantId, appId: delivery.appId, createdAt: delivery.createdAt, status: delivery.status } } : {}),
  }
}

async function counters(store: PinnedStore['store']) {
  const [hour] = await store.deliveryStats.listHours(app.tenantId, { from: createdAt, to: new Date(createdAt.getTime() + 3_600_000) })
  return { pending: hour?.pending, succeeded: hour?.succeeded, skipped: hour?.skipped, retrying: hour?.retrying }
}

const deliveryFinds = (store: PinnedStore) => store.sent('find').filter((command) => command.find === 'deliveries').length

describe('recordProgress', () => {
  it('with what the worker read and a server that evaluates filters: one conditional update, no read', async () => {
    const store = await pinned('conditional', true)
    const read = await stored(store.store, 'c', 12)
    store.commands.length = 0
    await store.store.deliveries.recordProgress(read.map((delivery) => succeeded(delivery, true)))

    expect(deliveryFinds(store)).toBe(0)
    const updates = store.sent('update').filter((command) => command.update === 'deliveries')
    expect(updates).toHaveLength(1)
    expect(updates[0]!.updates[0].q).toEqual({ _id: read[0]!._id, status: 'pending' })
    expect(await counters(store.store)).toEqual({ pending: 0, succeeded: 12, skipped: 0, retrying: 0 })
    const after = await store.store.deliveries.findByIds(read.map((delivery) => delivery._id))
    for (const delivery of after) expect([delivery.status, (await store.store.deliveries.attemptsOf(delivery)).length, delivery.durationMs]).toEqual(['succeeded', 1, 12])
  })

  it('counts a delivery skipped after the worker read it from skipped, and still writes its attempt', async () => {
    const store = await pinned('raced', true)
    const read = await stored(store.store, 'r', 4)
    // The API turns the app off while the worker attempts: its in-progress deliveries are skipped.
    expect(await store.store.deliveries.skipInProgress(app._id, 'turned off', new Date(createdAt.getTime() + 30_000))).toBe(4)
    await store.store.deliveries.recordProgress(read.slice(0, 3).map((delivery) => succeeded(delivery, true)))

    // As without the conditional write: the attempt made is what the log says, and every count moved from where it was.
    expect(await counters(store.store)).toEqual({ pending: 0, succeeded: 3, skipped: 1, retrying: 0 })
    const after = new Map((await store.store.deliveries.findByIds(read.map((delivery) => delivery._id))).map((delivery) => [delivery._id, delivery]))
    for (const delivery of read.slice(0, 3)) expect([after.get(delivery._id)!.status, (await store.store.deliveries.attemptsOf(after.get(delivery._id)!)).length]).toEqual(['succeeded', 1])
    expect(after.get(read[3]!._id)!.status).toBe('skipped')
  })

  it('reads the statuses first where the server looks deliveries up by exact _id only, or the caller did not say', async () => {
    const store = await pinned('read-first', false)
    const read = await stored(store.store, 'f', 3)
    store.commands.length = 0
    await store.store.deliveries.recordProgress(read.map((delivery) => succeeded(delivery, true)))
    // One exact-_id read per delivery, then unconditional writes.
    expect(deliveryFinds(store)).toBe(3)
    for (const command of store.sent('update').filter((sent) => sent.update === 'deliveries')) {
      for (const statement of command.updates) expect(Object.keys(statement.q)).toEqual(['_id'])
    }
    expect(await counters(store.store)).toEqual({ pending: 0, succeeded: 3, skipped: 0, retrying: 0 })
  })
})
