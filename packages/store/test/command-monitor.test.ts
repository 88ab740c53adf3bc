// The command counts the API and the worker export on /metrics: every
// command a connectDatabase client sends, by name, with its bytes, against
// the real database.
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { BSON, type CommandSucceededEvent, type MongoClient } from 'mongodb'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { connectDatabase, watchDatabaseCommands } from '../src/index.ts'

const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('command-monitor') })
afterAll(async () => {
  await connection.db.dropDatabase().catch(() => undefined)
  await connection.close()
})

// The driver's own module, by path (its exports map hides it): the one instance the client uses.
const driverRequire = createRequire(import.meta.url)
const { LazyReply } = driverRequire(join(dirname(driverRequire.resolve('mongodb')), 'cmap', 'command_monitoring_events.js')) as {
  LazyReply: { prototype: { toObject(): unknown } }
}

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
  it('counts each command by name with the bytes it sent and received', async () => {
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

  it("sizes a cursor's reply from its bytes, leaving it undecoded for any listener that wants it (the driver patch)", async () => {
    const collection = connection.db.collection<{ _id: string; body: string }>('lazily')
    await collection.insertMany([
      { _id: 'a', body: 'y'.repeat(5_000) },
      { _id: 'b', body: 'z'.repeat(5_000) },
    ])
    const seen = recorder()
    const events: CommandSucceededEvent[] = []
    const keep = (event: CommandSucceededEvent) => void events.push(event)
    connection.client.on('commandSucceeded', keep)
    await collection.find({}).toArray()
    await collection.updateOne({ _id: 'a' }, { $set: { body: 'w' } })
    connection.client.off('commandSucceeded', keep)
    seen.stop()

    const [find, update] = events
    // A find's reply is a getter until read; the size came from the reply's own bytes.
    expect(Object.getOwnPropertyDescriptor(find!, 'reply')?.get).toBeTypeOf('function')
    const replySize = (find as CommandSucceededEvent & { replyByteLength: number }).replyByteLength
    // Its exact wire size: a little more than the decoded reply re-encoded, whose `ok: 1.0` and other doubles shrink to int32.
    const reencoded = BSON.calculateObjectSize(find!.reply as BSON.Document)
    expect(replySize).toBeGreaterThanOrEqual(reencoded)
    expect(replySize).toBeLessThan(reencoded + 32)
    expect((find!.reply as { cursor: { firstBatch: unknown[] } }).cursor.firstBatch).toHaveLength(2)
    expect(seen.answered[0]).toEqual({ name: 'find', bytes: replySize, failed: false, collection: 'lazily' })
    // A write's reply too, when the driver reads it as a response document; read, it is the driver's usual object.
    expect(update!.reply).toMatchObject({ n: 1 })
    const updateSize = (update as CommandSucceededEvent & { replyByteLength?: number }).replyByteLength ?? BSON.calculateObjectSize(update!.reply as BSON.Document)
    expect(seen.answered[1]!.bytes).toBe(updateSize)
  })

  it('leaves every reply undecoded while no listener reads it, the driver logging included (the driver patch)', async () => {
    const collection = connection.db.collection<{ _id: string; body: string }>('undecoded')
    await collection.insertMany([{ _id: 'a', body: 'v'.repeat(5_000) }])
    const decode = vi.spyOn(LazyReply.prototype, 'toObject')
    const events: CommandSucceededEvent[] = []
    const keep = (event: CommandSucceededEvent) => void events.push(event)
    const seen = recorder()
    connection.client.on('commandSucceeded', keep)
    try {
      expect(await collection.find({}).toArray()).toHaveLength(1)
      // Counted by name and size, and handed to a listener that keeps it: still not decoded.
      expect(seen.answered.map((reply) => reply.name)).toEqual(['find'])
      expect(decode).not.toHaveBeenCalled()
      expect((events[0]!.reply as { cursor: { firstBatch: unknown[] } }).cursor.firstBatch).toHaveLength(1)
      expect(decode).toHaveBeenCalledTimes(1)
    } finally {
      connection.client.off('commandSucceeded', keep)
      seen.stop()
      decode.mockRestore()
    }
  })

  it("sizes a command by what the driver wrote on the wire (the driver patch), or by its BSON where a driver does not say", async () => {
    const collection = connection.db.collection<{ _id: string; body: string }>('wire')
    const events: (CommandSucceededEvent & { commandByteLength?: number })[] = []
    const keep = (event: CommandSucceededEvent) => void events.push(event)
    const seen = recorder()
    connection.client.on('commandSucceeded', keep)
    const documents = [
      { _id: 'a', body: 'u'.repeat(3_000) },
      { _id: 'b', body: 't'.repeat(3_000) },
    ]
    try {
      await collection.insertMany(documents)
    } finally {
      connection.client.off('commandSucceeded', keep)
      seen.stop()
    }
    const written = events[0]!.commandByteLength!
    expect(seen.sent).toEqual([{ name: 'insert', bytes: written, collection: 'wire' }])
    // The wire carries both documents, the command around them and OP_MSG's framing.
    const documentBytes = documents.reduce((sum, document) => sum + BSON.calculateObjectSize(document), 0)
    expect(written).toBeGreaterThan(documentBytes + 21)
    expect(written).toBeLessThan(documentBytes + 400)

    // Events without the patch's sizes: the command is sized from the started event, the reply from itself.
    const unpatched = new EventEmitter()
    const counted: { name: string; bytes: number; collection: string }[] = []
    const stop = watchDatabaseCommands(unpatched as unknown as MongoClient, {
      sent: (name, bytes, collection) => counted.push({ name, bytes, collection }),
      answered: (name, bytes, _failed, collection) => counted.push({ name: `${name} answered`, bytes, collection }),
    })
    const command = { find: 'plain', filter: { _id: 'x' } }
    unpatched.emit('commandStarted', { commandName: 'find', command, requestId: 7 })
    unpatched.emit('commandSucceeded', { commandName: 'find', requestId: 7, reply: { ok: 1 } })
    stop()
    expect(counted).toEqual([
      { name: 'find', bytes: BSON.calculateObjectSize(command), collection: 'plain' },
      { name: 'find answered', bytes: BSON.calculateObjectSize({ ok: 1 }), collection: 'plain' },
    ])
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
