// A seeded log kept between benchmark runs (--keep-db NAME, with --data-dir
// so the engine's data outlives the run): seeding 1,000,000 rows and building
// their indexes takes minutes, and a change to the read path needs only the
// timings again. The seed is recognised by a mark written after its last row
// and index, so a run that stopped half-way seeds again from nothing.
import { collectionNames } from '@hookline/store'
import type { Db } from 'mongodb'

/** What was seeded: a kept database is reused only for the same layout. */
export interface SeedMark {
  records: number
  otherTenantRecords: number
  /** The first row's creation time (ms). */
  start: number
}

const markCollection = 'bench_log_query_seed'
const markId = 'seed'

/** Collections the seed consists of; everything else (users, sessions, tenants…) is made again by each run. */
const seedCollections = new Set<string>([collectionNames.deliveries, collectionNames.deliveryStats, markCollection])

export async function readSeedMark(db: Db): Promise<SeedMark | null> {
  const mark = await db.collection<SeedMark & { _id: string }>(markCollection).findOne({ _id: markId })
  return mark ? { records: mark.records, otherTenantRecords: mark.otherTenantRecords, start: mark.start } : null
}

export function sameSeed(a: SeedMark | null, b: SeedMark): boolean {
  return a !== null && a.records === b.records && a.otherTenantRecords === b.otherTenantRecords && a.start === b.start
}

export async function writeSeedMark(db: Db, mark: SeedMark): Promise<void> {
  await db.collection<SeedMark & { _id: string }>(markCollection).replaceOne({ _id: markId }, mark, { upsert: true })
}

/**
 * Keeps the seeded rows and their counters, drops the rest: the run seeds a
 * platform operator with a password of its own, which an operator left by an
 * earlier run would refuse.
 */
export async function dropAllButSeed(db: Db): Promise<void> {
  const names = await db.listCollections({}, { nameOnly: true }).toArray()
  for (const { name } of names) {
    if (!seedCollections.has(name)) await db.dropCollection(name)
  }
}
