// Page reads in one reply that closes its cursor (read-first-batch.ts), and
// reads by id that recover what a single reply cannot hold or does not find.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { MongoClient, type CommandStartedEvent } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findByIds } from '../src/find-by-ids.ts'
import { readFirstBatch } from '../src/read-first-batch.ts'
import { capabilityProfile, fullCapabilities } from '../src/index.ts'

let database: TestDatabase
let client: MongoClient
const commands: CommandStartedEvent[] = []
beforeAll(async () => {
  database = await openTestDatabase('store-first-batch')
  client = await MongoClient.connect(database.uri, { monitorCommands: true })
  client.on('commandStarted', (event) => commands.push(event))
  await client.db(database.db.databaseName).collection('rows').insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: `r${String(n).padStart(3, '0')}` as never, n })))
})
afterAll(async () => {
  await client?.close()
  await database?.drop()
})

const rows = () => client.db(database.db.databaseName).collection<{ _id: string; n: number }>('rows')
const since = (mark: number) => commands.slice(mark).map((event) => event.commandName)

describe('readFirstBatch', () => {
  it('returns up to the limit, more than a default first batch (101), in one find that leaves no cursor', async () => {
    const mark = commands.length
    const got = await readFirstBatch(rows().find({}).sort({ n: -1 }), 250)
    expect(got.map((row) => row.n)).toEqual(Array.from({ length: 250 }, (_, n) => 299 - n))
    expect(since(mark)).toEqual(['find'])
    expect(commands[mark]!.command).toMatchObject({ limit: 250, singleBatch: true })
  })

  it('returns what there is when fewer rows match than the limit', async () => {
    expect(await readFirstBatch(rows().find({ n: { $gte: 295 } }).sort({ n: 1 }), 50)).toHaveLength(5)
  })
})

describe('findByIds with filter pushdown', () => {
  const pushdown = async () => capabilityProfile(fullCapabilities, { filterPushdown: true })

  it('reads the ids in one find when all exist', async () => {
    const mark = commands.length
    const ids = ['r001', 'r150', 'r299']
    expect((await findByIds(rows(), pushdown, ids)).map((row) => row._id).sort()).toEqual(ids)
    expect(since(mark)).toEqual(['find'])
  })

  it('asks again for the ids the single reply did not bring, and leaves out those that do not exist', async () => {
    const mark = commands.length
    const found = await findByIds(rows(), pushdown, ['r010', 'r_missing', 'r020'])
    expect(found.map((row) => row._id).sort()).toEqual(['r010', 'r020'])
    expect(since(mark)).toEqual(['find', 'find'])
    expect(commands[mark + 1]!.command.filter).toEqual({ _id: { $in: ['r_missing'] } })
  })
})
