import { MongoClient, ObjectId, type Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevDatabase, type DevDatabase } from '../src/index.ts'

// FerretDB's own _id index does not match the expression its queries use (see
// ferretdb/id_index.go); our binary adds one that does. These tests read
// SQLite's query plan through FerretDB's `explain`, which reports it in
// queryPlanner.Plan for a find whose filter is a single string or ObjectId _id.

const indexedPlan = /SEARCH \S+ USING INDEX \S+_hookline_id \(<expr>=\?\)/
const indexWaitMs = 5_000

interface Doc {
  _id: string | ObjectId
  n: number
}

/** SQLite's plan for a find by `_id`, one line per plan node. */
async function planForIdLookup(db: Db, collection: string, id: Doc['_id']): Promise<string> {
  // A real query first: SQLite notices a new index on a pooled connection
  // only when a statement runs there, and EXPLAIN alone does not.
  await db.collection<Doc>(collection).findOne({ _id: id })
  const explained = await db.command({ explain: { find: collection, filter: { _id: id } } })
  const plan = (explained.queryPlanner as { Plan?: unknown }).Plan
  if (!Array.isArray(plan)) throw new Error(`explain returned no SQLite plan: ${JSON.stringify(explained)}`)
  return plan.join('\n')
}

/** Waits until lookups by `_id` use our index; returns that plan. */
async function waitForIdIndex(db: Db, collection: string, id: Doc['_id']): Promise<string> {
  const deadline = Date.now() + indexWaitMs
  let plan = await planForIdLookup(db, collection, id)
  while (!indexedPlan.test(plan)) {
    if (Date.now() > deadline) {
      throw new Error(`${db.databaseName}.${collection} still not indexed after ${indexWaitMs} ms; plan:\n${plan}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    plan = await planForIdLookup(db, collection, id)
  }
  return plan
}

function numbered(count: number, prefix: string): Doc[] {
  return Array.from({ length: count }, (_, n) => ({ _id: `${prefix}-${n}`, n }))
}

describe('FerretDB _id index keeper', () => {
  let server: DevDatabase
  let client: MongoClient

  beforeAll(async () => {
    server = await startDevDatabase({ force: 'ferretdb' })
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5_000 })
  }, 180_000)

  afterAll(async () => {
    await client?.close()
    await server?.stop()
  })

  it('indexes a new collection, so a lookup by _id searches instead of scanning', async () => {
    const db = client.db('keeper_first')
    await db.collection<Doc>('items').insertMany(numbered(20, 'item'))

    const plan = await waitForIdIndex(db, 'items', 'item-7')
    expect(plan).not.toMatch(/\bSCAN\b/)
  })

  it('indexes collections created later, in the same database and in another one', async () => {
    const first = client.db('keeper_first')
    const second = client.db('keeper_second')
    await first.collection<Doc>('later').insertMany(numbered(5, 'later'))
    await second.collection<Doc>('items').insertMany(numbered(5, 'other'))

    expect(await waitForIdIndex(first, 'later', 'later-2')).toMatch(indexedPlan)
    expect(await waitForIdIndex(second, 'items', 'other-3')).toMatch(indexedPlan)
  })

  it('indexes a database that was dropped and recreated, which holds only its new documents', async () => {
    const db = client.db('keeper_recreated')
    await db.collection<Doc>('items').insertMany(numbered(5, 'old'))
    await waitForIdIndex(db, 'items', 'old-1')

    await db.dropDatabase()
    await db.collection<Doc>('items').insertMany(numbered(3, 'new'))

    expect(await waitForIdIndex(db, 'items', 'new-1')).toMatch(indexedPlan)
    const ids = (await db.collection<Doc>('items').find().toArray()).map((doc) => doc._id).sort()
    expect(ids).toEqual(['new-0', 'new-1', 'new-2'])
  })

  it('finds, updates, replaces and deletes exactly the document named by _id once indexed', async () => {
    const db = client.db('keeper_correctness')
    const items = db.collection<Doc>('items')
    const objectIds = [new ObjectId(), new ObjectId()]
    await items.insertMany([...numbered(10, 'doc'), { _id: objectIds[0]!, n: 100 }, { _id: objectIds[1]!, n: 101 }])
    await waitForIdIndex(db, 'items', 'doc-0')
    expect(await planForIdLookup(db, 'items', objectIds[1]!)).toMatch(indexedPlan)

    for (let n = 0; n < 10; n++) expect(await items.findOne({ _id: `doc-${n}` })).toEqual({ _id: `doc-${n}`, n })
    expect(await items.findOne({ _id: objectIds[1]! })).toEqual({ _id: objectIds[1], n: 101 })
    expect(await items.findOne({ _id: 'missing' })).toBeNull()

    expect(await items.updateOne({ _id: 'doc-3' }, { $set: { n: 33 } })).toMatchObject({ matchedCount: 1, modifiedCount: 1 })
    expect(await items.updateOne({ _id: objectIds[0]! }, { $inc: { n: 1 } })).toMatchObject({ matchedCount: 1 })
    expect(await items.replaceOne({ _id: 'doc-4' }, { n: 44 })).toMatchObject({ matchedCount: 1 })
    expect(await items.updateOne({ _id: 'missing' }, { $set: { n: 0 } })).toMatchObject({ matchedCount: 0 })
    expect(await items.deleteOne({ _id: 'doc-5' })).toMatchObject({ deletedCount: 1 })
    expect(await items.deleteOne({ _id: objectIds[1]! })).toMatchObject({ deletedCount: 1 })
    await expect(items.insertOne({ _id: 'doc-6', n: 0 })).rejects.toMatchObject({ code: 11000 })

    const all = await items.find().sort({ n: 1 }).toArray()
    expect(all).toEqual([
      { _id: 'doc-0', n: 0 },
      { _id: 'doc-1', n: 1 },
      { _id: 'doc-2', n: 2 },
      { _id: 'doc-6', n: 6 },
      { _id: 'doc-7', n: 7 },
      { _id: 'doc-8', n: 8 },
      { _id: 'doc-9', n: 9 },
      { _id: 'doc-3', n: 33 },
      { _id: 'doc-4', n: 44 },
      { _id: objectIds[0], n: 101 },
    ])
  })
})
