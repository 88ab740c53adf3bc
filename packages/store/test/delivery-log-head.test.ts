// The log's first page read from the tenant's log head where filters are not
// pushed down (delivery-log-head-page.ts): it equals the page of a scan
// after concurrent writers, deletions, purges, a lost or lagging head and
// rows written before heads existed; and a server with pushdown never
// touches the heads.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilityProfile, fullCapabilities, newDelivery, type DeliveryDocument } from '../src/index.ts'
import { collectionNames } from '../src/collections.ts'
import { logHeadCapacity, withAnnounced } from '../src/delivery-log-head.ts'
import { createLogHeadChain, pointerStep, versionsKept, type LogHeadDocument } from '../src/delivery-log-head-chain.ts'
import { openPinnedStoreOn, type PinnedStore } from './support/pinned-store.ts'

const noPushdown = capabilityProfile(fullCapabilities, { filterPushdown: false, transactions: false })
const start = Date.UTC(2026, 6, 1, 9, 0, 0)

let database: TestDatabase
let writers: PinnedStore[]
let reader: PinnedStore
let sequence = 0

beforeAll(async () => {
  database = await openTestDatabase('store-log-head')
  const name = `${database.db.databaseName}_head`
  // Three stores on one database: three processes writing the same tenants.
  writers = await Promise.all([0, 1, 2].map(() => openPinnedStoreOn(database.uri, name, noPushdown)))
  reader = await openPinnedStoreOn(database.uri, name, noPushdown)
})
afterAll(async () => {
  for (const store of [...(writers ?? []), reader]) await store?.close()
  await database?.drop()
})

function delivery(tenantId: string, at: number): DeliveryDocument {
  sequence++
  return newDelivery({
    app: { _id: `app_${sequence % 3}`, tenantId, name: 'Receiver', endpoint: 'https://receiver.example.com' },
    event: { _id: `evt_head${sequence}`, type: 'media.updated', portalEventId: `P${sequence}` },
    at: new Date(at),
  })
}

/** The tenant's log as a scan returns it: every delivery, newest first. */
async function scanned(tenantId: string): Promise<string[]> {
  const rows = await reader.db.collection<DeliveryDocument>(collectionNames.deliveries).find({ tenantId }).sort({ createdAt: -1, _id: -1 }).toArray()
  return rows.map((row) => row._id)
}

/** The first page and what reading it sent: finds of deliveries that were not by exact `_id` are scans. */
async function firstPage(tenantId: string, limit = 50) {
  const before = reader.commands.length
  const page = await reader.store.deliveries.listDeliveries(tenantId, {}, { limit })
  const finds = reader.commands.slice(before).filter((event) => event.commandName === 'find' && event.command.find === collectionNames.deliveries)
  const scans = finds.filter((event) => typeof event.command.filter?._id !== 'string').length
  return { ids: page.items.map((item) => item._id), nextCursor: page.nextCursor, scans }
}

async function expectScanPage(tenantId: string, limit = 50) {
  const page = await firstPage(tenantId, limit)
  const all = await scanned(tenantId)
  expect(page.ids).toEqual(all.slice(0, limit))
  expect(page.nextCursor !== null).toBe(all.length > limit)
  return page
}

/**
 * Concurrent inserts from every writer, many sharing one createdAt. The first
 * rows go alone: they create the overview's counter documents, whose first
 * upserts FerretDB 1.24 does not serialise between connections.
 */
async function writeConcurrently(tenantId: string, batches: number, from: number) {
  const write = (batch: number) => {
    const at = from + Math.floor(batch / 4) * 1_000
    const rows = Array.from({ length: 1 + (batch % 3) }, () => delivery(tenantId, at))
    return writers[batch % writers.length]!.store.deliveries.insertMany(rows)
  }
  await write(0)
  await Promise.all(Array.from({ length: batches - 1 }, (_, batch) => write(batch + 1)))
}

