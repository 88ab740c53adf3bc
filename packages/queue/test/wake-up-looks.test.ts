import { capabilityProfile, collectionNames, minimalCapabilities, type ServerCapabilities } from '@hookline/store'
import { afterAll, describe, expect, it } from 'vitest'
import { createDeliveryQueue, jobNames, singleWorkerWarning } from '../src/index.ts'
import { JobDoorbell } from '../src/job-doorbell.ts'
import { monitoredProcessors } from './support/monitored-processor.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-looks')
afterAll(() => databases.dropAll())
const startMonitoredProcessor = monitoredProcessors(databases)

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `dlv_${prefix}${index}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Wake-up calls through the doorbell, whose rings count where updates of one document are atomic.
const countedDoorbell = capabilityProfile(minimalCapabilities, { cappedCollections: true, atomicFindAndModify: true })
const uncountedDoorbell = capabilityProfile(minimalCapabilities, { cappedCollections: true, atomicFindAndModify: false })
// Wake-up calls as entries in the capped collection, tailed or polled: one entry per job.
const entries = capabilityProfile(minimalCapabilities, { cappedCollections: true, tailableCursors: true, atomicFindAndModify: true })

describe("the doorbell's count of rings", () => {
  it('says how many times each bell rang since the last read, where the server counts exactly', async () => {
    const db = databases.pinned('doorbell_counted', countedDoorbell)
    const publisher = new JobDoorbell(db)
    const listener = new JobDoorbell(db, true)
    await publisher.ring('deliver')
    expect(await listener.rungSince()).toEqual([])
    await publisher.ring('deliver')
    await publisher.ring('deliver')
    // A bell first seen after the listener started: all of its rings are new.
    await publisher.ring('sweep')
    const rung = await listener.rungSince()
    expect(rung.sort((a, b) => a.jobName.localeCompare(b.jobName))).toEqual([
      { jobName: 'deliver', rings: 2 },
      { jobName: 'sweep', rings: 1 },
    ])
    expect(await listener.rungSince()).toEqual([])
  })

  it('says only that a bell rang where the count cannot be believed, or the bell was rung before rings were counted', async () => {
    const db = databases.pinned('doorbell_uncounted', uncountedDoorbell)
    const publisher = new JobDoorbell(db)
    const listener = new JobDoorbell(db, false)
    expect(await listener.rungSince()).toEqual([])
    await publisher.ring('deliver')
    await publisher.ring('deliver')
    expect(await listener.rungSince()).toEqual([{ jobName: 'deliver', rings: undefined }])

    const legacyDb = databases.pinned('doorbell_legacy', countedDoorbell)
    await legacyDb.collection<{ _id: string; ring: string; at: Date }>(collectionNames.agendaDoorbell).insertOne({ _id: 'deliver', ring: 'old', at: new Date() })
    const counting = new JobDoorbell(legacyDb, true)
    expect(await counting.rungSince()).toEqual([])
    await new JobDoorbell(legacyDb).ring('deliver')
    expect(await counting.rungSince()).toEqual([{ jobName: 'deliver', rings: undefined }])
  })
})

/**
 * Starts a processor with one job slot, publishes `jobs` jobs of 1,000
 * deliveries from another queue, and answers how many lock attempts
 * (`findAndModify` on the job collection) it took to run them all.
 */
async function lockAttemptsFor(label: string, profile: ServerCapabilities, jobs: number): Promise<number> {
  const handled: string[] = []
  const { client, db, errors, warnings, stop } = await startMonitoredProcessor(label, async (deliveryIds) => {
    handled.push(...deliveryIds)
    await sleep(30)
  }, { profile })
  const lockAttempts: unknown[] = []
  const count = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (event.commandName === 'findAndModify' && event.command.findAndModify === collectionNames.agendaJobs) lockAttempts.push(event.command.query)
  }
  // Whatever the first scan looked for at start is not counted.
  await sleep(200)
  client.on('commandStarted', count)
  const queue = createDeliveryQueue({ db, name: `${label}-publisher` })
  try {
    const deliveries = jobs * 1_000
    await queue.enqueue(ids(label, deliveries))
    const deadline = Date.now() + 10_000
    while (handled.length < deliveries && Date.now() < deadline) await sleep(20)
    expect(handled).toHaveLength(deliveries)
    // Anything a finished batch or a late wake-up call would still ask.
    await sleep(400)
    expect(await db.collection(collectionNames.agendaJobs).countDocuments({ name: jobNames.deliver })).toBe(0)
  } finally {
    client.off('commandStarted', count)
    await queue.close()
    await stop()
  }
  expect(errors).toEqual([])
  // The one warning expected where findAndModify is not atomic; none about Agenda's internals.
  expect(warnings.filter((warning) => warning !== singleWorkerWarning)).toEqual([])
  return lockAttempts.length
}

describe('a worker woken for jobs', () => {
  it('locks a single announced job without a look that finds nothing, through a counting doorbell', async () => {
    expect(await lockAttemptsFor('single_doorbell', countedDoorbell, 1)).toBe(1)
  })

  it('takes three jobs announced together in three looks, one after another in its one slot', async () => {
    expect(await lockAttemptsFor('three_doorbell', countedDoorbell, 3)).toBe(3)
  })

  it('locks a single job in one look where each job writes its own wake-up entry', async () => {
    expect(await lockAttemptsFor('single_entries', entries, 1)).toBe(1)
  })

  it('still looks until it finds nothing where the doorbell cannot count', async () => {
    expect(await lockAttemptsFor('single_uncounted', uncountedDoorbell, 1)).toBe(2)
  })

  it('still takes a job nobody announced (a dead worker’s expired lock) on its next scan', async () => {
    const handled: string[] = []
    const { db, errors, stop } = await startMonitoredProcessor('unannounced', async (deliveryIds) => void handled.push(...deliveryIds), {
      profile: countedDoorbell,
      processEveryMs: 300,
    })
    const queue = createDeliveryQueue({ db, name: 'unannounced-publisher' })
    try {
      // One announced job first: afterwards the worker has nothing left to look for.
      await queue.enqueue(['dlv_announced'])
      const announcedBy = Date.now() + 5_000
      while (!handled.includes('dlv_announced') && Date.now() < announcedBy) await sleep(20)
      expect(handled).toEqual(['dlv_announced'])
      await db.collection(collectionNames.agendaJobs).insertOne({
        name: jobNames.deliver,
        data: { deliveryIds: ['dlv_orphan'] },
        type: 'normal',
        priority: 0,
        nextRunAt: null,
        lockedAt: new Date(0),
        lastModifiedBy: 'a-worker-that-died',
      })
      const scannedBy = Date.now() + 5_000
      while (!handled.includes('dlv_orphan') && Date.now() < scannedBy) await sleep(20)
      expect(handled).toEqual(['dlv_announced', 'dlv_orphan'])
    } finally {
      await queue.close()
      await stop()
    }
    expect(errors).toEqual([])
  })
})

describe('a worker that stops with a job still running', () => {
  it.each([
    ['doorbell', countedDoorbell],
    ['entries', entries],
  ] as const)('wakes another worker for the job it hands on (%s), which takes it at once rather than at its next scan', async (mode, profile) => {
    let finishA!: () => void
    const blocked = new Promise<void>((resolve) => (finishA = resolve))
    const ran: string[] = []
    // Both on one database; no scan runs within the test (60 s), so only a wake-up call can start B's run.
    const a = await startMonitoredProcessor(`handover_${mode}`, async ([id]) => {
      ran.push(`a:${id}`)
      await blocked
    }, { profile, name: `handover-${mode}-a` })
    const queue = createDeliveryQueue({ db: a.db, name: 'handover-publisher' })
    try {
      await queue.enqueue(['dlv_handover'])
      const runningBy = Date.now() + 5_000
      while (!ran.includes('a:dlv_handover') && Date.now() < runningBy) await sleep(20)
      expect(ran).toEqual(['a:dlv_handover'])
      // Started now, B has seen every ring so far and found nothing to take.
      const b = await startMonitoredProcessor(`handover_${mode}`, async ([id]) => void ran.push(`b:${id}`), { profile, name: `handover-${mode}-b` })
      try {
        await sleep(200)
        const stopped = await a.processor.stop(200)
        expect(stopped).toMatchObject({ timedOut: true, released: 1 })
        const takenBy = Date.now() + 3_000
        while (!ran.includes('b:dlv_handover') && Date.now() < takenBy) await sleep(20)
        expect(ran).toEqual(['a:dlv_handover', 'b:dlv_handover'])
        expect(b.errors).toEqual([])
      } finally {
        finishA()
        await b.stop()
      }
    } finally {
      finishA()
      await queue.close()
      await a.stop()
    }
  })
})
