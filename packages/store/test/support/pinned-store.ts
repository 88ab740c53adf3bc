import { randomBytes } from 'node:crypto'
import type { TestDatabase } from '@hookline/dev-db/testing'
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb'
import { openStore, pinServerCapabilities, type ServerCapabilities, type Store } from '../../src/index.ts'

export interface PinnedStore {
  store: Store
  db: Db
  /** Every command the store sent, in order (from the driver's command monitoring). */
  commands: CommandStartedEvent[]
  /** The commands named `name`, their bodies. */
  sent(name: string): Document[]
  close(): Promise<void>
}

/**
 * A store on a database of its own whose capability profile is forced, on a
 * client that records every command: the tests see which branch of a
 * capability the store took, whatever server this machine has.
 */
export async function openPinnedStore(database: TestDatabase, label: string, profile: ServerCapabilities): Promise<PinnedStore> {
  return openPinnedStoreOn(database.uri, `${database.db.databaseName}_${label}`, profile)
}

/** The same on a named database: several stores on one database stand for several processes. */
export async function openPinnedStoreOn(uri: string, databaseName: string, profile: ServerCapabilities): Promise<PinnedStore> {
  const client = await MongoClient.connect(uri, { monitorCommands: true, serverSelectionTimeoutMS: 10_000 })
  const db = client.db(databaseName)
  pinServerCapabilities(db, profile)
  const commands: CommandStartedEvent[] = []
  client.on('commandStarted', (event) => commands.push(event))
  return {
    store: openStore(db, { secretKey: randomBytes(32) }),
    db,
    commands,
    sent: (name) => commands.filter((event) => event.commandName === name).map((event) => event.command),
    async close() {
      await db.dropDatabase().catch(() => undefined)
      await client.close()
    },
  }
}