describe('the first page of the log through its head (no filter pushdown)', () => {
  it('scans once for a tenant whose head is not seeded, then reads the same page by _id while writers race', async () => {
    const tenantId = 'ten_head_race'
    await writeConcurrently(tenantId, 12, start)
    expect((await expectScanPage(tenantId)).scans).toBe(1)
    expect((await expectScanPage(tenantId)).scans).toBe(0)

    await writeConcurrently(tenantId, 60, start + 60_000)
    for (const limit of [1, 10, 50]) expect((await expectScanPage(tenantId, limit)).scans).toBe(0)
  })

  it('answers an empty tenant, and one smaller than a page, from a seeded head', async () => {
    const tenantId = 'ten_head_small'
    expect(await expectScanPage(tenantId)).toMatchObject({ ids: [], scans: 1 })
    expect(await expectScanPage(tenantId)).toMatchObject({ ids: [], scans: 0 })
    await writeConcurrently(tenantId, 5, start)
    const page = await expectScanPage(tenantId)
    expect(page.ids.length).toBeGreaterThan(0)
    expect(page.scans).toBe(0)
  })

  it('skips deleted rows, and scans again when too many of the head’s rows are gone', async () => {
    const tenantId = 'ten_head_removed'
    // More rows than the head keeps, so it proves its keys only down to the 200th.
    await writeConcurrently(tenantId, 120, start)
    expect((await scanned(tenantId)).length).toBeGreaterThan(logHeadCapacity)
    await expectScanPage(tenantId)
    const newest = await scanned(tenantId)
    await writers[0]!.store.deliveries.removeMany(newest.slice(0, 5))
    expect((await expectScanPage(tenantId)).scans).toBe(0)

    // Rows deleted behind the head's back (no forget): read as missing, still the scan's page.
    await reader.db.collection<DeliveryDocument>(collectionNames.deliveries).deleteMany({ _id: { $in: (await scanned(tenantId)).slice(2, 8) } })
    expect((await expectScanPage(tenantId)).scans).toBe(0)
    // Fewer live rows above the floor than a page: only a scan can prove it.
    await reader.db.collection<DeliveryDocument>(collectionNames.deliveries).deleteMany({ _id: { $in: (await scanned(tenantId)).slice(0, logHeadCapacity - 20) } })
    expect(await expectScanPage(tenantId)).toMatchObject({ scans: 1 })
    expect(await expectScanPage(tenantId)).toMatchObject({ scans: 0 })
  })

  it('keeps the scan’s page through a retention purge', async () => {
    const tenantId = 'ten_head_purged'
    const day = 86_400_000
    await Promise.all([0, 1, 2].map((back) => writers[back]!.store.deliveries.insertMany(Array.from({ length: 30 }, (_, i) => delivery(tenantId, start - back * day + i * 1_000)))))
    await expectScanPage(tenantId)
    await writers[0]!.store.deliveries.purge(new Date(start - day))
    expect((await expectScanPage(tenantId)).scans).toBe(0)
    await writers[0]!.store.deliveries.purge(new Date(start + 2 * day))
    expect(await expectScanPage(tenantId)).toMatchObject({ ids: [] })
    expect(await expectScanPage(tenantId)).toMatchObject({ ids: [], scans: 0 })
  })

  it('finds rows written before heads existed, through the scan that seeds the head', async () => {
    const tenantId = 'ten_head_legacy'
    await writeConcurrently(tenantId, 10, start)
    // Newer rows inserted straight into the collection, as a process without heads would have.
    const legacy = Array.from({ length: 20 }, (_, i) => delivery(tenantId, start + 3_600_000 + i))
    await reader.db.collection<DeliveryDocument>(collectionNames.deliveries).insertMany(legacy)
    expect((await expectScanPage(tenantId)).scans).toBe(1)
    const page = await expectScanPage(tenantId)
    expect(page.scans).toBe(0)
    expect(page.ids[0]).toBe(legacy.at(-1)!._id)
  })

  it('scans when the head is lost, and recovers when its pointer lags behind deleted versions', async () => {
    const tenantId = 'ten_head_lost'
    await writeConcurrently(tenantId, 10, start)
    await expectScanPage(tenantId)
    const heads = reader.db.collection<{ _id: string; version: number; chain?: string }>(collectionNames.deliveryLogHeads)
    await heads.deleteMany({})
    expect((await expectScanPage(tenantId)).scans).toBe(1)
    expect((await expectScanPage(tenantId)).scans).toBe(0)

    for (let round = 0; round < versionsKept + 5; round++) await writers[round % 3]!.store.deliveries.insertMany([delivery(tenantId, start + 10_000 + round)])
    await heads.updateOne({ _id: tenantId }, { $set: { version: 1 } })
    await expectScanPage(tenantId)
    await writers[0]!.store.deliveries.insertMany([delivery(tenantId, start + 20_000)])
    await expectScanPage(tenantId)
    expect((await expectScanPage(tenantId)).scans).toBe(0)
  })

  it('keeps no more than its capacity, and still proves a full page once more rows were written', async () => {
    const tenantId = 'ten_head_full'
    await expectScanPage(tenantId)
    await writeConcurrently(tenantId, 150, start)
    expect((await scanned(tenantId)).length).toBeGreaterThan(logHeadCapacity)
    expect((await expectScanPage(tenantId)).scans).toBe(0)
    const newest = (await reader.db.collection<{ _id: string; version: number; entries?: unknown[] }>(collectionNames.deliveryLogHeads).find({}).toArray()).filter((head) => head._id.startsWith(`${tenantId}#`))
    for (const version of newest) expect(version.entries!.length).toBeLessThanOrEqual(logHeadCapacity)
  })

  it('is the scan’s page for a filter or a cursor, which never read the head', async () => {
    const tenantId = 'ten_head_filtered'
    await writeConcurrently(tenantId, 20, start)
    const first = await reader.store.deliveries.listDeliveries(tenantId, {}, { limit: 5 })
    const before = reader.sent('find').length
    const second = await reader.store.deliveries.listDeliveries(tenantId, {}, { limit: 5, cursor: first.nextCursor! })
    expect(second.items.map((item) => item._id)).toEqual((await scanned(tenantId)).slice(5, 10))
    expect(reader.sent('find').slice(before).some((command) => command.find === collectionNames.deliveryLogHeads)).toBe(false)
  })
})

