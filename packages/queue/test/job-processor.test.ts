import { capabilityProfile, collectionNames, minimalCapabilities, type ServerCapabilities } from '@hookline/store'
import { MongoNetworkError } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createDeliveryQueue, createJobProcessor, jobNames, jobRecords, singleWorkerWarning } from '../src/index.ts'
import { monitoredProcessors } from './support/monitored-processor.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-jobs')
afterAll(() => databases.dropAll())
const pinnedDatabase = databases.pinned
const startMonitoredProcessor = monitoredProcessors(databases)

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

describe('releaseOrphanedLocks', () => {
  it("hands on only the named worker's locks taken before the time given that it does not keep", async () => {
    const db = pinnedDatabase('orphaned', minimalCapabilities)
    const jobs = db.collection(collectionNames.agendaJobs)
    const before = new Date(Date.now() - 1_000)
    const after = new Date(Date.now() + 60_000)
    const { insertedIds } = await jobs.insertMany([
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_orphan'] }, nextRunAt: before, lockedAt: before, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_kept'] }, nextRunAt: before, lockedAt: before, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_new'] }, nextRunAt: before, lockedAt: after, lastModifiedBy: 'worker-a' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_other'] }, nextRunAt: before, lockedAt: before, lastModifiedBy: 'worker-b' },
      { name: jobNames.deliver, data: { deliveryIds: ['dlv_free'] }, nextRunAt: before, lockedAt: null, lastModifiedBy: 'worker-a' },
    ])
    expect(await jobRecords(db).releaseOrphanedLocks('worker-a', [insertedIds[1]!], new Date())).toBe(1)
    const locks = Object.fromEntries(
      (await jobs.find({}).toArray()).map((job) => [(job.data as { deliveryIds: string[] }).deliveryIds[0], (job.lockedAt as Date | null)?.getTime() ?? null]),
    )
    expect(locks).toEqual({ dlv_orphan: 0, dlv_kept: before.getTime(), dlv_new: after.getTime(), dlv_other: before.getTime(), dlv_free: null })
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
    const handled: string[][] = []
    const { client, processor, errors, stop } = await startMonitoredProcessor('refill', async (deliveryIds) => {
      handled.push(deliveryIds)
      await new Promise((resolve) => setTimeout(resolve, 50))
    })
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
      await stop()
    }
    expect(errors).toEqual([])
  })
})

describe('a deliver job', () => {
  it('is removed after a successful run without writing its state first, and keeps the state of a run that failed', async () => {
    const ran: string[] = []
    const { client, db, errors, processor, stop } = await startMonitoredProcessor('closing', async ([deliveryId]) => {
      ran.push(deliveryId!)
      if (deliveryId === 'dlv_failing') throw new Error('the batch could not be read')
    })
    // Every write to a job after its lock: Agenda's saves (updates) and its removal (deletes).
    const writes: string[] = []
    const record = (event: { commandName: string; command: Record<string, unknown> }) => {
      if ((event.commandName === 'update' || event.commandName === 'delete') && event.command[event.commandName] === collectionNames.agendaJobs) {
        writes.push(event.commandName)
      }
    }
    client.on('commandStarted', record)
    const jobs = db.collection(collectionNames.agendaJobs)
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 5_000
      while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    try {
      await processor.schedule(['dlv_fine'], new Date())
      await until(async () => ran.includes('dlv_fine') && (await jobs.countDocuments({ name: jobNames.deliver })) === 0)
      await new Promise((resolve) => setTimeout(resolve, 100))
      // Only the removal: neither the save that starts the run nor the one that ends it.
      expect(writes).toEqual(['delete'])
      expect(await jobs.countDocuments({ name: jobNames.deliver })).toBe(0)

      writes.length = 0
      await processor.schedule(['dlv_failing'], new Date())
      await until(async () => (await jobs.countDocuments({ name: jobNames.deliver, failReason: { $ne: null } })) === 1)
      const failed = await jobs.findOne({ name: jobNames.deliver })
      // (Unlocked by the closing save; this worker may already hold it again, waiting for the retry's time.)
      expect(failed).toMatchObject({ failReason: 'the batch could not be read', failCount: 1 })
      expect(failed!.lastFinishedAt).toBeInstanceOf(Date)
      // Due again within about a second (deliver-job-retry.ts), so it still holds its delivery: the sweep leaves it be.
      expect(failed!.nextRunAt).toBeInstanceOf(Date)
      expect((failed!.nextRunAt as Date).getTime() - (failed!.lastFinishedAt as Date).getTime()).toBeLessThanOrEqual(1_300)
      expect(await processor.heldDeliveries(['dlv_failing'])).toEqual(new Set(['dlv_failing']))
      // The closing save alone: the job stays, with why it failed.
      expect(writes).toEqual(['update'])
    } finally {
      client.off('commandStarted', record)
      await stop()
    }
    expect(errors).toEqual([])
  })
})

