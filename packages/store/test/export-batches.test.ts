// The exports' read: the rows of the log's filter in list order, only the
// fields an export shows, a batch at a time with the next batch already
// asked for, and the query closed whenever the reader stops.
import { randomBytes } from 'node:crypto'
import { openTestDatabase } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { readAhead } from '../src/read-ahead.ts'
import { newDelivery, openStore, type AppDocument, type DeliveryDocument, type EventDocument } from '../src/index.ts'

const database = await openTestDatabase('store-export-batches')
afterAll(() => database.drop())
const store = openStore(database.db, { secretKey: randomBytes(32) })
await store.ensureIndexes()

const start = Date.UTC(2026, 2, 1)
const app: Pick<AppDocument, '_id' | 'tenantId' | 'name' | 'endpoint'> = { _id: 'app_x', tenantId: 'ten_x', name: 'Export app', endpoint: 'https://x.example.com/hook' }
const event = (index: number): Pick<EventDocument, '_id' | 'type' | 'portalEventId'> => ({ _id: `evt_x${index}`, type: index % 2 === 0 ? 'media.updated' : 'media.created', portalEventId: 'P' })

/** Seven deliveries a second apart, of both outcomes; one more for another tenant. */
const deliveries: DeliveryDocument[] = Array.from({ length: 7 }, (_, index) => ({
  ...newDelivery({ app, event: event(index), at: new Date(start + index * 1_000) }),
  status: index % 3 === 0 ? 'failed' : 'succeeded',
  retryAttempts: index % 3,
  ...(index % 3 === 0 ? { lastError: 'connection refused', lastStatusCode: 503 } : { lastStatusCode: 200 }),
}))
await store.deliveries.insertMany([...deliveries, newDelivery({ app: { ...app, tenantId: 'ten_other' }, event: event(99), at: new Date(start) })])

async function collect(batches: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const collected: unknown[][] = []
  for await (const batch of batches) collected.push(batch)
  return collected
}

describe('deliveries.exportBatches', () => {
  it('yields the filter’s rows newest first, in batches of the size asked for, with the export’s fields only', async () => {
    const batches = (await collect(store.deliveries.exportBatches('ten_x', {}, { batchSize: 3 }))) as DeliveryDocument[][]
    // A cursor's batches are 3, 3, 1; range reads (servers that walk the index in order) re-read the row each continues from and drop it: 3, 2, 2.
    expect(batches[0]).toHaveLength(3)
    expect(batches.length).toBeGreaterThanOrEqual(3)
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(3)
    const rows = batches.flat()
    expect(rows.map((row) => row._id)).toEqual([...deliveries].reverse().map((delivery) => delivery._id))
    const succeeded = deliveries[5]!
    expect(rows[1]).toEqual({
      _id: succeeded._id,
      appId: 'app_x',
      appName: 'Export app',
      eventId: 'evt_x5',
      eventType: 'media.created',
      endpoint: 'https://x.example.com/hook',
      messageId: succeeded.messageId,
      status: 'succeeded',
      retryAttempts: 2,
      lastStatusCode: 200,
      createdAt: new Date(start + 5_000),
    })
    expect(rows[0]).toMatchObject({ status: 'failed', lastError: 'connection refused', lastStatusCode: 503 })
    for (const row of rows) {
      for (const field of ['tenantId', 'portalEventId', 'attemptCount', 'durationMs', 'nextAttemptAt', 'updatedAt']) expect(row).not.toHaveProperty(field)
    }
  })

  it('applies the log’s filter', async () => {
    const failed = (await collect(store.deliveries.exportBatches('ten_x', { status: 'failed' }))).flat() as DeliveryDocument[]
    expect(failed.map((row) => row._id)).toEqual(deliveries.filter((delivery) => delivery.status === 'failed').reverse().map((delivery) => delivery._id))
    const window = (await collect(store.deliveries.exportBatches('ten_x', { from: new Date(start + 2_000), to: new Date(start + 4_000) }))).flat() as DeliveryDocument[]
    expect(window.map((row) => row._id)).toEqual([deliveries[3]!._id, deliveries[2]!._id])
    expect(await collect(store.deliveries.exportBatches('ten_none', {}))).toEqual([])
  })
})

describe('readAhead', () => {
  const cursorOver = () => database.db.collection<DeliveryDocument>('deliveries').find({ tenantId: 'ten_x' }).sort({ createdAt: -1, _id: -1 }).batchSize(2)

  it('asks for the next batch while the reader still holds the current one', async () => {
    const cursor = cursorOver()
    const batches = readAhead(cursor)
    const first = await batches.next()
    expect(first.value).toHaveLength(2)
    // A plain cursor fetches only once its buffer is read; here the next batch arrives on its own.
    await expect.poll(() => cursor.bufferedCount(), { timeout: 5_000 }).toBe(2)
    await batches.return(undefined)
  })

  /** A cursor and whether it has been closed (the driver's 'close' event). */
  function watchedCursor() {
    const cursor = cursorOver()
    const state = { cursor, closed: false }
    cursor.once('close', () => (state.closed = true))
    return state
  }

  it('closes the cursor when the reader stops early, and when it reads to the end', async () => {
    const stopped = watchedCursor()
    for await (const batch of readAhead(stopped.cursor)) {
      expect(batch).toHaveLength(2)
      break
    }
    expect(stopped.closed).toBe(true)
    // Stopped with the next batch under way: the server's cursor is killed, not left to time out.
    expect(stopped.cursor.killed).toBe(true)

    const finished = watchedCursor()
    expect((await collect(readAhead(finished.cursor))).flat()).toHaveLength(7)
    expect(finished.closed).toBe(true)
  })

  it('passes a failed fetch on to the reader', async () => {
    // An unknown query operator: every engine refuses it when the query starts. The failure must reach the reader, not vanish.
    const failing = database.db.collection('deliveries').find({ status: { $noSuchOperator: 1 } }).batchSize(2)
    await expect(collect(readAhead(failing))).rejects.toThrow()
  })
})
