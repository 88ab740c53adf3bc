import { MongoClient } from 'mongodb'
import { openTestDatabase, serverRunsUnionWith, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { capabilityProfile, detectServerCapabilities, isDatabaseUnavailable, knownServerCapabilities, minimalCapabilities, pinServerCapabilities, serverCapabilities } from '../src/index.ts'
import { indexHintsProbe } from '../src/capabilities/probes/index-hints.ts'

const database: TestDatabase = await openTestDatabase('store-capabilities')
afterAll(() => database.drop())

describe('server capabilities', () => {
  it('are detected once per handle into one frozen profile, leaving no scratch collection behind', async () => {
    const profile = await serverCapabilities(database.db)
    console.log('capabilities of this machine’s server:', JSON.stringify(profile))
    expect(Object.isFrozen(profile)).toBe(true)
    expect(Object.keys(profile).sort()).toEqual(['atomicFindAndModify', 'cappedCollections', 'filterPushdown', 'indexHints', 'indexOrderedSort', 'orderedIndexes', 'tailableCursors', 'transactions', 'ttlIndexes', 'unionReads'])
    for (const value of Object.values(profile)) expect(typeof value).toBe('boolean')
    expect(await serverCapabilities(database.db)).toBe(profile)
    // Union reads need the stage first (and then speed, which only the probe judges).
    if (!(await serverRunsUnionWith(database.db))) expect(profile.unionReads).toBe(false)
    const left = await database.db.listCollections({}, { nameOnly: true }).toArray()
    expect(left.filter(({ name }) => name.startsWith('hookline_probe_'))).toEqual([])
  })

  it('answers what the server really did: a probe the server refuses is a "no", not a failure', async () => {
    const profile = await detectServerCapabilities(database.db, database.client, [
      { capability: 'transactions', run: async () => Promise.reject(new Error('refused by the server')) },
      { capability: 'ttlIndexes', run: async () => true },
    ])
    expect(profile.transactions).toBe(false)
    expect(profile.ttlIndexes).toBe(true)
    // Not probed: assumed missing, so every workaround stays on.
    expect(profile.filterPushdown).toBe(false)
  })

  it('says the server honours hints only when a hinted find is planned on the hinted index, against the planner’s own choice', async () => {
    const { indexHints } = await detectServerCapabilities(database.db, database.client, [indexHintsProbe])
    console.log(`indexHints on this machine’s server: ${indexHints}`)
    // Another experiment than the probe's: a range on m makes km the natural choice; the hint names kn.
    const collection = database.db.collection<{ _id: number; k: string; m: number; n: number }>('hinted')
    await collection.createIndex({ k: 1, m: 1 }, { name: 'km' })
    await collection.createIndex({ k: 1, n: 1 }, { name: 'kn' })
    await collection.insertMany(Array.from({ length: 50 }, (_, index) => ({ _id: index, k: index % 2 === 0 ? 'a' : 'b', m: index, n: -index })))
    const plan = JSON.stringify((await collection.find({ k: 'a', m: { $gte: 40 } }).hint('kn').explain()).queryPlanner ?? {})
    const plannedOnHint = /"(indexName|Index Name)":"kn"/.test(plan) && !/"(indexName|Index Name)":"km"/.test(plan)
    expect(indexHints).toBe(plannedOnHint)
  })

  it('keeps a profile pinned while a detection was under way, even when that detection then fails', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 300 })
    try {
      const db = client.db('unreachable-pinned')
      const detection = serverCapabilities(db)
      const pinned = capabilityProfile(minimalCapabilities, { filterPushdown: true })
      pinServerCapabilities(db, pinned)
      await expect(detection).rejects.toThrow()
      expect(await serverCapabilities(db)).toEqual(pinned)
      expect(knownServerCapabilities(db)).toEqual(pinned)
    } finally {
      await client.close()
    }
  })

  it('fails, rather than guessing, when the database cannot be reached', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 300 })
    try {
      const error = await detectServerCapabilities(client.db('unreachable'), client).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(Error)
      expect(isDatabaseUnavailable(error)).toBe(true)
    } finally {
      await client.close()
    }
  })
})
