import { isDatabaseUnavailable, serverCapabilities, type Database, type RelatedIds } from '@hookline/store'
import { Agenda, type Job, type JobParameters } from 'agenda'
import { ObjectId } from 'mongodb'
import { createAgendaBackend } from './agenda-backend.ts'
import { deliverJobRetry } from './deliver-job-retry.ts'
import { drainWithin } from './drain.ts'
import { jobRecords, type JobRecords } from './job-records.ts'
import { createJobRemovals, type JobRemovals } from './job-removals.ts'
import { isDueNow, jobNames, type DeliverJobData, type QueuedDelivery } from './jobs.ts'
import { LookCredit } from './look-credit.ts'
import { announceDueJobs, MongoNotificationChannel, type NotificationMode } from './mongo-notification-channel.ts'
import { createOrphanedLockRelease } from './orphaned-locks.ts'
import { scheduleDeliveries } from './schedule.ts'

export interface JobProcessorOptions {
  db: Database
  /** Names this process in Agenda's job records. */
  name: string
  /** Agenda's scan period; notifications make most jobs start before it. */
  processEveryMs: number
  /** How long a job's lock lasts without a touch; running jobs touch it every third of it. */
  lockLifetimeMs: number
  /** How long a finished `deliver` job waits for others to share its removal (default 100 ms; job-removals.ts). */
  removalLingerMs?: number
  /** `deliver` jobs running at once in this process. */
  jobConcurrency: number
  notificationMode: 'auto' | 'poll'
  notificationPollMs: number
  onError(error: unknown): void
  /**
   * A job this process locked was removed before it started: its lock had
   * expired, another run finished it, and it is gone. Nothing is left to do
   * (Agenda reports it as an error; `onError` is told when this is not given).
   */
  onJobGone?(error: unknown): void
  /** A lock could not be refreshed (the job keeps running; another worker may pick it up after the lifetime). */
  onLockRefreshFailed?(error: unknown, jobId: unknown): void
  /** Something about the server the operator must know (said once, at start). */
  onWarning?(message: string): void
  /**
   * Whether this process has room for more delivery work besides a free job
   * slot (the worker: a free attempt slot). While it has none, wake-up calls
   * are not polled for; a finished batch asks for the next job anyway.
   */
  hasRoom?(): boolean
  /** The waits before each try to hand on locks a database outage left behind (orphaned-locks.ts; tests shorten them). */
  orphanedLockDelaysMs?: readonly number[]
  /** Told how many such locks were handed on, when any were. */
  onOrphanedLocksReleased?(count: number): void
}

/** Said at start where two workers could lock the same job. */
export const singleWorkerWarning =
  'This database does not apply findAndModify atomically, so two worker processes could lock the same job: run a single worker process against it.'

/**
 * Agenda's error when it saves the state of a job it is about to run and the
 * job's record is no longer there (it says so only in the message).
 */
export function isJobGoneError(error: unknown): boolean {
  return error instanceof Error && /cannot be updated in the database, maybe it does not exist anymore/.test(error.message)
}

/** What a `deliver` handler gets: the job's deliveries, and their events and apps when the job names them. */
export type DeliverHandler = (deliveryIds: string[], jobId: unknown, related: RelatedIds | undefined) => Promise<void>

export interface RecurringJobs {
  sweepEveryMs: number
  purgeEveryMs: number
}

/** The worker's side of the queue: runs `deliver`, `sweep` and `purge-logs` jobs and schedules deliveries. */
export interface JobProcessor extends JobRecords {
  /** How job notifications arrive, once started. */
  readonly notificationMode: NotificationMode | undefined
  /** Stores `deliver` jobs due at `at`, and wakes this process when they fall due. */
  schedule(deliveries: readonly QueuedDelivery[], at: Date): Promise<void>
  onDeliver(handler: DeliverHandler): void
  onSweep(handler: () => Promise<void>): void
  onPurge(handler: () => Promise<void>): void
  start(recurring: RecurringJobs): Promise<void>
  /**
   * Takes no more jobs, waits up to `timeoutMs` for the running ones, then
   * hands every job this process still holds (locked but not started, or
   * still running at the bound) to the other workers at once.
   */
  stop(timeoutMs: number): Promise<StopResult>
}

