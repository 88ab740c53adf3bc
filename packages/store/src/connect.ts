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
  /**
   * Told when the database stops answering and when it answers again (the
   * driver's server monitor), so a process can log an outage once instead of
   * once per failed request.
   */
  onReachabilityChange?: (change: ReachabilityChange) => void
}

/** Logs each change of reachability once, as a warning: what both processes do with `onReachabilityChange`. */
export function logReachability(logger: { warn(details: object, message: string): void }): (change: ReachabilityChange) => void {
  return ({ reachable, address, error }) =>
    reachable ? logger.warn({ address }, 'The database answers again') : logger.warn({ address, err: error }, 'The database stopped answering')
}

export interface ReachabilityChange {
  reachable: boolean
  /** The server's address as the driver names it. */
  address: string
  /** Why it was marked unreachable (the monitor's or an operation's error). */
  error?: Error
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
    // Every command is counted by name on the processes' /metrics (watchDatabaseCommands):
    // what Hookline costs a database, measured the same way on any server.
    monitorCommands: true,
  })
  const db = client.db(databaseNameFromUri(uri) ?? options.defaultDatabaseName ?? 'hookline')
  const onChange = options.onReachabilityChange
  if (onChange) {
    const reachable = new Map<string, boolean>()
    client.on('serverDescriptionChanged', (event) => {
      const now = event.newDescription.type !== 'Unknown'
      // The first description of a server is not news; a change of state is.
      if (reachable.get(event.address) === now || (!reachable.has(event.address) && now)) {
        reachable.set(event.address, now)
        return
      }
      reachable.set(event.address, now)
      const error = event.newDescription.error ?? undefined
      onChange({ reachable: now, address: event.address, ...(error ? { error } : {}) })
    })
  }
  return { client, db, close: () => client.close() }
}
