// The delivery log read window by window (delivery-log-page.ts): the pages,
// their order and their cursors are exactly those of one unwindowed query,
// whatever the gaps between a tenant's deliveries, and an empty tenant or a
// filter that matches nothing ends after a bounded number of queries.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilityProfile, fullCapabilities, indexCatalogue, newDelivery, StoreError, type DeliveryDocument, type DeliveryLogFilter } from '../src/index.ts'
import { defaultLogWindowOptions } from '../src/delivery-log-windows.ts'
import { openPinnedStore, type PinnedStore } from './support/pinned-store.ts'

const tenantId = 'ten_windows'
const newest = Date.UTC(2026, 5, 1, 12, 0, 0)
const minute = 60_000
const hour = 60 * minute
const day = 24 * hour
const statuses = ['succeeded', 'failed', 'pending'] as const
const types = ['media.updated', 'comment.created'] as const

function delivery(index: number, at: number, tenant = tenantId): DeliveryDocument {
  const appId = index % 2 === 0 ? 'app_even' : 'app_odd'
  const document = newDelivery({
    app: { _id: appId, tenantId: tenant, name: appId, endpoint: 'https://receiver.example.com' },
    event: { _id: `evt_w${tenant}${index}`, type: types[index % types.length]!, portalEventId: `P${index}` },
    at: new Date(at),
  })
  return { ...document, status: statuses[index % statuses.length]!, updatedAt: new Date(at + (index % 5) * minute) }
}

// Clusters far apart, so a page needs several windows: the newest 90 s; six
// deliveries sharing one instant (the cursor then continues on _id); 40 three
// hours back; 25 more than 100 days back, older than every bounded window.
const rows: DeliveryDocument[] = [
  ...Array.from({ length: 30 }, (_, i) => delivery(i, newest - i * 3_000)),
  ...Array.from({ length: 6 }, (_, i) => delivery(100 + i, newest - 2 * hour)),
  ...Array.from({ length: 40 }, (_, i) => delivery(200 + i, newest - 3 * hour - i * minute)),
  ...Array.from({ length: 25 }, (_, i) => delivery(300 + i, newest - 100 * day - i * hour)),
]
// Another tenant's deliveries, all newer: none may appear.
const otherRows = Array.from({ length: 20 }, (_, i) => delivery(400 + i, newest + hour + i * 1_000, 'ten_windows_other'))

function expected(filter: DeliveryLogFilter): string[] {
  return rows
    .filter((row) => filter.appId === undefined || row.appId === filter.appId)
    .filter((row) => filter.eventType === undefined || row.eventType === filter.eventType)
    .filter((row) => filter.status === undefined || row.status === filter.status)
    .filter((row) => filter.from === undefined || row.createdAt >= filter.from)
    .filter((row) => filter.to === undefined || row.createdAt < filter.to)
    .filter((row) => filter.changedFrom === undefined || row.updatedAt >= filter.changedFrom)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0))
    .map((row) => row._id)
}

let database: TestDatabase
let windowed: PinnedStore
let unhinted: PinnedStore
let single: PinnedStore
let ordered: PinnedStore
beforeAll(async () => {
  database = await openTestDatabase('store-log-windows')
  windowed = await openPinnedStore(database, 'windowed', capabilityProfile(fullCapabilities, { filterPushdown: true, indexOrderedSort: false, indexHints: true }))
  unhinted = await openPinnedStore(database, 'unhinted', capabilityProfile(fullCapabilities, { filterPushdown: true, indexOrderedSort: false, indexHints: false }))
  single = await openPinnedStore(database, 'single', capabilityProfile(fullCapabilities, { filterPushdown: false }))
  ordered = await openPinnedStore(database, 'ordered', capabilityProfile(fullCapabilities, { filterPushdown: true, indexOrderedSort: true }))
  for (const pinned of [windowed, unhinted, single, ordered]) {
    // The indexes a hint names exist wherever the API or the worker has started (ensureIndexes).
    await pinned.store.ensureIndexes()
    await pinned.store.deliveries.insertMany(rows.map((row) => ({ ...row })))
    await pinned.store.deliveries.insertMany(otherRows.map((row) => ({ ...row })))
  }
})
afterAll(async () => {
  await windowed?.close()
  await unhinted?.close()
  await single?.close()
  await ordered?.close()
  await database?.drop()
})

/** Every page of a list, following the cursors; the ids in order and the page sizes. */
async function walk(pinned: PinnedStore, filter: DeliveryLogFilter, limit: number, tenant = tenantId) {
  const ids: string[] = []
  const sizes: number[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 50; pages++) {
    const page = await pinned.store.deliveries.listDeliveries(tenant, filter, { limit, cursor })
    ids.push(...page.items.map((item) => item._id))
    sizes.push(page.items.length)
    if (!page.nextCursor) return { ids, sizes }
    cursor = page.nextCursor
  }
  throw new Error('more than 50 pages')
}