export interface StopResult {
  /** Jobs were still running at the bound. */
  timedOut: boolean
  /** How many were still running then. */
  running: number
  /** Jobs whose locks were handed on. */
  released: number
}

// How often, and how long at most, a finished batch waits for Agenda to count its slot free (see refillAfterBatch).
const slotCheckMs = 5
const slotWaitLimitMs = 2_000
// Asked again this late when Agenda's count cannot be read.
const blindRefillDelaysMs = [20, 100, 400]
// Finished jobs share one delete per this long by default (job-removals.ts), far inside any lock lifetime.
const defaultRemovalLingerMs = 100
const removalBatchLimit = 500

/** Agenda's own count of locked jobs of a name: internal state of Agenda 6 (no database read), undefined if that changes. */
function lockedByAgenda(agenda: Agenda, jobName: string): number | undefined {
  const processor = (agenda as unknown as { jobProcessor?: { jobStatus?: Record<string, { locked?: number } | undefined> } }).jobProcessor
  const locked = processor?.jobStatus?.[jobName]?.locked
  return typeof locked === 'number' ? locked : undefined
}

/** The ids of the jobs Agenda's processor holds locked in memory: internal state of Agenda 6, undefined if that changes. */
function lockedInMemory(agenda: Agenda): ObjectId[] | undefined {
  const processor = (agenda as unknown as { jobProcessor?: { lockedJobs?: unknown } }).jobProcessor
  const locked = processor?.lockedJobs
  if (!Array.isArray(locked)) return undefined
  // Agenda 6 names a job by its id's text (a JobId); the database by the ObjectId.
  const ids = locked.map((job) => String((job as { attrs?: { _id?: unknown } }).attrs?._id))
  return ids.every((id) => /^[0-9a-f]{24}$/i.test(id)) ? ids.map((id) => new ObjectId(id)) : undefined
}

/**
 * Makes every scan of Agenda 6's processor an uncounted wake-up call (its
 * looks go on until one finds nothing: a dead worker's job is found by scans
 * alone). Internal state of Agenda 6: false, and no look is ever skipped, if
 * that changes.
 */
function announceScans(agenda: Agenda, credit: LookCredit): boolean {
  const processor = (agenda as unknown as { jobProcessor?: { process?: unknown } }).jobProcessor
  if (!processor || typeof processor.process !== 'function') return false
  const scan = (processor.process as () => Promise<void>).bind(processor)
  processor.process = () => {
    credit.announce()
    return scan()
  }
  return true
}

/**
 * An Agenda 6 processor on `agenda_jobs` with the notification channel, one
 * per worker process.
 */
