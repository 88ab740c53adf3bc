import { MongoClient } from 'mongodb'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { detectServerCapabilities, isDatabaseUnavailable, serverCapabilities } from '../src/index.ts'

const database: TestDatabase = await openTestDatabase('store-capabilities')
afterAll(() => database.drop())

describe('server capabilities', () => {
  it('are detected once per handle into one frozen profile, leaving no scratch collection behind', async () => {
    const profile = await serverCapabilities(database.db)
    console.log('capabilities of this machine’s server:', JSON.stringify(profile))
    expect(Object.isFrozen(profile)).toBe(true)
    expect(Object.keys(profile).sort()).toEqual(['atomicFindAndModify', 'cappedCollections', 'filterPushdown', 'indexOrderedSort', 'tailableCursors', 'transactions', 'ttlIndexes'])
    for (const value of Object.values(profile)) expect(typeof value).toBe('boolean')
    expect(await serverCapabilities(database.db)).toBe(profile)
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
