import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  probeAtomicFindAndModify,
  probeCappedCollections,
  probeTailableCursors,
  probeTransactions,
  probeTtlIndexes,
  serverKind,
} from '../src/index.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await openTestDatabase('engine-probes')
})
afterAll(() => database.drop())

async function profile() {
  const db = database.db
  return {
    capped: await probeCappedCollections(db),
    tailable: await probeTailableCursors(db),
    ttl: await probeTtlIndexes(db),
    transactions: await probeTransactions(db),
    atomicFindAndModify: await probeAtomicFindAndModify(db),
  }
}

describe('engine probes', () => {
  it('find what each engine really does, whatever it calls itself', async () => {
    const kind = await serverKind(database.db)
    const found = await profile()
    console.log(`server ${JSON.stringify(kind)}: ${JSON.stringify(found)}`)
    if (kind.ferretDb && kind.major >= 2) {
      // Measured on FerretDB 2.5.0 + DocumentDB 0.106: `capped` is accepted and
      // ignored, the tailable find returns a closed cursor, commitTransaction is
      // not a command; TTL indexes are kept and findAndModify is atomic.
      expect(found).toEqual({ capped: false, tailable: false, ttl: true, transactions: false, atomicFindAndModify: true })
    } else if (kind.ferretDb) {
      // FerretDB 1.24 (SQLite): capped collections, nothing else.
      expect(found).toMatchObject({ capped: true, tailable: false, ttl: false, transactions: false })
    } else {
      expect(found).toMatchObject({ capped: true, tailable: true, ttl: true, atomicFindAndModify: true })
    }
  })

  it('asks once per database handle and leaves no scratch collection behind', async () => {
    const first = probeCappedCollections(database.db)
    expect(probeCappedCollections(database.db)).toBe(first)
    await first
    const names = (await database.db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name)
    expect(names.filter((name) => name.startsWith('hookline_probe_'))).toEqual([])
  })

  it('recognises FerretDB 1 and 2 by their buildInfo fields', async () => {
    const info = await database.db.admin().command({ buildInfo: 1 })
    const kind = await serverKind(database.db)
    expect(kind.ferretDb).toBe('ferretdbVersion' in info || typeof info.ferretdb?.version === 'string')
  })
})
