// An export's read as keyset range queries (delivery-export-ranges.ts): every
// row exactly once, in (createdAt, _id) descending order, whatever the batch
// size and however many rows share one instant; on the real database.
import { openTestDatabase } from '@hookline/dev-db/testing'
import { BSON, MongoClient, type Document, type Filter } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { readExportRanges, type RawRangeFind } from '../src/delivery-export-ranges.ts'
import type { DeliveryDocument } from '../src/documents.ts'
import { newestFirst } from '../src/pagination.ts'
import { rawBatchFinder } from '../src/read-raw-batch.ts'

const database = await openTestDatabase('store-export-ranges')
afterAll(() => database.drop())

type Row = Pick<DeliveryDocument, '_id' | 'tenantId' | 'createdAt'>
const start = Date.UTC(2026, 2, 1)
/** 14 rows a second apart, 13 rows sharing one instant in the middle, and 5 more sharing the oldest instant; one row of another tenant. */
const rows: Row[] = [
  ...Array.from({ length: 14 }, (_, index) => ({ _id: `dlv_a${String(index).padStart(2, '0')}`, tenantId: 'ten_x', createdAt: new Date(start + 100_000 + index * 1_000) })),
  ...Array.from({ length: 13 }, (_, index) => ({ _id: `dlv_t${String(index).padStart(2, '0')}`, tenantId: 'ten_x', createdAt: new Date(start + 50_000) })),
  ...Array.from({ length: 5 }, (_, index) => ({ _id: `dlv_o${index}`, tenantId: 'ten_x', createdAt: new Date(start) })),
  { _id: 'dlv_other', tenantId: 'ten_other', createdAt: new Date(start + 60_000) },
]
const collection = database.db.collection<Row>('deliveries')
await collection.insertMany(rows)

/** The find the store runs, counting its queries. */
function countingFind(): { find: RawRangeFind; queries: Filter<DeliveryDocument>[] } {
  const findRaw = rawBatchFinder(database.db)
  const queries: Filter<DeliveryDocument>[] = []
  return {
    queries,
    find: (filter, limit) => {
      queries.push(filter)
      return findRaw('deliveries', { filter, sort: newestFirst, projection: { _id: 1, createdAt: 1 }, limit })
    },
  }
}

async function idsRead(find: RawRangeFind, query: Filter<DeliveryDocument>, batchSize: number): Promise<{ ids: string[]; batches: number[] }> {
  const ids: string[] = []
  const batches: number[] = []
  for await (const batch of readExportRanges(find, query, batchSize)) {
    batches.push(batch.length)
    for (const document of batch) ids.push(BSON.deserialize(document)._id as string)
  }
  return { ids, batches }
}

const expectedIds = (query: (row: Row) => boolean) =>
  rows
    .filter(query)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1))
    .map((row) => row._id)

describe('readExportRanges', () => {
  it.each([1, 2, 3, 4, 5, 7, 12, 13, 14, 31, 32, 100])('reads every row once, newest first, in batches of %i', async (batchSize) => {
    const { find } = countingFind()
    const { ids, batches } = await idsRead(find, { tenantId: 'ten_x' }, batchSize)
    expect(ids).toEqual(expectedIds((row) => row.tenantId === 'ten_x'))
    for (const size of batches) expect(size).toBeLessThanOrEqual(batchSize)
  })

  it('keeps the filter’s own bounds, inclusive from and exclusive to', async () => {
    const { find } = countingFind()
    const from = new Date(start + 50_000)
    const to = new Date(start + 105_000)
    const { ids } = await idsRead(find, { tenantId: 'ten_x', createdAt: { $gte: from, $lt: to } }, 4)
    expect(ids).toEqual(expectedIds((row) => row.tenantId === 'ten_x' && row.createdAt >= from && row.createdAt < to))
  })

  it('costs one query per batch, plus one to find the end, when no instant is shared', async () => {
    const { find, queries } = countingFind()
    const { ids } = await idsRead(find, { tenantId: 'ten_x', createdAt: { $gte: new Date(start + 100_000) } }, 5)
    expect(ids).toHaveLength(14)
    // 14 rows in batches of 5: 5, 4 new + 1 seen, 4 new + 1 seen, 1 new + 1 seen.
    expect(queries).toHaveLength(4)
  })

  it('yields nothing for a filter that matches nothing, after one query', async () => {
    const { find, queries } = countingFind()
    expect((await idsRead(find, { tenantId: 'ten_none' }, 3)).ids).toEqual([])
    expect(queries).toHaveLength(1)
  })

  it('lets the next query finish when the reader stops early, and passes a failure on', async () => {
    const { find, queries } = countingFind()
    for await (const batch of readExportRanges(find, { tenantId: 'ten_x' }, 3)) {
      expect(batch).toHaveLength(3)
      break
    }
    // The second query was sent as the first batch arrived.
    expect(queries).toHaveLength(2)

    let calls = 0
    const failing: RawRangeFind = async (filter, limit) => {
      if (++calls === 2) throw new Error('connection reset')
      return find(filter, limit)
    }
    await expect(idsRead(failing, { tenantId: 'ten_x' }, 3)).rejects.toThrow('connection reset')
  })
})

describe('rawBatchFinder', () => {
  // (The read preference is passed on too; a single server is never sent one, so it cannot be seen here.)
  it('sends the read concern the connection string names, as a collection find does', async () => {
    const uri = new URL(database.uri)
    uri.searchParams.set('readConcernLevel', 'local')
    const client = new MongoClient(uri.toString(), { monitorCommands: true })
    const sent: Document[] = []
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find') sent.push(event.command)
    })
    try {
      const db = client.db(database.db.databaseName)
      const found = await rawBatchFinder(db)('deliveries', { filter: { tenantId: 'ten_other' }, sort: newestFirst, projection: { _id: 1 }, limit: 5 })
      expect(found.map((bytes) => BSON.deserialize(bytes)._id)).toEqual(['dlv_other'])
      expect(sent.at(-1)?.readConcern).toEqual({ level: 'local' })
    } finally {
      await client.close()
    }
  })
})
