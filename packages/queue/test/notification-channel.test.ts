import { toJobId, type JobNotification } from 'agenda'
import { afterAll, describe, expect, it } from 'vitest'
import { capabilityProfile, collectionNames, fullCapabilities, minimalCapabilities, serverCapabilities } from '@hookline/store'
import { MongoNotificationChannel } from '../src/mongo-notification-channel.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-notifications')
const { database } = databases
afterAll(() => databases.dropAll())
/** A database of its own whose capability profile is forced, whatever the server. */
const pinnedDatabase = databases.pinned

const notification = (jobName: string, nextRunAt: Date | null = null): JobNotification => ({
  jobId: toJobId('6a0000000000000000000001'),
  jobName,
  nextRunAt,
  priority: 0,
  timestamp: new Date(),
})

function collect(channel: MongoNotificationChannel) {
  const received: { notification: JobNotification; at: number }[] = []
  channel.subscribe((item) => {
    received.push({ notification: item, at: Date.now() })
  })
  return received
}

async function until(check: () => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('MongoNotificationChannel', () => {
  it('wakes every listener in another process’s place, quickly, in the mode the database supports', async () => {
    const publisher = new MongoNotificationChannel({ db: database.db, listen: false })
    const listeners = [new MongoNotificationChannel({ db: database.db }), new MongoNotificationChannel({ db: database.db, mode: 'poll' })]
    await publisher.connect()
    for (const listener of listeners) await listener.connect()
    // A server without tailable cursors (FerretDB): there a listener polls the doorbell, forced to poll or not.
    const tails = (await serverCapabilities(database.db)).tailableCursors
    expect(listeners[0]!.mode).toBe(tails ? 'tail' : 'doorbell')
    expect(listeners[1]!.mode).toBe(tails ? 'poll' : 'doorbell')
    expect(publisher.mode).toBeUndefined()
    const received = listeners.map(collect)

    const sentAt = Date.now()
    await publisher.publish(notification('deliver'))
    await until(() => received.every((list) => list.length === 1))
    for (const list of received) expect(list[0]!.notification.jobName).toBe('deliver')
    const latencies = received.map((list) => list[0]!.at - sentAt)
    console.log(`notification latency: ${latencies.join(', ')} ms (${listeners[0]!.mode}, ${listeners[1]!.mode})`)
    expect(Math.max(...latencies)).toBeLessThan(3_000)

    for (const listener of listeners) await listener.disconnect()
    await publisher.publish(notification('deliver'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(received.map((list) => list.length)).toEqual([1, 1])
    await publisher.disconnect()
  })

  it('wakes a polling listener once per job name for a burst, with the earliest run time', async () => {
    // Entries are written where the server tails; the listener is forced to poll them. (Not capped: a
    // listener connecting would otherwise replace the uncapped collection this server made, entries and all.)
    const db = pinnedDatabase('burst', capabilityProfile(minimalCapabilities, { tailableCursors: true }))
    const publisher = new MongoNotificationChannel({ db, listen: false })
    const listener = new MongoNotificationChannel({ db, mode: 'poll', pollIntervalMs: 300 })
    await publisher.connect()
    const soon = new Date(Date.now() + 1_000)
    await publisher.publish(notification('burst', new Date(Date.now() + 5_000)))
    await publisher.publish(notification('burst', soon))
    await publisher.publish(notification('sweep'))
    // A listener's first poll also reads the last second, so it sees the whole burst at once.
    const received = collect(listener)
    await listener.connect()
    await until(() => received.some((item) => item.notification.jobName === 'burst'))
    await new Promise((resolve) => setTimeout(resolve, 400))
    const names = received.map((item) => item.notification.jobName).filter((name) => name !== 'deliver').sort()
    expect(names).toEqual(['burst', 'sweep'])
    expect(received.find((item) => item.notification.jobName === 'burst')!.notification.nextRunAt).toEqual(soon)
    await listener.disconnect()
    await publisher.disconnect()
  })

  it('with tailable cursors, never rings the doorbell and never listens to it', async () => {
    const db = pinnedDatabase('tailable', capabilityProfile(fullCapabilities, { cappedCollections: true, tailableCursors: true }))
    const publisher = new MongoNotificationChannel({ db, listen: false })
    const listener = new MongoNotificationChannel({ db, pollIntervalMs: 50 })
    await publisher.connect()
    await listener.connect()
    // It tails; on a server that then closes the cursor at once it falls back to polling the collection.
    expect(['tail', 'poll']).toContain(listener.mode)
    const received = collect(listener)
    await publisher.publish(notification('deliver'))
    await until(() => received.length === 1)
    expect(await db.collection(collectionNames.agendaDoorbell).countDocuments()).toBe(0)
    await listener.disconnect()
    await publisher.disconnect()
  })

  it('without tailable cursors, wakes a doorbell listener for each due job name, not for one scheduled later', async () => {
    const db = pinnedDatabase('doorbell', capabilityProfile(minimalCapabilities, { cappedCollections: true }))
    const publishers = [new MongoNotificationChannel({ db, listen: false }), new MongoNotificationChannel({ db, listen: false })]
    for (const publisher of publishers) await publisher.connect()
    const listener = new MongoNotificationChannel({ db, pollIntervalMs: 50 })
    const forcedToPoll = new MongoNotificationChannel({ db, mode: 'poll', pollIntervalMs: 50 })
    await listener.connect()
    await forcedToPoll.connect()
    expect(listener.mode).toBe('doorbell')
    expect(forcedToPoll.mode).toBe('doorbell')
    const receivedByForced = collect(forcedToPoll)
    const received = collect(listener)
    // Two processes ring a bell no one has rung yet at the same moment.
    await Promise.all(publishers.map((publisher) => publisher.publish(notification('doorbell-race'))))
    await publishers[0]!.publish(notification('doorbell-later', new Date(Date.now() + 60_000)))
    await until(() => received.some((item) => item.notification.jobName === 'doorbell-race'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const names = new Set(received.map((item) => item.notification.jobName))
    expect(names.has('doorbell-race')).toBe(true)
    expect(names.has('doorbell-later')).toBe(false)
    expect(receivedByForced.map((item) => item.notification.jobName)).toContain('doorbell-race')
    // Nobody here reads entries, so none is written: the ring is the whole wake-up call.
    expect(await db.collection(collectionNames.agendaNotifications).countDocuments({ jobName: { $exists: true } })).toBe(0)
    await forcedToPoll.disconnect()
    // A ring after the listener read the bell wakes it again.
    const before = received.length
    await publishers[1]!.publish(notification('doorbell-race'))
    await until(() => received.length > before)
    await listener.disconnect()
    for (const publisher of publishers) await publisher.disconnect()
  })

  it('reads the doorbell less often while nothing rings, and not at all while the listener cannot take a job', async () => {
    const db = pinnedDatabase('doorbell-idle', capabilityProfile(minimalCapabilities, { cappedCollections: true }))
    const publisher = new MongoNotificationChannel({ db, listen: false })
    await publisher.connect()
    let room = true
    let asked = 0
    // Asked once before every read of the doorbell: the count of reads.
    const listener = new MongoNotificationChannel({ db, pollIntervalMs: 20, canTakeJobs: () => (asked++, room) })
    await listener.connect()
    const received = collect(listener)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    // At 20 ms a second is 50 reads; backing off to 100 ms leaves about 13.
    expect(asked).toBeGreaterThanOrEqual(3)
    expect(asked).toBeLessThanOrEqual(20)

    room = false
    await publisher.publish(notification('deliver'))
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(received).toHaveLength(0)
    // The ring waited unread: the first read once there is room finds it.
    room = true
    await until(() => received.length === 1)
    expect(received[0]!.notification.jobName).toBe('deliver')
    await listener.disconnect()
    await publisher.disconnect()
  })

  it('nudges only this process’s subscribers, and refuses to publish before connecting', async () => {
    const channel = new MongoNotificationChannel({ db: database.db, listen: false })
    await expect(channel.publish(notification('deliver'))).rejects.toThrow(/not connected/)
    await channel.connect()
    const received = collect(channel)
    channel.nudge('deliver')
    await until(() => received.length === 1)
    expect(received[0]!.notification.nextRunAt).toBeNull()
    await channel.disconnect()
  })
})
