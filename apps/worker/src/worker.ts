import { openStore, type Store } from '@hookline/store'
import { Agenda, type Job } from 'agenda'
import type { Db } from 'mongodb'
import type { Logger } from 'pino'
import { deliverBatch, type BatchSummary } from './delivery/deliver-batch.ts'
import { createDispatcher, type Dispatcher } from './dispatch/create-dispatch.ts'
import { createSecretCache } from './dispatch/secret-cache.ts'
import { createWorkerLogger } from './logger.ts'
import { purgeExpiredRecords } from './maintenance/purge.ts'
import { sweepStrandedDeliveries } from './maintenance/sweep.ts'
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.ts'
import { createWorkerMetrics, type WorkerMetrics } from './metrics/worker-metrics.ts'
import { createAgendaBackend } from './queue/agenda-backend.ts'
import { jobNames, toJobBatches, type DeliverJobData } from './queue/jobs.ts'
import { MongoNotificationChannel, type NotificationMode } from './queue/mongo-notification-channel.ts'
import { defaultWorkerSettings, type WorkerSettings } from './settings.ts'

export interface CreateWorkerOptions {
  db: Db
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
  readonly agenda: Agenda
  readonly metrics: WorkerMetrics
  readonly settings: WorkerSettings
  readonly dispatcher: Dispatcher
  /** How job notifications arrive, once started. */
  readonly notificationMode: NotificationMode | undefined
  /** The metrics server's port, once started (when one was asked for). */
  readonly metricsPort: number | undefined
  /** Ensures indexes, starts processing jobs and schedules the sweep and purge. */
  start(): Promise<void>
  /** Waits up to `timeoutMs` for running jobs, then stops; locks of jobs still running expire and others pick them up. */
  stop(timeoutMs?: number): Promise<void>
}

/**
 * The delivery engine: an Agenda 6 processor with the `deliver`, `sweep`
 * and `purge-logs` jobs, the dispatcher, and metrics. One per process in
 * production (main.ts); tests start several in one process.
 */
// How long after a batch ends the worker asks Agenda for the next job (see refillAfterBatch).
const refillDelaysMs = [20, 100, 400]

