import { randomBytes } from 'node:crypto'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  collectionNames,
  deliveryMessageId,
  ensureNotificationCollection,
  newDelivery,
  newSortableId,
  openStore,
  serverCapabilities,
  StoreError,
  toDeliveryLogRecord,
  type DeliveryDocument,
  type EventDocument,
  type Store,
} from '../src/index.ts'

let database: TestDatabase
let store: Store

beforeAll(async () => {
  database = await openTestDatabase('store-deliveries')
  store = openStore(database.db, { secretKey: randomBytes(32) })
  await store.ensureIndexes()
})
afterAll(() => database.drop())

const minute = 60_000
const start = Date.parse('2026-03-01T10:00:00Z')

function event(id: string, type = 'media.updated'): EventDocument {
  return { _id: id, tenantId: 'ten_logs', type, portalEventId: 'MashupUpdated', envelopeJson: '{}', createdAt: new Date(start) }
}

function delivery(index: number, overrides: Partial<DeliveryDocument> = {}): DeliveryDocument {
  const at = new Date(start + index * minute)
  const appId = index % 2 === 0 ? 'app_even' : 'app_odd'
  const base = newDelivery({
    app: { _id: appId, tenantId: 'ten_logs', name: appId, endpoint: 'https://hooks.example.com/in' },
    event: { _id: `evt_${index}`, type: index % 3 === 0 ? 'comment.added' : 'media.updated', portalEventId: 'X' },
    at,
  })
  return { ...base, status: index % 4 === 0 ? 'failed' : 'succeeded', ...overrides }
}

describe('ids', () => {
  it('makes time-sortable ids and a webhook-id that depends only on event and app', () => {
    const earlier = newSortableId('evt', new Date(start))
    const later = newSortableId('evt', new Date(start + 1))
    expect(earlier).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(earlier < later).toBe(true)
    expect(deliveryMessageId('evt_1', 'app_1')).toBe(deliveryMessageId('evt_1', 'app_1'))
    expect(deliveryMessageId('evt_1', 'app_1')).not.toBe(deliveryMessageId('evt_1', 'app_2'))
    expect(deliveryMessageId('evt_1', 'app_1')).toMatch(/^msg_[0-9a-z]{24}$/)
  })
})

