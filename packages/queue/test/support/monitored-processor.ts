import { capabilityProfile, minimalCapabilities, pinServerCapabilities, type ServerCapabilities } from '@hookline/store'
import { MongoClient } from 'mongodb'
import { createJobProcessor, type DeliverHandler, type JobProcessorOptions } from '../../src/index.ts'
import type { PinnedDatabases } from './pinned-databases.ts'

export interface MonitoredProcessorOptions extends Partial<JobProcessorOptions> {
  /** The server's profile as the processor sees it; default: nothing but capped collections. */
  profile?: ServerCapabilities
}

/**
 * Starts processors, each on a database of its own beside `databases`,
 * through a client that reports its commands, with no-op sweep and purge.
 * No scan runs during a test unless `processEveryMs` asks for one: only
 * wake-up calls and refills start jobs. `handle` is the deliver handler.
 */
export function monitoredProcessors(databases: PinnedDatabases) {
  return async function startMonitoredProcessor(label: string, handle: DeliverHandler, options: MonitoredProcessorOptions = {}) {
    const { profile = capabilityProfile(minimalCapabilities, { cappedCollections: true }), ...overrides } = options
    const client = new MongoClient(databases.database.uri, { monitorCommands: true })
    const db = client.db(`${databases.database.db.databaseName}_${label}`)
    pinServerCapabilities(db, profile)
    const errors: unknown[] = []
    const warnings: string[] = []
    const processor = createJobProcessor({
      db,
      name: `test-${label}`,
      processEveryMs: 60_000,
      lockLifetimeMs: 30_000,
      jobConcurrency: 1,
      notificationMode: 'auto',
      notificationPollMs: 20,
      onError: (error) => errors.push(error),
      onWarning: (message) => warnings.push(message),
      ...overrides,
    })
    processor.onDeliver(handle)
    processor.onSweep(async () => {})
    processor.onPurge(async () => {})
    await processor.start({ sweepEveryMs: 3_600_000, purgeEveryMs: 3_600_000 })
    return {
      client,
      db,
      processor,
      errors,
      warnings,
      async stop() {
        await processor.stop(1_000)
        await db.dropDatabase()
        await client.close()
      },
    }
  }
}
