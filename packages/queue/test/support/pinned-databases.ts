import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { pinServerCapabilities, type Database, type ServerCapabilities } from '@hookline/store'

/** A test database, and databases beside it whose capability profile is forced whatever the server. */
export interface PinnedDatabases {
  database: TestDatabase
  pinned(label: string, profile: ServerCapabilities): Database
  dropAll(): Promise<void>
}

export async function openPinnedDatabases(label: string): Promise<PinnedDatabases> {
  const database = await openTestDatabase(label)
  const names: string[] = []
  return {
    database,
    pinned(suffix, profile) {
      const name = `${database.db.databaseName}_${suffix}`
      names.push(name)
      const db = database.client.db(name)
      pinServerCapabilities(db, profile)
      return db
    },
    async dropAll() {
      for (const name of names) await database.client.db(name).dropDatabase().catch(() => undefined)
      await database.drop()
    },
  }
}