describe('delivery log', () => {
  const all = Array.from({ length: 12 }, (_, index) => delivery(index))

  beforeAll(async () => {
    await store.deliveries.insertMany(all)
    await store.deliveries.insertMany([{ ...delivery(99), tenantId: 'ten_other' }])
  })

  it('lists newest first with cursors, without attempts, within the tenant', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await store.deliveries.listDeliveries('ten_logs', {}, { limit: 5, cursor })
      expect(page.items.length).toBeLessThanOrEqual(5)
      for (const item of page.items) expect(item).not.toHaveProperty('attempts')
      seen.push(...page.items.map((item) => item._id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual([...all].reverse().map((item) => item._id))
  })

  it('filters by app, event type, status and time range (from inclusive, to exclusive)', async () => {
    const byApp = await store.deliveries.listDeliveries('ten_logs', { appId: 'app_odd' }, { limit: 50 })
    expect(byApp.items.map((item) => item.appId)).toEqual(Array(6).fill('app_odd'))
    const byType = await store.deliveries.listDeliveries('ten_logs', { eventType: 'comment.added' }, { limit: 50 })
    expect(byType.items).toHaveLength(4)
    const failedEven = await store.deliveries.listDeliveries('ten_logs', { status: 'failed', appId: 'app_even' }, { limit: 50 })
    expect(failedEven.items.map((item) => item._id)).toEqual([all[8]!._id, all[4]!._id, all[0]!._id])
    const range = await store.deliveries.listDeliveries(
      'ten_logs',
      { from: new Date(start + 2 * minute), to: new Date(start + 5 * minute) },
      { limit: 50 },
    )
    expect(range.items.map((item) => item._id)).toEqual([all[4]!._id, all[3]!._id, all[2]!._id])
  })

  it('streams every match in list order, and rejects a forged cursor', async () => {
    const streamed: string[] = []
    for await (const item of store.deliveries.streamDeliveries('ten_logs', { status: 'succeeded' })) streamed.push(item._id)
    const listed = await store.deliveries.listDeliveries('ten_logs', { status: 'succeeded' }, { limit: 200 })
    expect(streamed).toEqual(listed.items.map((item) => item._id))
    await expect(store.deliveries.listDeliveries('ten_logs', {}, { limit: 5, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(StoreError)
  })

  it('records a batch of progress in one write and shows it as a log record', async () => {
    const [first, second] = [delivery(20, { status: 'pending' }), delivery(21, { status: 'pending' })]
    await store.deliveries.insertMany([first, second])
    const at = new Date(start + 30 * minute)
    await store.deliveries.recordProgress([
      {
        id: first._id,
        status: 'retrying',
        attempt: {
          attempt: 1,
          startedAt: at.toISOString(),
          durationMs: 12,
          outcome: 'transient',
          requestHeaders: [{ name: 'X.Trace', value: 'a' }],
          responseStatus: 503,
          responseBodyExcerpt: 'busy',
        },
        attemptCount: 1,
        retryAttempts: 0,
        lastStatusCode: 503,
        lastError: '503 Service Unavailable',
        nextAttemptAt: new Date(at.getTime() + 5000),
        at,
      },
      { id: second._id, status: 'skipped', attemptCount: 0, retryAttempts: 0, nextAttemptAt: null, skippedReason: 'off', at },
    ])
    const stored = await store.deliveries.get('ten_logs', first._id)
    const record = toDeliveryLogRecord(stored!, { attempts: await store.deliveries.attemptsOf(stored!) })
    expect(record).toMatchObject({ status: 'retrying', lastStatusCode: 503, durationMs: 12, attemptCount: 1 })
    expect(record.attempts?.[0]?.requestHeaders).toEqual({ 'X.Trace': 'a' })
    expect((await store.deliveries.get('ten_logs', second._id))?.skippedReason).toBe('off')
    expect(await store.deliveries.get('ten_other', first._id)).toBeNull()
  })

  it('finds a batch by ids, leaving out missing ids and reading repeated ids once', async () => {
    const batch = [delivery(70), delivery(71), delivery(72)]
    await store.deliveries.insertMany(batch)
    const ids = batch.map((item) => item._id)
    const found = await store.deliveries.findByIds([...ids, ids[0]!, 'dlv_missing'])
    expect(found.map((item) => item._id).sort()).toEqual([...ids].sort())
    expect(await store.deliveries.findByIds([ids[1]!])).toMatchObject([{ _id: ids[1], appId: batch[1]!.appId }])
    expect(await store.deliveries.findByIds([])).toEqual([])
    // Created after the retention test's cut-off, so that test does not count them.
    const later = { createdAt: new Date(start + 1_000 * minute) }
    await store.events.insertMany([{ ...event('evt_batch_a'), ...later }, { ...event('evt_batch_b'), ...later }])
    const events = await store.events.findByIds(['evt_batch_a', 'evt_batch_b', 'evt_batch_missing'])
    expect(events.map((item) => item._id).sort()).toEqual(['evt_batch_a', 'evt_batch_b'])
  })

  it("skips an app's in-progress deliveries and finds overdue ones", async () => {
    const pending = [delivery(40, { status: 'pending', appId: 'app_gone' }), delivery(41, { status: 'retrying', appId: 'app_gone' })]
    await store.deliveries.insertMany(pending)
    const overdue = await store.deliveries.findOverdue(new Date(start + 100 * minute), 100)
    expect(overdue).toEqual(expect.arrayContaining(pending.map((item) => item._id)))
    expect(await store.deliveries.skipInProgress('app_gone', 'turned off', new Date())).toBe(2)
    expect(await store.deliveries.findOverdue(new Date(start + 100 * minute), 100)).not.toContain(pending[0]!._id)
  })
})

describe('events, idempotency keys and retention', () => {
  it('purges old events only once no delivery references them', async () => {
    await store.events.insertMany([event('evt_keep'), event('evt_drop')])
    await store.deliveries.insertMany([delivery(60, { eventId: 'evt_keep' })])
    expect(await store.events.purge(new Date(start + minute))).toBe(1)
    expect(await store.events.get('ten_logs', 'evt_keep')).not.toBeNull()
    expect(await store.events.get('ten_logs', 'evt_drop')).toBeNull()
  })

  it('reports keys another request stored first and forgets expired ones', async () => {
    const now = new Date(start)
    const record = (key: string, id: string) => ({
      _id: `ten_logs:${key}`,
      tenantId: 'ten_logs',
      key,
      fingerprint: 'f',
      result: { id, deliveries: 1 },
      createdAt: now,
      expiresAt: new Date(start + minute),
    })
    expect(await store.idempotencyKeys.insertMany([record('a', 'evt_a')])).toEqual(new Set())
    expect(await store.idempotencyKeys.insertMany([record('a', 'evt_x'), record('b', 'evt_b')])).toEqual(new Set(['a']))
    const found = await store.idempotencyKeys.find('ten_logs', ['a', 'b', 'c'], now)
    expect(found.get('a')?.result).toEqual({ id: 'evt_a', deliveries: 1 })
    expect([...found.keys()].sort()).toEqual(['a', 'b'])
    expect(await store.idempotencyKeys.find('ten_other', ['a'], now)).toEqual(new Map())
    expect(await store.idempotencyKeys.purgeExpired(new Date(start + 2 * minute))).toBe(2)
  })

  it('keeps the notification collection capped, replacing a plain one', async () => {
    const db = database.db
    await db.collection(collectionNames.agendaNotifications).drop().catch(() => undefined)
    await db.collection(collectionNames.agendaNotifications).insertOne({ plain: true })
    await ensureNotificationCollection(db, { cappedCollections: true })
    await ensureNotificationCollection(db, { cappedCollections: true })
    const [info] = await db.listCollections({ name: collectionNames.agendaNotifications }).toArray()
    // Where the server only pretends to cap (FerretDB 2 accepts `capped: true`
    // and creates a plain collection), the profile never takes this branch;
    // what the store can promise there is a fresh collection.
    const capsForReal = (await serverCapabilities(db)).cappedCollections
    expect((info as { options?: { capped?: boolean } }).options?.capped === true).toBe(capsForReal)
    expect(await db.collection(collectionNames.agendaNotifications).countDocuments()).toBe(0)
  })

  it('keeps a plain notification collection where the server cannot cap one', async () => {
    const db = database.db
    await db.collection(collectionNames.agendaNotifications).drop().catch(() => undefined)
    await db.collection(collectionNames.agendaNotifications).insertOne({ plain: true })
    await ensureNotificationCollection(db, { cappedCollections: false })
    const [info] = await db.listCollections({ name: collectionNames.agendaNotifications }).toArray()
    expect((info as { options?: { capped?: boolean } }).options?.capped).toBeUndefined()
    expect(await db.collection(collectionNames.agendaNotifications).countDocuments()).toBe(1)
  })
})
