import { capabilityProfile, collectionNames, minimalCapabilities } from '@hookline/store'
import { ObjectId } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createDeliveryQueue, jobNames } from '../src/index.ts'
import { createJobRemovals } from '../src/job-removals.ts'
import { monitoredProcessors } from './support/monitored-processor.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-removals')
afterAll(() => databases.dropAll())
const startMonitoredProcessor = monitoredProcessors(databases)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('removals of finished jobs', () => {
  it('shares one delete among the jobs that finish within the linger, and writes at once when the batch is full', async () => {
    const deletes: ObjectId[][] = []
    const removals = createJobRemovals({ remove: async (ids) => void deletes.push(ids), lingerMs: 50, maxBatch: 3, onError: (error) => expect.fail(String(error)) })
    const ids = Array.from({ length: 5 }, () => new ObjectId())
    removals.add(ids[0]!)
    removals.add(ids[1]!)
    expect(deletes).toEqual([])
    await sleep(100)
    expect(deletes).toEqual([[ids[0], ids[1]]])
    for (const id of ids.slice(2)) removals.add(id)
    await Promise.resolve()
    expect(deletes).toEqual([[ids[0], ids[1]], ids.slice(2)])
  })

  it('writes what waits when flushed, after the deletes before it, and goes on after one that failed', async () => {
    const order: string[] = []
    const errors: unknown[] = []
    let failNext = true
    const removals = createJobRemovals({
      remove: async (ids) => {
        await sleep(30)
        if (failNext) {
          failNext = false
          throw new Error('the server went away')
        }
        order.push(`deleted ${ids.length}`)
      },
      lingerMs: 10_000,
      maxBatch: 100,
      onError: (error) => errors.push(error),
    })
    removals.add(new ObjectId())
    const first = removals.flush()
    removals.add(new ObjectId())
    removals.add(new ObjectId())
    await removals.flush()
    order.push('flushed')
    await first
    expect(order).toEqual(['deleted 2', 'flushed'])
    expect(errors).toEqual([new Error('the server went away')])
    // Nothing waits any more: a flush resolves at once.
    await removals.flush()
  })
})

// A server whose filters other than an exact `_id` go through an index: there the removals are batched.
const pushdown = capabilityProfile(minimalCapabilities, { cappedCollections: true, atomicFindAndModify: true, filterPushdown: true })

describe('a worker on a server that finds a list of ids through the index', () => {
  it('removes jobs that finished close together in fewer deletes than jobs, and none is left', async () => {
    const handled: string[] = []
    const { client, db, errors, stop } = await startMonitoredProcessor('batched', async (deliveryIds) => void handled.push(...deliveryIds), {
      profile: pushdown,
      jobConcurrency: 4,
    })
    const deletes: unknown[] = []
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'delete' && event.command.delete === collectionNames.agendaJobs) deletes.push(event.command.deletes)
    }
    client.on('commandStarted', count)
    const queue = createDeliveryQueue({ db, name: 'batched-publisher' })
    const jobs = db.collection(collectionNames.agendaJobs)
    try {
      await queue.enqueue(Array.from({ length: 8_000 }, (_, index) => `dlv_batched${index}`))
      const deadline = Date.now() + 10_000
      while ((handled.length < 8_000 || (await jobs.countDocuments({ name: jobNames.deliver })) > 0) && Date.now() < deadline) await sleep(20)
      expect(handled).toHaveLength(8_000)
      expect(await jobs.countDocuments({ name: jobNames.deliver })).toBe(0)
      console.log(`deletes for 8 finished jobs: ${deletes.length}`)
      expect(deletes.length).toBeGreaterThanOrEqual(1)
      expect(deletes.length).toBeLessThan(8)
    } finally {
      client.off('commandStarted', count)
      await queue.close()
      await stop()
    }
    expect(errors).toEqual([])
  })

  it('writes a waiting removal as it stops, so no finished job is handed to another worker', async () => {
    const handled: string[] = []
    // A linger longer than the stop takes: only the stop's own write can remove the job in time.
    const { db, processor, errors, stop } = await startMonitoredProcessor('stopping', async (deliveryIds) => void handled.push(...deliveryIds), {
      profile: pushdown,
      removalLingerMs: 10_000,
    })
    const queue = createDeliveryQueue({ db, name: 'stopping-publisher' })
    const jobs = db.collection(collectionNames.agendaJobs)
    try {
      await queue.enqueue(['dlv_last'])
      const deadline = Date.now() + 5_000
      while (!handled.includes('dlv_last') && Date.now() < deadline) await sleep(5)
      expect(handled).toEqual(['dlv_last'])
      // Within the linger: the job is still stored, locked.
      expect(await jobs.countDocuments({ name: jobNames.deliver })).toBe(1)
      const stopped = await processor.stop(1_000)
      expect(stopped.released).toBe(0)
      expect(await jobs.countDocuments({ name: jobNames.deliver })).toBe(0)
    } finally {
      await queue.close()
      await stop()
    }
    expect(errors).toEqual([])
  })
})
