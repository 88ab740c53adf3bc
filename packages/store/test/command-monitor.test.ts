// The command counts the API and the worker export on /metrics: every
// command a connectDatabase client sends, by name, with its bytes, against
// the real database.
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { connectDatabase, watchDatabaseCommands } from '../src/index.ts'

const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('command-monitor') })
afterAll(async () => {
  await connection.db.dropDatabase().catch(() => undefined)
  await connection.close()
})

function recorder() {
  const sent: { name: string; bytes: number; collection: string }[] = []
  const answered: { name: string; bytes: number; failed: boolean; collection: string }[] = []
  const stop = watchDatabaseCommands(connection.client, {
    sent: (name, bytes, collection) => sent.push({ name, bytes, collection }),
    answered: (name, bytes, failed, collection) => answered.push({ name, bytes, failed, collection }),
  })
  return { sent, answered, stop }
}

describe('watchDatabaseCommands', () => {
  it('counts each command by name with the BSON bytes it sent and received', async () => {
    const collection = connection.db.collection<{ _id: string; body: string }>('monitored')
    const seen = recorder()
    const body = 'x'.repeat(10_000)
    await collection.insertMany([
      { _id: 'a', body },
      { _id: 'b', body },
    ])
    const found = await collection.find({}).toArray()
    seen.stop()
    expect(found).toHaveLength(2)

    expect(seen.sent.map((command) => [command.name, command.collection])).toEqual([
      ['insert', 'monitored'],
      ['find', 'monitored'],
    ])
    expect(seen.answered.map((reply) => [reply.name, reply.failed, reply.collection])).toEqual([
      ['insert', false, 'monitored'],
      ['find', false, 'monitored'],
    ])
    // The two 10 kB documents travel in the insert's command and in the find's reply, not the other way round.
    const [insert, find] = seen.sent
    const [inserted, foundReply] = seen.answered
    expect(insert!.bytes).toBeGreaterThan(20_000)
    expect(find!.bytes).toBeLessThan(1_000)
    expect(inserted!.bytes).toBeLessThan(1_000)
    expect(foundReply!.bytes).toBeGreaterThan(20_000)
  })

  it('counts a command the server refuses as failed, and stops counting when told', async () => {
    const seen = recorder()
    await expect(connection.db.command({ hooklineNoSuchCommand: 1 })).rejects.toThrow()
    seen.stop()
    await connection.db.command({ ping: 1 })
    expect(seen.sent.map((command) => command.name)).toEqual(['hooklineNoSuchCommand'])
    expect(seen.answered).toEqual([{ name: 'hooklineNoSuchCommand', bytes: 0, failed: true, collection: '' }])
  })

  it('names the collection of a getMore, which the command carries in its own field', async () => {
    const collection = connection.db.collection<{ _id: number }>('paged')
    await collection.insertMany(Array.from({ length: 5 }, (_, index) => ({ _id: index })))
    const seen = recorder()
    const found = await collection.find({}, { batchSize: 2 }).toArray()
    seen.stop()
    expect(found).toHaveLength(5)
    expect(seen.sent.map((command) => [command.name, command.collection])).toEqual([
      ['find', 'paged'],
      ['getMore', 'paged'],
      ['getMore', 'paged'],
    ])
    expect(seen.answered.every((reply) => reply.collection === 'paged')).toBe(true)
  })
})