export function createJobProcessor(options: JobProcessorOptions): JobProcessor {
  // `deliver` jobs this process holds a slot for, until Agenda counts the slot free again: with every slot taken, a wake-up call could not start another.
  let heldDeliverSlots = 0
  const canTakeJobs = () => heldDeliverSlots < options.jobConcurrency && (options.hasRoom?.() ?? true)
  let looksUnderWay = 0
  // Whether the last look for a `deliver` job found none, and whether a wake-up call came while there was no room:
  // a finished batch asks for the next job only when one may be waiting.
  let deliverQueueDry = false
  let wokenWithoutRoom = false
  // Which looks for a `deliver` job can still find one (look-credit.ts); used once scans are known to count as uncounted calls.
  const lookCredit = new LookCredit()
  let skipFruitlessLooks = false
  // `deliver` jobs whose handler is running, and those whose handler returned (Agenda removes those next).
  const runningDeliverJobs = new Set<string>()
  const succeededDeliverJobs = new Set<string>()
  // Succeeded `deliver` jobs whose removal Agenda has yet to ask for (takeRemoval takes each out, batched or not),
  // and the batch that writes those removals (made at start, where the server finds a list of ids through the
  // index: elsewhere an `$in` scans the jobs).
  const removableDeliverJobs = new Set<string>()
  let removals: JobRemovals | undefined
  function takeRemoval(id: unknown): boolean {
    // Agenda names the job by its id's text.
    const key = String(id)
    if (!removableDeliverJobs.delete(key) || !removals || !/^[0-9a-f]{24}$/i.test(key)) return false
    removals.add(new ObjectId(key))
    return true
  }
  /**
   * Agenda 6 writes a job's state as a run starts and as it ends, then
   * deletes a one-time job that succeeded. For a `deliver` job neither write
   * is needed when the run succeeds, so only a failed run's closing state is
   * written: two commands fewer per job.
   * - The starting write sets the run time, clears the due time and repeats
   *   the lock. The lock alone already keeps every other worker off the job
   *   until it expires, exactly as before; an expired lock is taken again
   *   whatever the due time says. Lock refreshes during the run are written.
   * - Should the removal fail, the job keeps its lock; once the lock expires a
   *   worker runs the job again and finds its deliveries done.
   * - The removal itself waits up to `removalLingerMs` to share one delete
   *   with other finished jobs (job-removals.ts).
   */
  function deliverStateNotNeeded(job: JobParameters): boolean {
    if (job.name !== jobNames.deliver || job.repeatInterval || job._id === undefined) return false
    const id = String(job._id)
    if (job.lockedAt) return !runningDeliverJobs.has(id)
    return succeededDeliverJobs.delete(id) && !job.nextRunAt
  }
  const channel = new MongoNotificationChannel({
    db: options.db,
    mode: options.notificationMode,
    pollIntervalMs: options.notificationPollMs,
    onError: options.onError,
    canTakeJobs,
    onWake: (jobName, announced) => {
      if (jobName !== jobNames.deliver) return
      lookCredit.announce(announced)
      if (!canTakeJobs()) wokenWithoutRoom = true
    },
  })
  channel.on('error', options.onError)
  const agenda = new Agenda({
    name: options.name,
    // Its lock index is declared with every other in @hookline/store (indexCatalogue) and made by the store's ensureIndexes at start.
    backend: createAgendaBackend({
      db: options.db,
      ensureIndex: false,
      onError: (error) => {
        if (isDatabaseUnavailable(error)) orphanedLocks.trigger()
        options.onError(error)
      },
      // After the last announced job, Agenda would ask once more and find nothing: one command per wake-up saved.
      // Looks are counted while under way: a lock they write is not known here until they return.
      lookForJob: async (jobName, lock) => {
        looksUnderWay++
        try {
          return await lookForJob(jobName, lock)
        } finally {
          looksUnderWay--
        }
      },
      stateNotNeeded: deliverStateNotNeeded,
      takeRemoval,
      onLockReleased: lookAgainForReleased,
    }),
    notificationChannel: channel,
    processEvery: options.processEveryMs,
    defaultLockLifetime: options.lockLifetimeMs,
    maxConcurrency: options.jobConcurrency + 2,
    removeOnComplete: true,
  })
  /**
   * Agenda gave back a lock it took past its limit: several wake-up calls
   * started looks at once, each passed the limit's check, and the jobs locked
   * beyond it are released. The look that found such a job settled an
   * announced job (look-credit.ts), and the batch that frees a slot asks for
   * the next job only while one is announced, so it waited for Agenda's next
   * scan (up to 5 s, the late deliveries seen at 200–300 publishes a second).
   * It now counts as an uncounted wake-up, written after the lock is gone, so
   * the next look finds it: at once where there is room, else after a batch.
   */
  function lookAgainForReleased(job: JobParameters): void {
    if (job.name !== jobNames.deliver || !isDueNow(job.nextRunAt) || !started) return
    lookCredit.announce()
    wokenWithoutRoom = true
    deliverQueueDry = false
    if (canTakeJobs()) channel.nudge(jobNames.deliver)
  }
  async function lookForJob(jobName: string, lock: () => Promise<JobParameters | undefined>): Promise<JobParameters | undefined> {
    if (jobName !== jobNames.deliver) return lock()
    if (skipFruitlessLooks && !lookCredit.worthLooking()) {
      deliverQueueDry = true
      return undefined
    }
    const ticket = lookCredit.startLook()
    const job = await lock()
    // Agenda also locks jobs due before its next scan. Such a job was never announced (only jobs due now
    // ring), so it settles nothing (look-credit.ts): a job announced meanwhile is still looked for.
    lookCredit.finishLook(ticket, job === undefined ? 'none' : isDueNow(job.nextRunAt) ? 'due' : 'later')
    deliverQueueDry = job === undefined
    return job
  }
  agenda.on('error', (error: unknown) => {
    if (isDatabaseUnavailable(error)) orphanedLocks.trigger()
    if (isJobGoneError(error) && options.onJobGone) options.onJobGone(error)
    else options.onError(error)
  })
  agenda.on(`fail:${jobNames.deliver}`, (error: unknown) => {
    if (isDatabaseUnavailable(error)) orphanedLocks.trigger()
  })

  // Timers that wake the processor when a scheduled retry falls due (see MongoNotificationChannel.nudge).
  const nudges = new Set<NodeJS.Timeout>()
  /** Wakes this process's own processor for `deliver` jobs, however many there are. */
  function nudgeDeliver(): void {
    lookCredit.announce()
    channel.nudge(jobNames.deliver)
  }
  function nudgeAt(at: Date): void {
    const timer = setTimeout(() => {
      nudges.delete(timer)
      nudgeDeliver()
    }, at.getTime() - Date.now() + 5)
    timer.unref()
    nudges.add(timer)
  }
  // A failed deliver job's retry (deliver-job-retry.ts) is stored due in a second or so; Agenda would find it
  // only at its next scan. Its timer is this process's own: another worker's scan may take it first.
  agenda.on(`retry:${jobNames.deliver}`, (_job: Job, retry: { nextRunAt: Date }) => nudgeAt(retry.nextRunAt))

  /**
   * A finished batch frees a slot, but Agenda looks for the next job only on
   * its scan or a wake-up call, and counts the slot free only after the
   * handler returns and the job is removed. So wait (in memory: Agenda's own
   * count, no database read) until it does, then ask for the next job if one
   * may be waiting: one announced and not yet taken (look-credit.ts) or,
   * where looks are never skipped, whenever the queue was not last seen dry
   * or a wake-up call came meanwhile without room for it. An idle worker then
   * spends no lock attempt per batch, and a backlog is still taken up at once.
   */
  async function refillAfterBatch(): Promise<void> {
    try {
      for (let waitedMs = 0; waitedMs < slotWaitLimitMs; waitedMs += slotCheckMs) {
        const locked = lockedByAgenda(agenda, jobNames.deliver)
        if (locked === undefined) {
          for (const delayMs of blindRefillDelaysMs) nudgeAt(new Date(Date.now() + delayMs))
          return
        }
        if (locked < options.jobConcurrency) break
        await new Promise((resolve) => setTimeout(resolve, slotCheckMs))
      }
    } finally {
      heldDeliverSlots--
    }
    if (!started) return
    const mayBeWaiting = skipFruitlessLooks ? lookCredit.worthLooking() : !deliverQueueDry || wokenWithoutRoom
    wokenWithoutRoom = false
    // Not an uncounted call: the looks it starts stop where the credit says.
    if (mayBeWaiting) channel.nudge(jobNames.deliver)
  }

  /** Keeps a long batch's lock fresh, so only a dead worker's jobs are picked up again. */
  const lockKeepers = new Set<NodeJS.Timeout>()
  function keepLocked(job: Job): () => void {
    const timer = setInterval(() => {
      job.touch().catch((error: unknown) => options.onLockRefreshFailed?.(error, job.attrs._id))
    }, Math.max(500, Math.floor(options.lockLifetimeMs / 3)))
    lockKeepers.add(timer)
    return () => {
      clearInterval(timer)
      lockKeepers.delete(timer)
    }
  }
  const records = jobRecords(options.db)
  const orphanedLocks = createOrphanedLockRelease({
    ...(options.orphanedLockDelaysMs ? { delaysMs: options.orphanedLockDelaysMs } : {}),
    looking: () => looksUnderWay > 0,
    async release(lockedBefore) {
      const kept = lockedInMemory(agenda)
      if (!kept) return 0 // without Agenda's own list, a live lock cannot be told from a lost one
      // A finished job waiting for its removal is held by no one in memory: removed first, not handed on.
      await removals?.flush()
      return records.releaseOrphanedLocks(options.name, kept, lockedBefore)
    },
    onReleased: (count) => {
      options.onOrphanedLocksReleased?.(count)
      nudgeDeliver()
    },
    onError: options.onError,
  })

  let started = false
  return {
    ...records,
    get notificationMode() {
      return channel.mode
    },
    async schedule(deliveries, at) {
      if (at.getTime() > Date.now()) nudgeAt(at)
      await scheduleDeliveries(agenda, deliveries, at)
    },
    onDeliver(handler) {
      agenda.define<DeliverJobData>(
        jobNames.deliver,
        async (job) => {
          const release = keepLocked(job)
          const id = String(job.attrs._id)
          heldDeliverSlots++
          runningDeliverJobs.add(id)
          try {
            const data = job.attrs.data
            await handler(data?.deliveryIds ?? [], job.attrs._id, relatedIdsOf(data))
            succeededDeliverJobs.add(id)
            removableDeliverJobs.add(id)
          } finally {
            runningDeliverJobs.delete(id)
            release()
            void refillAfterBatch()
          }
        },
        // No more locked than can run: Agenda 6.2's processor drops a locked job
        // whose lock expired while it waited in the local queue without
        // releasing its slot, so under a slow database every waiting slot leaked
        // until `deliver` jobs stopped running in this process for good.
        { concurrency: options.jobConcurrency, lockLimit: options.jobConcurrency, lockLifetime: options.lockLifetimeMs, backoff: deliverJobRetry },
      )
    },
    onSweep(handler) {
      agenda.define(jobNames.sweep, handler, { concurrency: 1, lockLifetime: 5 * 60_000 })
    },
    onPurge(handler) {
      agenda.define(jobNames.purgeLogs, handler, { concurrency: 1, lockLifetime: 30 * 60_000 })
    },
    async start(recurring) {
      // Agenda locks a job with findAndModify; without atomicity a second process may lock it too.
      // A duplicate in this process is caught by the worker's in-flight set; across processes it is not.
      const capabilities = await serverCapabilities(options.db)
      if (!capabilities.atomicFindAndModify) options.onWarning?.(singleWorkerWarning)
      if (capabilities.filterPushdown) {
        removals = createJobRemovals({
          remove: (ids) => records.removeJobs(ids),
          lingerMs: options.removalLingerMs ?? defaultRemovalLingerMs,
          maxBatch: removalBatchLimit,
          onError: options.onError,
        })
      }
      await agenda.start()
      skipFruitlessLooks = announceScans(agenda, lookCredit)
      if (!skipFruitlessLooks) options.onWarning?.('Agenda no longer exposes its scan: every wake-up call ends in a look that finds nothing (one command more per job).')
      started = true
      await agenda.every(recurring.sweepEveryMs, jobNames.sweep, undefined, { skipImmediate: true })
      await agenda.every(recurring.purgeEveryMs, jobNames.purgeLogs, undefined, { skipImmediate: true })
    },
    async stop(timeoutMs) {
      orphanedLocks.stop()
      for (const timer of nudges) clearTimeout(timer)
      nudges.clear()
      if (!started) return { timedOut: false, running: 0, released: 0 }
      started = false
      const drained = await drainWithin(agenda, timeoutMs)
      // A job still running past the bound must not touch (and so re-take) its lock after it was handed on.
      for (const timer of lockKeepers) clearInterval(timer)
      lockKeepers.clear()
      // Before the locks are handed on: a finished job still waiting for its removal would be run again elsewhere.
      await removals?.flush()
      const released = await records.releaseLocks(options.name)
      // The other workers take them at once, not at their next scan: a wake-up call that counts them.
      await announceDueJobs(options.db, jobNames.deliver, released).catch(options.onError)
      return { timedOut: drained.timedOut, running: drained.running, released }
    },
  }
}

/** A job's events and apps, only when it names both as lists of text (a job stored by hand may not). */
function relatedIdsOf(data: DeliverJobData | undefined): RelatedIds | undefined {
  const { eventIds, appIds } = data ?? {}
  const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')
  return isTextList(eventIds) && isTextList(appIds) ? { eventIds, appIds } : undefined
}
