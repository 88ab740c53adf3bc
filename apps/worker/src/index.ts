// @hookline/worker: the delivery engine. `createWorker` runs it in-process
// (tests, embedding); `main.ts` is the process the start command runs.
// Job creators use `@hookline/queue` instead.
export { createWorker, type CreateWorkerOptions, type Worker } from './worker.ts'
export { defaultWorkerSettings, type WorkerSettings } from './settings.ts'
export { loadWorkerConfig, workerVariableNames, WorkerConfigError, type WorkerConfig } from './config.ts'
export { createWorkerLogger } from './logger.ts'
export { createWorkerMetrics, type WorkerMetrics } from './metrics/worker-metrics.ts'
export { deliverBatch, type BatchSummary, type DeliverBatchContext } from './delivery/deliver-batch.ts'
export { judgeAttempt, nextAttemptAfter, toAttemptDocument, type AttemptVerdict } from './delivery/attempt-progress.ts'
export { sweepStrandedDeliveries } from './maintenance/sweep.ts'
export { purgeExpiredRecords, type PurgeSummary } from './maintenance/purge.ts'
