import { createJobProcessor, type NotificationMode, type QueuedDelivery } from '@hookline/queue'
import { openStore, type Database, type Store } from '@hookline/store'
import type { Logger } from 'pino'
import { createAttemptSlots } from './delivery/attempt-slots.ts'
import { deliverBatch, type BatchSummary } from './delivery/deliver-batch.ts'
import { createDispatcher, type Dispatcher } from './dispatch/create-dispatch.ts'
import { createSecretCache } from './dispatch/secret-cache.ts'
import { createWorkerLogger } from './logger.ts'
import { purgeExpiredRecords } from './maintenance/purge.ts'
import { sweepStrandedDeliveries } from './maintenance/sweep.ts'
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.ts'
import { createWorkerMetrics, type WorkerMetrics } from './metrics/worker-metrics.ts'
import { defaultWorkerSettings, type WorkerSettings } from './settings.ts'

export interface CreateWorkerOptions {
  db: Database
  /** HOOKLINE_SECRET_KEY as bytes: opens signing secrets and passwords. */
  secretKey: Uint8Array
  settings?: Partial<WorkerSettings>
  logger?: Logger
  /** Serve `/metrics` and `/healthz` on this port (0: a free one); undefined: no server. */
  metricsPort?: number
  metricsHost?: string
  /** Collect Node process metrics too (once per process: main.ts). */
  processMetrics?: boolean
  now?: () => Date
}

export interface Worker {
  readonly store: Store
  readonly metrics: WorkerMetrics
  readonly settings: WorkerSettings
  readonly dispatcher: Dispatcher
  /** How job notifications arrive, once started. */
  readonly notificationMode: NotificationMode | undefined
  /** The metrics server's port, once started (when one was asked for). */
  readonly metricsPort: number | undefined
  /** Ensures indexes and retention, starts processing jobs and schedules the sweep and purge. */
  start(): Promise<void>
  /**
   * The graceful stop (SIGTERM): takes no more jobs; running batches finish
   * the attempts under way, write them, and hand their unstarted deliveries
   * back to the queue; waits up to `timeoutMs` for that, then hands every
   * job still held (running past the bound, or locked but not started) to
   * the other workers at once. Once: later calls get the first call's result.
   */
  stop(timeoutMs?: number): Promise<WorkerStopResult>
}

export interface WorkerStopResult {
  /** Batches were still running at the bound: their attempts under way may be made again (same webhook-id). */
  timedOut: boolean
  /** Jobs handed to the other workers. */
  releasedJobs: number
  /** Deliveries handed back unattempted by the batches that were running. */
  releasedDeliveries: number
}

/**
 * The delivery engine: the queue's job processor running the `deliver`,
 * `sweep` and `purge-logs` jobs, the dispatcher, and metrics. One per
 * process in production (main.ts); tests start several in one process.
 */

