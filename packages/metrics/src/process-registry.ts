import type { Database, ServerCapabilities } from '@hookline/store'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { registerDatabaseCapabilityMetrics } from './database-capability-metrics.ts'
import { registerDatabaseCommandMetrics } from './database-command-metrics.ts'

export interface ProcessRegistryOptions {
  /** Adds Node's process metrics (memory, event loop, GC) under the prefix; off in tests, which build many registries in one process. */
  processMetrics?: boolean
  /** Counts the commands this client sends (see registerDatabaseCommandMetrics); left out when absent. */
  databaseClient?: Database['client']
  /** The database server's capability profile once known (the store's `server.knownCapabilities`); left out when absent. */
  databaseCapabilities?: () => ServerCapabilities | undefined
}

export interface ProcessRegistry {
  registry: Registry
  /** Stops counting the database client's commands; does nothing when none was given. */
  stopWatchingDatabase(): void
}

/**
 * The registry a Hookline process serves on /metrics, with what every process
 * exports: its own registry (tests run several APIs or workers in one
 * process, so never the global one), Node's process metrics under
 * `processMetricsPrefix` (`hookline_api_`, `hookline_worker_`), the
 * database commands it sends, and what it found the database server does.
 * Each app adds its own metrics to the registry.
 */
export function createProcessRegistry(processMetricsPrefix: string, options: ProcessRegistryOptions = {}): ProcessRegistry {
  const registry = new Registry()
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: processMetricsPrefix })
  const stopWatchingDatabase = options.databaseClient ? registerDatabaseCommandMetrics(registry, options.databaseClient) : () => undefined
  if (options.databaseCapabilities) registerDatabaseCapabilityMetrics(registry, options.databaseCapabilities)
  return { registry, stopWatchingDatabase }
}
