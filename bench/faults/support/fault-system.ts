import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type Db } from 'mongodb'
import { HooklineClient } from '../../src/lib/api-client.ts'
import { startReceiverProcess as startReceiver, type ReceiverProcess as Receiver } from '@hookline/test-receiver/process'
import { startSystem, type RunningSystem, type SystemOptions } from '../../src/lib/system.ts'

export interface FaultSystem {
  system: RunningSystem
  receiver: Receiver
  /** Signed in as the Administrator the system was seeded with. */
  admin: HooklineClient
  /** A direct connection, to read what the system stored. */
  db: Db
  /** Creates an app that delivers to its own path on the receiver; returns its id and that path. */
  addApp(name: string, settings?: { retries?: number; retryDelaySeconds?: number }): Promise<{ appId: string; path: string }>
  close(): Promise<void>
}

/**
 * The built API and worker as separate processes, on a database server of
 * the test's own (a data directory that survives a restart of the server),
 * and a receiver in its own process.
 */
export async function startFaultSystem(options: Omit<SystemOptions, 'databaseDir'> = {}): Promise<FaultSystem> {
  const databaseDir = await mkdtemp(join(tmpdir(), 'hookline-faults-'))
  await chmod(databaseDir, 0o755) // the DocumentDB route runs PostgreSQL as its own user when we are root
  const receiver = await startReceiver()
  const system = await startSystem({ ...options, databaseDir })
  const admin = await HooklineClient.signIn(system.baseUrl, system.admin)
  const client = new MongoClient(system.databaseUri, { serverSelectionTimeoutMS: 3_000 })
  let apps = 0
  return {
    system,
    receiver,
    admin,
    db: client.db(),
    async addApp(name, settings = {}) {
      const path = `/hooks/app-${++apps}`
      const appId = await admin.createApp({ name, endpoint: `${new URL(receiver.url).origin}${path}`, ...settings })
      return { appId, path }
    },
    async close() {
      await client.close()
      await system.stop()
      await receiver.stop()
      await rm(databaseDir, { recursive: true, force: true })
    },
  }
}