const deliveryFinds = (pinned: PinnedStore) => pinned.sent('find').filter((command) => command.find === 'deliveries')

describe('the delivery log read in time windows', () => {
  const filters: [string, DeliveryLogFilter][] = [
    ['no filter', {}],
    ['by app', { appId: 'app_odd' }],
    ['by status', { status: 'failed' }],
    ['by event type', { eventType: 'comment.created' }],
    ['from/to inside the gaps', { from: new Date(newest - 4 * hour), to: new Date(newest - 1 * hour) }],
    ['from only, reaching the oldest cluster', { from: new Date(newest - 100 * day - 5 * hour) }],
    ['to only, on a shared instant', { to: new Date(newest - 2 * hour + 1) }],
    ['changed since', { changedFrom: new Date(newest - 3 * hour - 10 * minute) }],
    ['two filters', { appId: 'app_even', status: 'pending' }],
  ]
  for (const [name, filter] of filters) {
    it(`lists every matching delivery once, newest first, across pages and windows: ${name}`, async () => {
      const want = expected(filter)
      expect(want.length).toBeGreaterThan(0)
      // 3 puts cursors inside the six rows sharing one instant, several of them before the cursor
      // (only where the list starts at them: on a scanning server each page is a scan).
      for (const limit of filter.to !== undefined && filter.from === undefined ? [3, 7, 50] : [7, 50]) {
        const got = await walk(windowed, filter, limit)
        expect(got.ids).toEqual(want)
        expect(got.sizes.slice(0, -1).every((size) => size === limit)).toBe(true)
        expect(await walk(unhinted, filter, limit)).toEqual(got)
        expect(await walk(single, filter, limit)).toEqual(got)
        expect(await walk(ordered, filter, limit)).toEqual(got)
      }
    })
  }

  it('starts the newest window where the hourly counters put the page’s rows, so a first page is one bounded query', async () => {
    for (const filter of [{}, { appId: 'app_odd' }, { status: 'failed' }] as DeliveryLogFilter[]) {
      const before = deliveryFinds(windowed).length
      const page = await windowed.store.deliveries.listDeliveries(tenantId, filter, { limit: 10 })
      expect(page.items.map((item) => item._id)).toEqual(expected(filter).slice(0, 10))
      const finds = deliveryFinds(windowed).slice(before)
      expect(finds, JSON.stringify(filter)).toHaveLength(1)
      // Whole hours: the newest 10 (+1) matching rows begin in the 11:00 hour (10:00 for failed).
      expect(finds[0]!.filter.createdAt.$gte.getTime() % hour).toBe(0)
    }
  })

  it('names the index whose keys make each window a range, where the server honours hints, and none where it does not', async () => {
    const indexFor: [DeliveryLogFilter, string][] = [
      [{}, 'tenant_list'],
      [{ from: new Date(newest - 4 * hour), to: new Date(newest - hour) }, 'tenant_list'],
      [{ appId: 'app_odd' }, 'tenant_app_list'],
      [{ status: 'failed' }, 'tenant_status_list'],
      [{ eventType: 'comment.created' }, 'tenant_type_list'],
      [{ appId: 'app_even', status: 'pending' }, 'tenant_app_list'],
    ]
    for (const [filter, index] of indexFor) {
      for (const [pinned, hint] of [
        [windowed, index],
        [unhinted, undefined],
      ] as const) {
        const before = deliveryFinds(pinned).length
        const first = await pinned.store.deliveries.listDeliveries(tenantId, filter, { limit: 7 })
        await pinned.store.deliveries.listDeliveries(tenantId, filter, { limit: 7, cursor: first.nextCursor! })
        const finds = deliveryFinds(pinned).slice(before)
        expect(finds.length).toBeGreaterThan(1)
        for (const command of finds) expect(command.hint, JSON.stringify(filter)).toBe(hint)
      }
    }
    const catalogue = indexCatalogue.deliveries!
    for (const name of ['tenant_list', 'tenant_app_list', 'tenant_status_list', 'tenant_type_list']) {
      const keys = Object.keys(catalogue.find((index) => index.name === name)!.key)
      expect(keys[0]).toBe('tenantId')
      expect(keys.at(-2)).toBe('createdAt')
    }
  })

  it('reads the page after a cursor in one query, its own instant included, and apart when rows tied at that instant came before it', async () => {
    const first = await windowed.store.deliveries.listDeliveries(tenantId, {}, { limit: 10 })
    let before = deliveryFinds(windowed).length
    const next = await windowed.store.deliveries.listDeliveries(tenantId, {}, { limit: 10, cursor: first.nextCursor! })
    expect(next.items.map((item) => item._id)).toEqual(expected({}).slice(10, 20))
    const finds = deliveryFinds(windowed).slice(before)
    expect(finds).toHaveLength(1)
    expect(finds[0]!.filter.createdAt.$lte).toEqual(first.items.at(-1)!.createdAt)

    // Limit 3 from the start of the six tied rows: the cursor is their third, two more share its instant before it.
    const tiedFilter: DeliveryLogFilter = { to: new Date(newest - 2 * hour + 1) }
    const tiedFirst = await windowed.store.deliveries.listDeliveries(tenantId, tiedFilter, { limit: 3 })
    before = deliveryFinds(windowed).length
    const tiedNext = await windowed.store.deliveries.listDeliveries(tenantId, tiedFilter, { limit: 3, cursor: tiedFirst.nextCursor! })
    expect(tiedNext.items.map((item) => item._id)).toEqual(expected(tiedFilter).slice(3, 6))
    const tiedFinds = deliveryFinds(windowed).slice(before)
    expect(tiedFinds.some((command) => command.filter.$and?.[0]?._id?.$lt === tiedFirst.items.at(-1)!._id)).toBe(true)
  })

  it('still sends one unwindowed query where filters are not pushed down', async () => {
    // A filter: the unfiltered first page is read from the log head there (delivery-log-head.test.ts).
    const before = deliveryFinds(single).length
    await single.store.deliveries.listDeliveries(tenantId, { appId: 'app_odd' }, { limit: 10 })
    const finds = deliveryFinds(single).slice(before)
    expect(finds).toHaveLength(1)
    expect(finds[0]!.filter.createdAt).toBeUndefined()
  })

  it('sends one unwindowed query on the designed index where the server walks it in order, a cursor’s page as one range through its instant', async () => {
    const statsReads = () => ordered.sent('find').filter((command) => command.find === 'delivery_stats').length
    const statsBefore = statsReads()
    let before = deliveryFinds(ordered).length
    const page = await ordered.store.deliveries.listDeliveries(tenantId, { appId: 'app_odd' }, { limit: 10 })
    expect(page.items.map((item) => item._id)).toEqual(expected({ appId: 'app_odd' }).slice(0, 10))
    let finds = deliveryFinds(ordered).slice(before)
    expect(finds).toHaveLength(1)
    expect(finds[0]!.filter.createdAt).toBeUndefined()
    expect(finds[0]!.hint).toBe('tenant_app_list')

    before = deliveryFinds(ordered).length
    const next = await ordered.store.deliveries.listDeliveries(tenantId, { appId: 'app_odd' }, { limit: 10, cursor: page.nextCursor! })
    expect(next.items.map((item) => item._id)).toEqual(expected({ appId: 'app_odd' }).slice(10, 20))
    finds = deliveryFinds(ordered).slice(before)
    expect(finds).toHaveLength(1)
    // One range the index walks in order, not an $or of two.
    expect(finds[0]!.filter.$or).toBeUndefined()
    expect(finds[0]!.filter.createdAt).toEqual({ $lte: page.items.at(-1)!.createdAt })
    // Without windows there is nothing to place: the hourly counters are not read.
    expect(statsReads()).toBe(statsBefore)
  })

  it('stops after a bounded number of queries for an empty tenant and for a filter that matches nothing', async () => {
    for (const [tenant, filter] of [
      ['ten_windows_empty', {}],
      [tenantId, { eventType: 'no.such.type' }],
      [tenantId, { from: new Date(newest + day) }],
    ] as [string, DeliveryLogFilter][]) {
      const before = deliveryFinds(windowed).length
      const page = await windowed.store.deliveries.listDeliveries(tenant, filter, { limit: 50 })
      expect(page).toEqual({ items: [], nextCursor: null })
      expect(deliveryFinds(windowed).length - before).toBeLessThanOrEqual(defaultLogWindowOptions.maxWindows + 1)
    }
  })

  it('never shows another tenant’s deliveries, though they are newer', async () => {
    const { ids } = await walk(windowed, {}, 50)
    expect(ids.some((id) => otherRows.some((row) => row._id === id))).toBe(false)
    expect((await walk(windowed, {}, 50, 'ten_windows_other')).ids).toHaveLength(otherRows.length)
  })

  it('searches by id with one query, and rejects a cursor it did not issue', async () => {
    const target = rows[250 - 200 + 36]!
    const before = deliveryFinds(windowed).length
    const page = await windowed.store.deliveries.listDeliveries(tenantId, { q: target._id }, { limit: 50 })
    expect(page.items.map((item) => item._id)).toEqual([target._id])
    expect(deliveryFinds(windowed).length - before).toBe(1)
    await expect(windowed.store.deliveries.listDeliveries(tenantId, {}, { limit: 5, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(StoreError)
  })
})
