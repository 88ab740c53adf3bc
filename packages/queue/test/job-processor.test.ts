import { capabilityProfile, collectionNames, minimalCapabilities, pinServerCapabilities, type ServerCapabilities } from '@hookline/store'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createDeliveryQueue, createJobProcessor, jobNames, jobRecords, singleWorkerWarning } from '../src/index.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-jobs')
afterAll(() => databases.dropAll())
const pinnedDatabase = databases.pinned

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `dlv_${prefix}${index}`)

describe('the delivery queue', () => {
  it('stores 1,000 deliveries per job, due now or at the time asked, and the job records find what they hold', async () => {
    const db = pinnedDatabase('schedule', minimalCapabilities)
    const queue = createDeliveryQueue({ db, name: 'test-publisher' })
    const later = new Date(Date.now() + 60 * 60_000)
    expect(await queue.enqueue(ids('now', 2_500))).toBe(3)
    expect(await queue.enqueue(ids('later', 30), later)).toBe(1)
    await queue.close()

    const jobs = await db.collection(collectionNames.agendaJobs).find({ name: jobNames.deliver }).toArray()
    const sizes = jobs.map((job) => (job.data as { deliveryIds: string[] }).deliveryIds.length).sort((a, b) => a - b)
    expect(sizes).toEqual([30, 500, 1_000, 1_000])
    const scheduled = jobs.find((job) => (job.data as { deliveryIds: string[] }).deliveryIds[0] === 'dlv_later0')!
    expect((scheduled.nextRunAt as Date).getTime()).toBe(later.getTime())

    const records = jobRecords(db)
    expect(await records.heldDeliveries(['dlv_now0', 'dlv_later29', 'dlv_unknown'])).toEqual(new Set(['dlv_now0', 'dlv_later29']))
    const dayAgo = new Date(Date.now() - 24 * 60 * 60_000)
    await db.collection(collectionNames.agendaJobs).insertMany([
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_failed'] }, nextRunAt: null, lockedAt: null, lastFinishedAt: new Date(dayAgo.getTime() - 1) },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_failed_recently'] }, nextRunAt: null, lockedAt: null, lastFinishedAt: new Date() },
    ])
    expect(await records.heldDeliveries(['dlv_failed'])).toEqual(new Set())
    expect(await records.removeFailedDeliverJobs(dayAgo)).toBe(1)
  })
})

describe('releaseLocks', () => {
  it("hands on only the named worker's locked jobs, with an expired lock that any worker's scan takes", async () => {
    const db = pinnedDatabase('release', minimalCapabilities)
    const jobs = db.collection(collectionNames.agendaJobs)
    const now = new Date()
    await jobs.insertMany([
      // Locked but not started (a run time), and started (a one-time job's run time is gone).
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_queued'] }, nextRunAt: now, lockedAt: now, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_running'] }, nextRunAt: null, lockedAt: now, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_waiting'] }, nextRunAt: now, lockedAt: null, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_other'] }, nextRunAt: null, lockedAt: now, lastModifiedBy: 'worker-b' },
    ])
    expect(await jobRecords(db).releaseLocks('worker-a')).toBe(2)
    const locks = Object.fromEntries(
      (await jobs.find({}).toArray()).map((job) => [(job.data as { deliveryIds: string[] }).deliveryIds[0], (job.lockedAt as Date | null)?.getTime() ?? null]),
    )
    expect(locks).toEqual({ dlv_queued: 0, dlv_running: 0, dlv_waiting: null, dlv_other: now.getTime() })
  })
})

describe('the job processor', () => {
  async function warningsAtStart(profile: ServerCapabilities, label: string): Promise<string[]> {
    const warnings: string[] = []
    const processor = createJobProcessor({
      db: pinnedDatabase(label, profile),
      name: `test-${label}`,
      processEveryMs: 1_000,
      lockLifetimeMs: 10_000,
      jobConcurrency: 1,
      notificationMode: 'poll',
      notificationPollMs: 50,
      onError: (error) => warnings.push(`error: ${String(error)}`),
      onWarning: (message) => warnings.push(message),
    })
    await processor.start({ sweepEveryMs: 60_000, purgeEveryMs: 60_000 })
    await processor.stop(1_000)
    return warnings
  }

  it('says to run a single worker where findAndModify is not atomic', async () => {
    expect(await warningsAtStart(capabilityProfile(minimalCapabilities, { atomicFindAndModify: false }), 'not_atomic')).toEqual([singleWorkerWarning])
  })

  it('says nothing where findAndModify is atomic', async () => {
    expect(await warningsAtStart(capabilityProfile(minimalCapabilities, { atomicFindAndModify: true }), 'atomic')).toEqual([])
  })
})

describe('a finished batch', () => {
  it('takes up the next waiting job at once, and asks for none once the queue ran dry', async () => {
    // A client of its own that reports its commands, to count the lock attempts.
    const client = new MongoClient(databases.database.uri, { monitorCommands: true })
    const db = client.db(`${databases.database.db.databaseName}_refill`)
    pinServerCapabilities(db, capabilityProfile(minimalCapabilities, { cappedCollections: true }))
    const errors: unknown[] = []
    const processor = createJobProcessor({
      db,
      name: 'test-refill',
      // No scan during the test: only wake-up calls and refills can start a job.
      processEveryMs: 60_000,
      lockLifetimeMs: 30_000,
      jobConcurrency: 1,
      notificationMode: 'auto',
      notificationPollMs: 20,
      onError: (error) => errors.push(error),
    })
    const handled: string[][] = []
    processor.onDeliver(async (deliveryIds) => {
      handled.push(deliveryIds)
      await new Promise((resolve) => setTimeout(resolve, 50))
    })
    processor.onSweep(async () => {})
    processor.onPurge(async () => {})
    await processor.start({ sweepEveryMs: 3_600_000, purgeEveryMs: 3_600_000 })
    const lockAttempts: string[] = []
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'findAndModify' && event.command.findAndModify === collectionNames.agendaJobs) lockAttempts.push(String(event.command.findAndModify))
    }
    client.on('commandStarted', count)
    try {
      // Five jobs stored at once, for one slot: their wake-up calls come while it is taken.
      await Promise.all(Array.from({ length: 5 }, (_, index) => processor.schedule([`dlv_refill${index}`], new Date())))
      const deadline = Date.now() + 5_000
      while (handled.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(handled.flat().sort()).toEqual(['dlv_refill0', 'dlv_refill1', 'dlv_refill2', 'dlv_refill3', 'dlv_refill4'])
      // Five locks and one look that found nothing (6 measured); three blind asks after every batch made 12 or more.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const afterBacklog = lockAttempts.length
      console.log(`lock attempts for a backlog of five jobs: ${afterBacklog}`)
      expect(afterBacklog).toBeGreaterThanOrEqual(5)
      expect(afterBacklog).toBeLessThanOrEqual(8)
      // Dry and idle: no lock attempt at all.
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect(lockAttempts.length).toBe(afterBacklog)
    } finally {
      client.off('commandStarted', count)
      await processor.stop(1_000)
      await db.dropDatabase()
      await client.close()
    }
    expect(errors).toEqual([])
  })
})
