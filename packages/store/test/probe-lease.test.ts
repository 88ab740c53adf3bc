import { MongoClient } from 'mongodb'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { collectionNames, detectServerCapabilities, type CapabilityProbe } from '../src/index.ts'

const database: TestDatabase = await openTestDatabase('store-probe-lease')
// A second process's connection: its own client, so nothing is shared but the server.
const neighbour = await new MongoClient(database.uri).connect()
afterAll(async () => {
  await neighbour.close()
  await database.drop()
})

const leases = database.db.collection<{ _id: string; holder: string; expiresAt: Date }>(collectionNames.capabilityLeases)
beforeEach(async () => {
  await leases.deleteMany({})
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Run {
  who: string
  startedAt: number
  endedAt: number
}

/** A timed probe (or, with `timed: false`, an untimed one) that notes when it ran and answers yes. */
function recordingProbe(who: string, runs: Run[], timed = true): CapabilityProbe {
  return {
    capability: 'unionReads',
    timed,
    async run() {
      const startedAt = performance.now()
      await sleep(150)
      runs.push({ who, startedAt, endedAt: performance.now() })
      return true
    },
  }
}

function overlapping(runs: readonly Run[]): boolean {
  const [a, b] = runs
  return a !== undefined && b !== undefined && a.startedAt < b.endedAt && b.startedAt < a.endedAt
}

describe('turns for timed probes', () => {
  it('runs the timed probes of two processes detecting at the same moment one after the other, and both answer', async () => {
    const runs: Run[] = []
    const [mine, theirs] = await Promise.all([
      detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs)]),
      detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [recordingProbe('theirs', runs)]),
    ])
    expect(runs.map((run) => run.who).sort()).toEqual(['mine', 'theirs'])
    expect(overlapping(runs)).toBe(false)
    expect([mine.unionReads, theirs.unionReads]).toEqual([true, true])
    expect(await leases.countDocuments()).toBe(0)
  })

  it('drops every scratch collection before giving the turn on, so the next timed probe meets no drop', async () => {
    const makesCollection: CapabilityProbe = {
      capability: 'ttlIndexes',
      async run(scratch) {
        await scratch.db.createCollection(scratch.name('made'))
        return true
      },
    }
    // What each timed run found, in the order of the turns: its own scratch, and that of the runs before it.
    const turns: { own: string; found: string[] }[] = []
    const listsScratch: CapabilityProbe = {
      capability: 'unionReads',
      timed: true,
      async run(scratch) {
        const names = await scratch.db.listCollections({}, { nameOnly: true }).toArray()
        turns.push({ own: scratch.name(''), found: names.map(({ name }) => name).filter((name) => name.startsWith('hookline_probe_')) })
        return true
      },
    }
    await Promise.all([
      detectServerCapabilities(database.db, database.client, [makesCollection, listsScratch]),
      detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [makesCollection, listsScratch]),
    ])
    const [first, second] = turns
    // Each run's own collections are gone before its turn; the first run's are gone before the second's turn.
    // (The second run's may still exist during the first's turn: it may not have finished its untimed probes.)
    expect(first!.found.filter((name) => name.startsWith(first!.own))).toEqual([])
    expect(second!.found).toEqual([])
  })

  it('leaves untimed probes side by side (the same two runs overlap without a turn)', async () => {
    const runs: Run[] = []
    await Promise.all([
      detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs, false)]),
      detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [recordingProbe('theirs', runs, false)]),
    ])
    expect(overlapping(runs)).toBe(true)
  })

  it('takes the turn of a process that died holding it once its lease has expired', async () => {
    // Timed from before the insert: however long the insert takes, the lease ends 400 ms after this.
    const asked = performance.now()
    await leases.insertOne({ _id: 'timed-probes', holder: 'a process that died', expiresAt: new Date(Date.now() + 400) })
    const runs: Run[] = []
    const profile = await detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs)], { maxWaitMs: 10_000 })
    expect(profile.unionReads).toBe(true)
    expect(runs[0]!.startedAt - asked).toBeGreaterThanOrEqual(300)
    expect(await leases.countDocuments()).toBe(0)
  })

  it('renews the lease while a probe outlasts its lifetime, so another process waits for it', async () => {
    const runs: Run[] = []
    const slow: CapabilityProbe = {
      capability: 'unionReads',
      timed: true,
      async run() {
        const startedAt = performance.now()
        await sleep(2_500)
        runs.push({ who: 'mine', startedAt, endedAt: performance.now() })
        return true
      },
    }
    const [mine, theirs] = await Promise.all([
      // Twice as long as its lease: without renewals the lease would expire under it (renewed every 400 ms; a
      // loaded machine would have to hold a renewal back 800 ms to lose it).
      detectServerCapabilities(database.db, database.client, [slow], { lifetimeMs: 1_200 }),
      // Starts once the slow probe holds the lease.
      sleep(300).then(() =>
        detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [recordingProbe('theirs', runs)], { lifetimeMs: 1_200, maxWaitMs: 20_000 }),
      ),
    ])
    expect([mine.unionReads, theirs.unionReads]).toEqual([true, true])
    expect(runs.map((run) => run.who)).toEqual(['mine', 'theirs'])
    expect(overlapping(runs)).toBe(false)
  })

  it('answers no without running the probe when its turn does not come, and leaves the holder its lease', async () => {
    await leases.insertOne({ _id: 'timed-probes', holder: 'a slow process', expiresAt: new Date(Date.now() + 60_000) })
    const runs: Run[] = []
    const profile = await detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs)], { maxWaitMs: 300 })
    expect(profile.unionReads).toBe(false)
    expect(runs).toEqual([])
    expect(await leases.find().project({ _id: 0, holder: 1 }).toArray()).toEqual([{ holder: 'a slow process' }])
  })

  it('gives the turn back when the probe fails, so the next process need not wait for it to expire', async () => {
    const failing: CapabilityProbe = { capability: 'unionReads', timed: true, run: async () => Promise.reject(new Error('refused by the server')) }
    expect((await detectServerCapabilities(database.db, database.client, [failing])).unionReads).toBe(false)
    const runs: Run[] = []
    const next = await detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [recordingProbe('theirs', runs)], { maxWaitMs: 300 })
    expect(next.unionReads).toBe(true)
    expect(runs.map((run) => run.who)).toEqual(['theirs'])
  })
})