export function createWorker(options: CreateWorkerOptions): Worker {
  const settings: WorkerSettings = { ...defaultWorkerSettings(), ...options.settings }
  const now = options.now ?? (() => new Date())
  const logger = options.logger ?? createWorkerLogger('info')
  const store = openStore(options.db, { secretKey: options.secretKey, now })
  const metrics = createWorkerMetrics({
    processMetrics: options.processMetrics ?? false,
    databaseClient: options.db.client,
    databaseCapabilities: () => store.server.knownCapabilities(),
  })
  const dispatcher = createDispatcher(settings, { logger, onEdgeUnavailable: () => metrics.recordEdgeUnavailable() })
  const secrets = createSecretCache(store, now)
  const inFlight = new Map<string, Promise<void>>()
  // The most attempts the worker ever had in flight (jobs × per job) stays its bound, now shared by the jobs that run.
  const slots = createAttemptSlots(settings.jobConcurrency * settings.deliveryConcurrency)
  // Aborted by stop(): running batches start no new attempt.
  const stopping = new AbortController()
  let releasedDeliveries = 0
  const jobs = createJobProcessor({
    db: options.db,
    name: settings.name,
    processEveryMs: settings.processEveryMs,
    lockLifetimeMs: settings.lockLifetimeMs,
    jobConcurrency: settings.jobConcurrency,
    notificationMode: settings.notificationMode,
    notificationPollMs: settings.notificationPollMs,
    onError: (error) => logger.error({ err: error }, 'Job queue error'),
    // Under load a lock can expire while a batch still runs; the second run finds the job already removed. Nothing is delivered twice (deliveries are claimed).
    onJobGone: (error) => logger.info({ err: error }, 'A job was removed before this run could start it (another run finished it); nothing to do'),
    onLockRefreshFailed: (error, jobId) => logger.warn({ err: error, jobId }, 'Could not refresh a job lock'),
    onWarning: (message) => logger.warn(message),
    onOrphanedLocksReleased: (count) => logger.warn({ count }, 'Handed on job locks a database outage left behind (their jobs run now, not when the locks expire)'),
    hasRoom: () => !slots.full,
  })
  const schedule = (deliveries: QueuedDelivery[], at: Date) => jobs.schedule(deliveries, at)

  jobs.onDeliver(async (deliveryIds, jobId, related) => {
    const summary: BatchSummary = await deliverBatch(
      { store, dispatcher, secrets, metrics, logger, now, slots, schedule, inFlight, stopping: stopping.signal },
      deliveryIds,
      related,
    )
    releasedDeliveries += summary.released
    if (summary.attempted > 0 || summary.skipped > 0) logger.debug({ jobId, ...summary }, 'Delivered a batch')
  })
  jobs.onSweep(async () => {
    const stranded = await sweepStrandedDeliveries({ store, now, graceMs: settings.sweepGraceMs, schedule, heldByJobs: (ids) => jobs.heldDeliveries(ids) })
    if (stranded > 0) logger.warn({ stranded }, 'Re-enqueued deliveries that no job held')
  })
  jobs.onPurge(async () => {
    const purged = await purgeExpiredRecords({
      store,
      now,
      retentionDays: settings.logRetentionDays,
      removeFailedJobs: (before) => jobs.removeFailedDeliverJobs(before),
    })
    logger.info({ ...purged, retentionDays: settings.logRetentionDays }, 'Purged records past retention')
  })

  let metricsServer: MetricsServer | undefined
  let stopped: Promise<WorkerStopResult> | undefined

  async function stopOnce(timeoutMs: number): Promise<WorkerStopResult> {
    stopping.abort()
    const drained = await jobs.stop(timeoutMs)
    const result: WorkerStopResult = { timedOut: drained.timedOut, releasedJobs: drained.released, releasedDeliveries }
    if (drained.timedOut) logger.warn({ running: drained.running, ...result }, 'Stopped with batches still running: their jobs go to the other workers now')
    else logger.info(result, 'Stopped: every attempt under way was written')
    await metricsServer?.close()
    metricsServer = undefined
    await dispatcher.close()
    metrics.close()
    return result
  }

  return {
    store,
    metrics,
    settings,
    dispatcher,
    get notificationMode() {
      return jobs.notificationMode
    },
    get metricsPort() {
      return metricsServer?.port
    },
    async start() {
      // Before taking any job: a disagreeing edge refuses the start (EdgePolicyMismatchError).
      await dispatcher.verify()
      await store.ensureIndexes()
      await store.retention.enforce(settings.logRetentionDays)
      await jobs.start({ sweepEveryMs: settings.sweepEveryMs, purgeEveryMs: settings.purgeEveryMs })
      if (options.metricsPort !== undefined) {
        metricsServer = await startMetricsServer(
          metrics.registry,
          options.metricsPort,
          () => ({ ...dispatcher.health(), name: settings.name, notifications: jobs.notificationMode ?? null, dispatcher: dispatcher.kind, stopping: stopping.signal.aborted }),
          options.metricsHost,
        )
      }
      logger.info(
        {
          name: settings.name,
          notifications: jobs.notificationMode,
          dispatcher: dispatcher.kind,
          metricsPort: metricsServer?.port,
          database: await store.server.capabilities(),
        },
        'Hookline worker started',
      )
    },
    stop(timeoutMs = settings.deliveryTimeoutMs + 5_000) {
      // A second SIGTERM, or a test's cleanup after it stopped one, gets the first stop's result.
      stopped ??= stopOnce(timeoutMs)
      return stopped
    },
  }
}