describe('the chain of head versions', () => {
  const key = (index: number) => ({ createdAt: new Date(start + index), id: `dlv_chain${String(index).padStart(4, '0')}` })
  const chainOn = () => createLogHeadChain(reader.db.collection<LogHeadDocument>(collectionNames.deliveryLogHeads))

  it('loses no write when processes race on one tenant', async () => {
    // Each process writes one version at a time (its group commit), all three at once.
    const processes = [chainOn(), chainOn(), chainOn()]
    await Promise.all(
      processes.map(async (chain, process) => {
        for (let index = process; index < 60; index += 3) await chain.advance('ten_chain_race', (head) => withAnnounced(head, [key(index)]))
      }),
    )
    const newest = await chainOn().read('ten_chain_race')
    expect(newest.entries.map((entry) => entry.id)).toEqual(Array.from({ length: 60 }, (_, index) => key(59 - index).id))
    const versions = await reader.db.collection(collectionNames.deliveryLogHeads).countDocuments({ _id: { $regex: /^ten_chain_race#/ } as never })
    expect(versions).toBeLessThanOrEqual(versionsKept + pointerStep)
  })

  it('does not build on a remembered version of a chain that was dropped', async () => {
    const first = chainOn()
    for (let index = 0; index < 12; index++) await first.advance('ten_chain_dropped', (head) => withAnnounced(head, [key(index)]))
    await reader.db.collection(collectionNames.deliveryLogHeads).deleteMany({})
    const second = chainOn()
    for (let index = 100; index < 110; index++) await second.advance('ten_chain_dropped', (head) => withAnnounced(head, [key(index)]))
    await first.advance('ten_chain_dropped', (head) => withAnnounced(head, [key(200)]))
    const newest = await chainOn().read('ten_chain_dropped')
    expect(newest.entries.map((entry) => entry.id)).toEqual([200, ...Array.from({ length: 10 }, (_, index) => 109 - index)].map((index) => key(index).id))
  })
})

describe('where filters are pushed down', () => {
  it('writes and reads no head', async () => {
    const pushdown = await openPinnedStoreOn(database.uri, `${database.db.databaseName}_pushdown`, fullCapabilities)
    try {
      // As every process does at start: such a server's list is read on the index designed for it, by name.
      await pushdown.store.ensureIndexes()
      const tenantId = 'ten_head_pushdown'
      await pushdown.store.deliveries.insertMany(Array.from({ length: 5 }, (_, i) => delivery(tenantId, start + i)))
      const page = await pushdown.store.deliveries.listDeliveries(tenantId, {}, { limit: 3 })
      expect(page.items).toHaveLength(3)
      await pushdown.store.deliveries.removeMany([page.items[0]!._id])
      const touched = pushdown.commands.filter((event) => Object.values(event.command).includes(collectionNames.deliveryLogHeads))
      expect(touched).toEqual([])
    } finally {
      await pushdown.close()
    }
  })
})
