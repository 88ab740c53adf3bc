import { randomBytes } from 'node:crypto'
import type { Db } from 'mongodb'

/**
 * Small experiments that learn what the server really does, asked once per
 * database handle, instead of trusting its name: FerretDB 2 (DocumentDB)
 * accepts `capped: true` yet creates a plain collection, answers a tailable
 * find with a closed cursor, but keeps TTL indexes and applies
 * findAndModify atomically. Each probe works in a scratch collection it
 * drops; any error from the experiment counts as "no". A probe that failed
 * because the server was unreachable is asked again next time.
 */
export type EngineProbe = (db: Db) => Promise<boolean>

/**
 * `create` with `capped: true` makes a collection the server lists as capped.
 * (FerretDB 1 lists it and trims it in the background, so a count right after
 * the inserts would wrongly say no; FerretDB 2 lists plain `options: {}`.)
 */
export const probeCappedCollections: EngineProbe = memoized('capped', async (db, name) => {
  await db.createCollection(name, { capped: true, size: 4096, max: 2 })
  const [info] = await db.listCollections({ name }, { nameOnly: false }).toArray()
  return (info as { options?: { capped?: unknown } } | undefined)?.options?.capped === true
})

/** A tailable, awaitData cursor on a capped collection stays open after its first batch. */
export const probeTailableCursors: EngineProbe = memoized('tailable', async (db, name) => {
  await db.createCollection(name, { capped: true, size: 4096, max: 10 })
  const collection = db.collection(name)
  await collection.insertOne({ at: new Date() })
  const cursor = collection.find({}, { tailable: true, awaitData: true, maxAwaitTimeMS: 100 })
  try {
    const first = await cursor.tryNext()
    return first !== null && !cursor.closed && cursor.id !== undefined && !cursor.id.isZero()
  } finally {
    await cursor.close()
  }
})

/** An index with `expireAfterSeconds` is accepted and kept, so the server expires documents itself. */
export const probeTtlIndexes: EngineProbe = memoized('ttl', async (db, name) => {
  const collection = db.collection(name)
  await collection.createIndex({ at: 1 }, { name: 'at_ttl', expireAfterSeconds: 3600 })
  const indexes = await collection.listIndexes().toArray()
  return indexes.some((index) => index.name === 'at_ttl' && index.expireAfterSeconds === 3600)
})

/** A multi-document transaction commits, and an aborted one leaves nothing behind. */
export const probeTransactions: EngineProbe = memoized('transactions', async (db, name) => {
  await db.createCollection(name)
  const collection = db.collection<{ _id: string }>(name)
  const session = db.client.startSession()
  try {
    await session.withTransaction(async () => {
      await collection.insertOne({ _id: 'committed' }, { session })
    })
    session.startTransaction()
    await collection.insertOne({ _id: 'aborted' }, { session })
    await session.abortTransaction()
  } finally {
    await session.endSession()
  }
  return (await collection.countDocuments({})) === 1
})

/**
 * Eight `findOneAndUpdate`s race to claim one document, three times: atomic
 * servers let exactly one win each round (FerretDB 1.24 let 6–8 win). The
 * guarantee Agenda's job locks rest on, so several workers may share a queue.
 */
export const probeAtomicFindAndModify: EngineProbe = memoized('find_and_modify', async (db, name) => {
  const collection = db.collection<{ _id: string; claimed: boolean }>(name)
  for (let round = 0; round < 3; round++) {
    const _id = `round-${round}`
    await collection.insertOne({ _id, claimed: false })
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => collection.findOneAndUpdate({ _id, claimed: false }, { $set: { claimed: true } })),
    )
    if (claims.filter((claim) => claim !== null).length !== 1) return false
  }
  return true
})

function memoized(label: string, experiment: (db: Db, scratchName: string) => Promise<boolean>): EngineProbe {
  const answers = new WeakMap<Db, Promise<boolean>>()
  return (db) => {
    let answer = answers.get(db)
    if (!answer) {
      answer = runInScratch(db, label, experiment)
      answer.catch(() => answers.delete(db))
      answers.set(db, answer)
    }
    return answer
  }
}

async function runInScratch(db: Db, label: string, experiment: (db: Db, scratchName: string) => Promise<boolean>): Promise<boolean> {
  const name = `hookline_probe_${label}_${randomBytes(4).toString('hex')}`
  try {
    return await experiment(db, name)
  } catch (error) {
    if (isUnreachable(error)) throw new Error(`Cannot probe the database (${label})`, { cause: error })
    return false
  } finally {
    await db.dropCollection(name).catch(() => false)
  }
}

/** Network and server-selection errors: the answer is unknown, not "no". */
function isUnreachable(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? ''
  return /MongoNetwork|MongoServerSelection|MongoTopologyClosed|MongoNotConnected/.test(name)
}
