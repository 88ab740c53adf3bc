import { MongoClient, type Db } from 'mongodb'

/** A database handle, for code that hands it to the store and the queue without touching it. */
export type Database = Db

export interface DatabaseConnection {
  client: MongoClient
  db: Db
  close(): Promise<void>
}

export interface ConnectOptions {
  /** Used when the URI names no database. */
  defaultDatabaseName?: string
  /**
   * How long an operation waits for a reachable server before failing.
   * Short, so an unreachable database answers 503 quickly instead of hanging.
   */
  serverSelectionTimeoutMS?: number
}

/** The database named in a mongodb:// URI's path, if any. */
export function databaseNameFromUri(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri)?.[1]
  return name ? decodeURIComponent(name) : undefined
}

/**
 * Connects lazily: the driver connects on the first operation, so a process
 * can start (and answer /healthz) while the database is still coming up.
 */
export function connectDatabase(uri: string, options: ConnectOptions = {}): DatabaseConnection {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
    appName: 'hookline',
  })
  const db = client.db(databaseNameFromUri(uri) ?? options.defaultDatabaseName ?? 'hookline')
  return { client, db, close: () => client.close() }
}
