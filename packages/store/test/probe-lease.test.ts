import { MongoClient } from 'mongodb'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { detectServerCapabilities, type CapabilityProbe } from '../src/index.ts'
import { probeLeaseCollection } from '../src/capabilities/probe-lease.ts'

const database: TestDatabase = await openTestDatabase('store-probe-lease')
// A second process's connection: its own client, so nothing is shared but the server.
const neighbour = await new MongoClient(database.uri).connect()
afterAll(async () => {
  await neighbour.close()
  await database.drop()
})

const leases = database.db.collection<{ _id: string; holder: string; expiresAt: Date }>(probeLeaseCollection)
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

  it('leaves untimed probes side by side (the same two runs overlap without a turn)', async () => {
    const runs: Run[] = []
    await Promise.all([
      detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs, false)]),
      detectServerCapabilities(neighbour.db(database.db.databaseName), neighbour, [recordingProbe('theirs', runs, false)]),
    ])
    expect(overlapping(runs)).toBe(true)
  })

  it('takes the turn of a process that died holding it once its lease has expired', async () => {
    await leases.insertOne({ _id: 'timed-probes', holder: 'a process that died', expiresAt: new Date(Date.now() + 400) })
    const runs: Run[] = []
    const asked = performance.now()
    const profile = await detectServerCapabilities(database.db, database.client, [recordingProbe('mine', runs)], { maxWaitMs: 10_000 })
    expect(profile.unionReads).toBe(true)
    expect(runs[0]!.startedAt - asked).toBeGreaterThanOrEqual(300)
    expect(await leases.countDocuments()).toBe(0)
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
