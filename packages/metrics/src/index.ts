export { registerDatabaseCapabilityMetrics } from './database-capability-metrics.ts'
export { registerDatabaseCommandMetrics } from './database-command-metrics.ts'
export { createProcessRegistry, eventLoopSamplingMs, type ProcessRegistry, type ProcessRegistryOptions } from './process-registry.ts'