describe('a deliver job that failed', () => {
  it('runs again a second or so later, without a scan, and is removed once it succeeds', async () => {
    const runs: number[] = []
    // No scan during the test (monitored-processor.ts): only the retry's own wake-up can start the second run.
    const { db, errors, processor, stop } = await startMonitoredProcessor('retry', async () => {
      runs.push(Date.now())
      if (runs.length === 1) throw new Error('the database restarted mid-batch')
    })
    const jobs = db.collection(collectionNames.agendaJobs)
    try {
      await processor.schedule(['dlv_flaky'], new Date())
      const deadline = Date.now() + 10_000
      while ((runs.length < 2 || (await jobs.countDocuments({ name: jobNames.deliver })) > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(runs).toHaveLength(2)
      // About a second apart (1 s ± 20 %), not the sweep's minute.
      expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(750)
      expect(await jobs.countDocuments({ name: jobNames.deliver })).toBe(0)
    } finally {
      await stop()
    }
    expect(errors).toEqual([])
  })
})

describe('locks a database outage left behind', () => {
  it('are handed on once the database is back, while the jobs this worker holds keep theirs', async () => {
    const runs: string[] = []
    const handedOn: number[] = []
    let longRunning = false
    let releaseLong!: () => void
    const longMayEnd = new Promise<void>((resolve) => (releaseLong = resolve))
    const { db, errors, processor, stop } = await startMonitoredProcessor(
      'orphans',
      async ([deliveryId]) => {
        runs.push(deliveryId!)
        if (deliveryId === 'dlv_long') {
          longRunning = true
          await longMayEnd
        }
        // The database goes away under this batch, once.
        if (deliveryId === 'dlv_outage' && runs.filter((id) => id === 'dlv_outage').length === 1) throw new MongoNetworkError('connection 3 to 127.0.0.1 closed')
      },
      { jobConcurrency: 2, orphanedLockDelaysMs: [100], onOrphanedLocksReleased: (count) => handedOn.push(count) },
    )
    const jobs = db.collection(collectionNames.agendaJobs)
    const until = async (check: () => boolean | Promise<boolean>) => {
      const deadline = Date.now() + 5_000
      while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    try {
      // A job this worker holds and runs through the outage.
      await processor.schedule(['dlv_long'], new Date())
      await until(() => longRunning)
      // A lock this worker wrote whose answer the outage lost: it holds it in the database, not in memory.
      const now = new Date()
      await jobs.insertOne({ name: jobNames.deliver, data: { deliveryIds: ['dlv_orphan'] }, priority: 0, nextRunAt: now, lockedAt: now, lastModifiedBy: 'test-orphans' })
      await processor.schedule(['dlv_outage'], new Date())
      // No scan runs and the lock lasts 30 s: only the release can start it.
      await until(() => runs.includes('dlv_orphan'))
      expect(runs).toContain('dlv_orphan')
      expect(handedOn).toEqual([1])
      // The running job kept its lock, and ran once.
      const long = await jobs.findOne({ 'data.deliveryIds': 'dlv_long' })
      expect((long?.lockedAt as Date).getTime()).toBeGreaterThan(0)
      releaseLong()
      await until(async () => (await jobs.countDocuments({ name: jobNames.deliver })) === 0)
      expect(runs.filter((id) => id === 'dlv_long')).toHaveLength(1)
    } finally {
      releaseLong()
      await stop()
    }
    expect(errors).toEqual([])
  })
})

describe('a long deliver job', () => {
  it('keeps its lock fresh in the database while it runs, so no other worker takes it', async () => {
    const locks: number[] = []
    let finished = false
    // Refreshed every 500 ms: a run of 1.6 s outlives the lock it started with.
    const { db, errors, processor, stop } = await startMonitoredProcessor(
      'refresh',
      async () => {
        const started = Date.now()
        while (Date.now() - started < 1_600) {
          const job = await jobs.findOne({ name: jobNames.deliver })
          locks.push((job?.lockedAt as Date | null | undefined)?.getTime() ?? 0)
          await new Promise((resolve) => setTimeout(resolve, 200))
        }
        finished = true
      },
      { lockLifetimeMs: 1_500 },
    )
    // Read by the handler, which runs only once a job is scheduled below.
    const jobs = db.collection(collectionNames.agendaJobs)
    try {
      await processor.schedule(['dlv_long'], new Date())
      const deadline = Date.now() + 5_000
      while (!finished && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(finished).toBe(true)
      // The stored lock moved on during the run, and was never older than its lifetime.
      expect(new Set(locks).size).toBeGreaterThanOrEqual(3)
      expect(Math.min(...locks)).toBeGreaterThan(0)
    } finally {
      await stop()
    }
    expect(errors).toEqual([])
  })
})
