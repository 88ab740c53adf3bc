import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../src/testing.ts'

// The operations the rest of Hookline relies on, against the real server.
describe('local database smoke test (official mongodb driver)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase('smoke')
  })
  afterAll(() => t.drop())

  it('round-trips insertOne and find', async () => {
    const items = t.db.collection<{ name: string; n: number }>('items')
    const { insertedId } = await items.insertOne({ name: 'alpha', n: 1 })
    const found = await items.find({ _id: insertedId }).toArray()
    expect(found).toEqual([{ _id: insertedId, name: 'alpha', n: 1 }])
  })

  it('findOneAndUpdate honours sort and upsert', async () => {
    const jobs = t.db.collection<{ queue: string; priority: number; taken?: boolean }>('jobs')
    await jobs.insertMany([
      { queue: 'q', priority: 1 },
      { queue: 'q', priority: 5 },
      { queue: 'q', priority: 3 },
    ])
    const taken = await jobs.findOneAndUpdate(
      { queue: 'q', taken: { $exists: false } },
      { $set: { taken: true } },
      { sort: { priority: -1 }, returnDocument: 'after' },
    )
    expect(taken).toMatchObject({ priority: 5, taken: true })

    const upserted = await jobs.findOneAndUpdate(
      { queue: 'new' },
      { $setOnInsert: { priority: 9 } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(upserted).toMatchObject({ queue: 'new', priority: 9 })
    expect(await jobs.countDocuments({ queue: 'new' })).toBe(1)
  })

  it('enforces unique and compound indexes', async () => {
    const users = t.db.collection<{ tenant: string; email: string; at: number }>('users')
    await users.createIndex({ tenant: 1, email: 1 }, { unique: true })
    await users.createIndex({ tenant: 1, at: -1 })
    await users.insertOne({ tenant: 'a', email: 'x@example.com', at: 1 })
    await users.insertOne({ tenant: 'b', email: 'x@example.com', at: 2 })
    await expect(users.insertOne({ tenant: 'a', email: 'x@example.com', at: 3 })).rejects.toMatchObject({
      code: 11000,
    })
    const names = (await users.indexes()).map((index) => index.name)
    expect(names).toEqual(expect.arrayContaining(['tenant_1_email_1', 'tenant_1_at_-1']))
  })

  it('aggregates with $match and $group, and counts', async () => {
    const logs = t.db.collection<{ app: string; status: string }>('logs')
    await logs.insertMany([
      { app: 'a', status: 'succeeded' },
      { app: 'a', status: 'failed' },
      { app: 'a', status: 'succeeded' },
      { app: 'b', status: 'succeeded' },
    ])
    const byStatus = await logs
      .aggregate<{ _id: string; count: number }>([
        { $match: { app: 'a' } },
        { $group: { _id: '$status', count: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray()
    expect(byStatus).toEqual([
      { _id: 'failed', count: 1 },
      { _id: 'succeeded', count: 2 },
    ])
    expect(await logs.countDocuments({ status: 'succeeded' })).toBe(3)
  })
})