export function createWorker(options: CreateWorkerOptions): Worker {
  const settings: WorkerSettings = { ...defaultWorkerSettings(), ...options.settings }
  const now = options.now ?? (() => new Date())
  const logger = options.logger ?? createWorkerLogger('info')
  const store = openStore(options.db, { secretKey: options.secretKey, now })
  const metrics = createWorkerMetrics({ processMetrics: options.processMetrics ?? false })
  const dispatcher = createDispatcher(settings, { logger, onEdgeUnavailable: () => metrics.recordEdgeUnavailable() })
  const secrets = createSecretCache(store, now)
  const inFlight = new Map<string, Promise<void>>()
  const onError = (error: unknown) => logger.error({ err: error }, 'Job queue error')

  const channel = new MongoNotificationChannel({
    db: options.db,
    mode: settings.notificationMode,
    pollIntervalMs: settings.notificationPollMs,
    onError,
  })
  channel.on('error', onError)
  const agenda = new Agenda({
    name: settings.name,
    backend: createAgendaBackend({ db: options.db, ensureIndex: true, onError }),
    notificationChannel: channel,
    processEvery: settings.processEveryMs,
    defaultLockLifetime: settings.lockLifetimeMs,
    maxConcurrency: settings.jobConcurrency + 2,
    removeOnComplete: true,
  })
  agenda.on('error', onError)

  // Timers that wake the processor when a scheduled retry falls due (see MongoNotificationChannel.nudge).
  const nudges = new Set<NodeJS.Timeout>()
  function nudgeAt(at: Date): void {
    const timer = setTimeout(() => {
      nudges.delete(timer)
      channel.nudge(jobNames.deliver)
    }, at.getTime() - Date.now() + 5)
    timer.unref()
    nudges.add(timer)
  }

  /**
   * A finished batch frees a slot, but Agenda only looks for the next job on
   * its scan or a notification, and its slot is freed only after the
   * handler returns and the job is removed. So ask again a few times
   * shortly after: a nudge while every slot is busy costs no database
   * round trip, and the first one after the slot is freed locks the next
   * waiting job (a due retry, or the rest of a large publish).
   */
  function refillAfterBatch(): void {
    for (const delayMs of refillDelaysMs) nudgeAt(new Date(Date.now() + delayMs))
  }

  async function schedule(deliveryIds: string[], at: Date): Promise<void> {
    if (at.getTime() > Date.now()) nudgeAt(at)
    await Promise.all(
      toJobBatches(deliveryIds).map((batch) => {
        const data: DeliverJobData = { deliveryIds: batch }
        return at.getTime() > Date.now() ? agenda.schedule(at, jobNames.deliver, data) : agenda.now(jobNames.deliver, data)
      }),
    )
  }

  /** Keeps a long batch's lock fresh, so only a dead worker's jobs are picked up again. */
  function keepLocked(job: Job): () => void {
    const timer = setInterval(() => {
      job.touch().catch((error: unknown) => logger.warn({ err: error, jobId: job.attrs._id }, 'Could not refresh a job lock'))
    }, Math.max(500, Math.floor(settings.lockLifetimeMs / 3)))
    return () => clearInterval(timer)
  }

  agenda.define<DeliverJobData>(
    jobNames.deliver,
    async (job) => {
      const release = keepLocked(job)
      let summary: BatchSummary
      try {
        summary = await deliverBatch(
          { store, dispatcher, secrets, metrics, logger, now, concurrency: settings.deliveryConcurrency, schedule, inFlight },
          job.attrs.data?.deliveryIds ?? [],
        )
      } finally {
        release()
        refillAfterBatch()
      }
      if (summary.attempted > 0 || summary.skipped > 0) logger.debug({ jobId: job.attrs._id, ...summary }, 'Delivered a batch')
    },
    // No more locked than can run: Agenda 6.2's processor drops a locked job
    // whose lock expired while it waited in the local queue without
    // releasing its slot, so under a slow database every waiting slot leaked
    // until `deliver` jobs stopped running in this process for good.
    { concurrency: settings.jobConcurrency, lockLimit: settings.jobConcurrency, lockLifetime: settings.lockLifetimeMs },
  )
  agenda.define(
    jobNames.sweep,
    async () => {
      const stranded = await sweepStrandedDeliveries({ store, now, graceMs: settings.sweepGraceMs, schedule })
      if (stranded > 0) logger.warn({ stranded }, 'Re-enqueued deliveries that no job held')
    },
    { concurrency: 1, lockLifetime: 5 * 60_000 },
  )
  agenda.define(
    jobNames.purgeLogs,
    async () => {
      const purged = await purgeExpiredRecords({ store, now, retentionDays: settings.logRetentionDays })
      logger.info({ ...purged, retentionDays: settings.logRetentionDays }, 'Purged records past retention')
    },
    { concurrency: 1, lockLifetime: 30 * 60_000 },
  )

  let metricsServer: MetricsServer | undefined
  let started = false

  return {
    store,
    agenda,
    metrics,
    settings,
    dispatcher,
    get notificationMode() {
      return channel.mode
    },
    get metricsPort() {
      return metricsServer?.port
    },
    async start() {
      // Before taking any job: a disagreeing edge refuses the start (EdgePolicyMismatchError).
      await dispatcher.verify()
      await store.ensureIndexes()
      await agenda.start()
      started = true
      await agenda.every(settings.sweepEveryMs, jobNames.sweep, undefined, { skipImmediate: true })
      await agenda.every(settings.purgeEveryMs, jobNames.purgeLogs, undefined, { skipImmediate: true })
      if (options.metricsPort !== undefined) {
        metricsServer = await startMetricsServer(
          metrics.registry,
          options.metricsPort,
          () => ({ ...dispatcher.health(), name: settings.name, notifications: channel.mode ?? null, dispatcher: dispatcher.kind }),
          options.metricsHost,
        )
      }
      logger.info(
        { name: settings.name, notifications: channel.mode, dispatcher: dispatcher.kind, metricsPort: metricsServer?.port },
        'Hookline worker started',
      )
    },
    async stop(timeoutMs = settings.deliveryTimeoutMs + 5_000) {
      for (const timer of nudges) clearTimeout(timer)
      nudges.clear()
      if (started) {
        const drained = await agenda.drain({ timeout: timeoutMs, closeConnection: false })
        if (drained.timedOut) logger.warn({ running: drained.running }, 'Stopped with jobs still running; their locks will expire')
        started = false
      }
      await metricsServer?.close()
      metricsServer = undefined
      await dispatcher.close()
    },
  }
}
