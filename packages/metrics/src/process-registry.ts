import type { Database, ServerCapabilities } from '@hookline/store'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { registerDatabaseCapabilityMetrics } from './database-capability-metrics.ts'
import { registerDatabaseCommandMetrics } from './database-command-metrics.ts'

/**
 * How often Node's event-loop delay monitor samples the loop, in ms. prom-client's
 * default of 10 ms wakes an idle process 100 times a second, which cost each
 * Hookline process 4.2 ms of CPU a second on the 2-core benchmark VM (0.5 ms
 * at 100 ms): most of an idle API's CPU, about 3 % of it while ingesting. At
 * 100 ms a stall long enough to matter is always caught, and a 15 s scrape
 * still rests on 150 samples.
 */
export const eventLoopSamplingMs = 100

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
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: processMetricsPrefix, eventLoopMonitoringPrecision: eventLoopSamplingMs })
  const stopWatchingDatabase = options.databaseClient ? registerDatabaseCommandMetrics(registry, options.databaseClient) : () => undefined
  if (options.databaseCapabilities) registerDatabaseCapabilityMetrics(registry, options.databaseCapabilities)
  return { registry, stopWatchingDatabase }
}
