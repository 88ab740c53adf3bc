import { randomBytes } from 'node:crypto'
import { MongoClient, type Db } from 'mongodb'
import { inject } from 'vitest'

export interface TestDatabase {
  client: MongoClient
  db: Db
  /** The server URI, without a database name. */
  uri: string
  /** Drops the database and closes the client. */
  drop(): Promise<void>
}

/** The URI the global setup provided (or MONGODB_URI set by the caller). */
export function testDatabaseUri(): string {
  return process.env.MONGODB_URI ?? inject('mongodbUri')
}

/** A unique database name for one test file: `t_<label>_<random>`. */
export function uniqueDatabaseName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)
  return `t_${safe}_${randomBytes(4).toString('hex')}`
}

/** Opens a fresh, uniquely named database on the run's server. */
export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const uri = testDatabaseUri()
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 })
  const db = client.db(uniqueDatabaseName(label))
  return {
    client,
    db,
    uri,
    async drop() {
      await db.dropDatabase().catch(() => undefined)
      await client.close()
    },
  }
}

/**
 * Whether the server runs an aggregation's `$unionWith` stage at all,
 * however fast: tests pin the store's `unionReads` to this, so the union
 * branch is tested on every server that can run it (the capability's probe
 * also asks that it be fast, which DocumentDB's is not).
 */
export async function serverRunsUnionWith(db: Db): Promise<boolean> {
  const first = db.collection<{ _id: string }>(`union_check_${randomBytes(4).toString('hex')}`)
  const second = db.collection<{ _id: string }>(`${first.collectionName}_second`)
  try {
    await first.insertOne({ _id: 'f' })
    await second.insertOne({ _id: 's' })
    const found = await first.aggregate([{ $unionWith: { coll: second.collectionName, pipeline: [] } }]).toArray()
    return found.length === 2
  } catch {
    return false
  } finally {
    await first.drop().catch(() => undefined)
    await second.drop().catch(() => undefined)
  }
}
