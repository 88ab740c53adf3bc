import { randomUUID } from 'node:crypto'
import { collectionNames, ensureNotificationCollection, serverCapabilities, type Database } from '@hookline/store'
import { BaseNotificationChannel, toJobId, type JobNotification } from 'agenda'
import type { Collection, FindCursor, ObjectId } from 'mongodb'
import { nextDoorbellWait } from './doorbell-wait.ts'
import { JobDoorbell } from './job-doorbell.ts'
import { isDueNow } from './jobs.ts'

/** One wake-up call in the capped collection. A marker entry has no job. */
interface NotificationDocument {
  _id?: ObjectId
  jobId?: string
  jobName?: string
  nextRunAt?: Date | null
  priority?: number
  source?: string
  marker?: string
  at: Date
}

/**
 * How a listener learns of new entries: pushed by a tailable cursor (a
 * server with tailable cursors), by polling the doorbell (one without,
 * whether forced to poll or not; see job-doorbell.ts), or by polling the
 * notification collection (forced where the server tails, or a tailable
 * cursor the server stopped keeping open).
 */
export type NotificationMode = 'tail' | 'doorbell' | 'poll'

export interface MongoNotificationChannelOptions {
  db: Database
  /** Workers listen; a publisher that only creates jobs (the API) does not. Default true. */
  listen?: boolean
  /** `auto` (default) tails where the server has tailable cursors, else polls the doorbell; `poll` forces polling: the notification collection where the server tails, the doorbell where it cannot. */
  mode?: 'auto' | 'poll'
  /** Polling period when tailing is unavailable. Default 20 ms. */
  pollIntervalMs?: number
  /** Errors while listening (the channel keeps going). */
  onError?: (error: unknown) => void
  /**
   * Whether this listener could take a job now. While it answers false the
   * doorbell is not read: a ring is a changed token, so the first read after
   * a slot frees still sees it, and a busy worker stops costing the
   * database a read every `pollIntervalMs`. Default: always.
   */
  canTakeJobs?: () => boolean
  /**
   * Told of every wake-up call that reaches this listener from the database
   * (not of nudges), with how many due jobs it announces where that can be
   * told: one per entry, or the doorbell's count where the server's updates
   * of one document are atomic.
   */
  onWake?: (jobName: string, announced: number | undefined) => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
// Polls read a little behind their last start, so an entry written while a
// poll ran is not missed; ids already handled are remembered this long.
const pollOverlapMs = 1_000
const seenWindowMs = 10_000
// A server may keep more than the capped `max` until its own cleanup runs, or not cap the collection at all.
const pollTrimEveryMs = 30_000
const pollKeepMs = 60_000

/**
 * Tells the listening workers that `jobs` jobs of `jobName` are due now
 * without a channel of one's own: a worker that stops hands its locked jobs
 * on (job-records.ts `releaseLocks`) after Agenda disconnected its channel.
 * Written the way the server's listeners read: the doorbell, or an entry
 * per job.
 */
export async function announceDueJobs(db: Database, jobName: string, jobs: number): Promise<void> {
  if (jobs <= 0) return
  const capabilities = await serverCapabilities(db)
  if (!capabilities.tailableCursors) return new JobDoorbell(db).ring(jobName, jobs)
  const at = new Date()
  await db
    .collection<NotificationDocument>(collectionNames.agendaNotifications)
    .insertMany(Array.from({ length: jobs }, () => ({ jobId: 'released', jobName, nextRunAt: null, priority: 0, at })))
}

/**
 * Agenda's notification channel over MongoDB: `publish()` writes a small
 * entry into the capped `agenda_notifications` collection, and every
 * listening worker wakes up and fills its queue at once instead of waiting
 * for the next `processEvery` scan. Which way the wake-up travels is read
 * from the server's capability profile, not its name: where the server has
 * tailable cursors the entries are pushed through one; where it has not
 * (FerretDB), `publish()` instead rings a small doorbell document that
 * listeners read every `pollIntervalMs` (see job-doorbell.ts), and writes no
 * entry, since no listener there reads entries. Lost wake-up
 * calls only cost latency: Agenda's regular scan still finds every job.
 */
export class MongoNotificationChannel extends BaseNotificationChannel {
  private readonly options: Required<Omit<MongoNotificationChannelOptions, 'onError'>> & Pick<MongoNotificationChannelOptions, 'onError'>
  private readonly collection: Collection<NotificationDocument>
  private listening = false
  private loop: Promise<void> | undefined
  private cursor: FindCursor<NotificationDocument> | undefined
  private activeMode: NotificationMode | undefined
  private doorbell: JobDoorbell
  /** Set at connect: the server has no tailable cursors, so publishing also rings the doorbell. */
  private ringDoorbell = false

  constructor(options: MongoNotificationChannelOptions) {
    super({ channelName: collectionNames.agendaNotifications, reconnect: { enabled: false } })
    this.options = { listen: true, mode: 'auto', pollIntervalMs: 20, canTakeJobs: () => true, onWake: () => {}, ...options }
    this.collection = options.db.collection<NotificationDocument>(collectionNames.agendaNotifications)
    this.doorbell = new JobDoorbell(options.db)
  }

  /** How this listener receives entries, once connected. */
  get mode(): NotificationMode | undefined {
    return this.activeMode
  }

  async connect(): Promise<void> {
    if (this.state === 'connected') return
    this.setState('connecting')
    try {
      const capabilities = await serverCapabilities(this.options.db)
      await ensureNotificationCollection(this.options.db, capabilities)
      this.ringDoorbell = !capabilities.tailableCursors
      this.doorbell = new JobDoorbell(this.options.db, capabilities.atomicFindAndModify)
      if (this.options.listen) {
        this.listening = true
        const tail = this.options.mode === 'auto' && capabilities.tailableCursors ? await this.openTail() : undefined
        if (tail) {
          this.activeMode = 'tail'
          this.loop = this.tailLoop(tail)
        } else if (this.ringDoorbell) {
          // Forced polling too: where the server cannot tail, publishers write the doorbell and nothing else.
          this.activeMode = 'doorbell'
          await this.doorbell.rungSince()
          this.loop = this.doorbellLoop()
        } else {
          this.activeMode = 'poll'
          this.loop = this.pollLoop()
        }
      }
      this.setState('connected')
    } catch (error) {
      this.listening = false
      this.setState('error')
      throw new Error('Cannot connect the job notification channel', { cause: error })
    }
  }

  async disconnect(): Promise<void> {
    this.listening = false
    await this.cursor?.close().catch(() => undefined)
    await this.loop
    this.loop = undefined
    this.handlers.clear()
    this.stateHandlers.clear()
    this.setState('disconnected')
  }

  /**
   * Wakes this process's own subscribers for `jobName`, without the
   * database: the worker calls it when a job it scheduled falls due, since
   * Agenda's own timer can fire a millisecond early and then waits for the
   * next scan.
   */
  nudge(jobName: string): void {
    if (this.state !== 'connected') return
    void this.notifyHandlers({ jobId: toJobId('nudge'), jobName, nextRunAt: null, priority: 0, timestamp: new Date() })
  }

  async publish(notification: JobNotification): Promise<void> {
    if (this.state !== 'connected') throw new Error('Cannot publish a job notification: the channel is not connected')
    if (this.ringDoorbell) {
      // Listeners on this server read only the doorbell, so an entry would be a write nobody reads.
      // A scheduled job is found by the workers' own timers and scans; only one due now needs waking for.
      if (isDueNow(notification.nextRunAt)) await this.doorbell.ring(notification.jobName)
      return
    }
    await this.collection.insertOne({
      jobId: String(notification.jobId),
      jobName: notification.jobName,
      nextRunAt: notification.nextRunAt,
      priority: notification.priority,
      ...(notification.source ? { source: notification.source } : {}),
      at: new Date(),
    })
  }

  /**
   * Opens a tailable cursor positioned after a fresh marker entry, or returns
   * undefined when the server closes tailable cursors after the first batch.
   */
  private async openTail(): Promise<FindCursor<NotificationDocument> | undefined> {
    const marker = randomUUID()
    const at = new Date()
    await this.collection.insertOne({ marker, at })
    const cursor = this.collection.find(
      { at: { $gte: new Date(at.getTime() - pollOverlapMs) } },
      { tailable: true, awaitData: true, maxAwaitTimeMS: 1_000 },
    )
    for (;;) {
      const entry = await cursor.tryNext()
      if (!entry) break
      if (entry.marker === marker) {
        if (cursor.closed || cursor.id === undefined || cursor.id.isZero()) break
        this.cursor = cursor
        return cursor
      }
    }
    await cursor.close()
    return undefined
  }

  private async tailLoop(first: FindCursor<NotificationDocument>): Promise<void> {
    let cursor: FindCursor<NotificationDocument> | undefined = first
    while (this.listening) {
      try {
        cursor ??= await this.openTail()
        if (!cursor) {
          // The server stopped keeping the cursor open: fall back for good.
          this.activeMode = 'poll'
          return await this.pollLoop()
        }
        const entry = await cursor.tryNext()
        if (entry) await this.notifyOncePerJobName([entry])
        else if (cursor.closed) cursor = undefined
      } catch (error) {
        if (!this.listening) break
        this.options.onError?.(error)
        await cursor?.close().catch(() => undefined)
        cursor = undefined
        await sleep(1_000)
      }
    }
    await cursor?.close().catch(() => undefined)
  }

  private async pollLoop(): Promise<void> {
    const seen = new Map<string, number>()
    let since = Date.now() - pollOverlapMs
    let lastTrim = Date.now()
    while (this.listening) {
      const started = Date.now()
      try {
        const entries = await this.collection.find({ at: { $gte: new Date(since) } }).toArray()
        since = started - pollOverlapMs
        const fresh = entries.filter((entry) => entry._id && !seen.has(entry._id.toHexString()))
        for (const entry of fresh) seen.set(entry._id!.toHexString(), entry.at.getTime())
        for (const [id, at] of seen) if (at < started - seenWindowMs) seen.delete(id)
        if (fresh.length > 0) await this.notifyOncePerJobName(fresh)
        if (started - lastTrim > pollTrimEveryMs) {
          lastTrim = started
          await this.collection.deleteMany({ at: { $lt: new Date(started - pollKeepMs) } })
        }
      } catch (error) {
        if (!this.listening) break
        this.options.onError?.(error)
        await sleep(1_000)
      }
      await sleep(Math.max(0, this.options.pollIntervalMs - (Date.now() - started)))
    }
  }

  /**
   * Reads the doorbell every `pollIntervalMs` while rings keep coming, and
   * less often once they stop (doorbell-wait.ts); Agenda's scan remains the
   * bound when a wake-up call is lost.
   */
  private async doorbellLoop(): Promise<void> {
    let intervalMs = this.options.pollIntervalMs
    let lastRingAt = Number.NEGATIVE_INFINITY
    while (this.listening) {
      const started = Date.now()
      try {
        const rung = this.options.canTakeJobs() ? await this.doorbell.rungSince() : []
        if (rung.length > 0) lastRingAt = Date.now()
        intervalMs = nextDoorbellWait(intervalMs, Date.now() - lastRingAt, this.options.pollIntervalMs)
        for (const { jobName, rings } of rung) {
          this.options.onWake(jobName, rings)
          await this.notifyHandlers({ jobId: toJobId('doorbell'), jobName, nextRunAt: null, priority: 0, timestamp: new Date() })
        }
      } catch (error) {
        if (!this.listening) break
        this.options.onError?.(error)
        await sleep(1_000)
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - started)))
    }
  }

  /** One wake-up per job name, with the earliest run time: Agenda fills a whole queue per call. */
  private async notifyOncePerJobName(entries: NotificationDocument[]): Promise<void> {
    const byName = new Map<string, JobNotification>()
    // Each entry is one saved job. All count, those due later too: Agenda locks
    // a job up to one scan period early, and counting too many costs one look.
    const jobsByName = new Map<string, number>()
    for (const entry of entries) {
      if (!entry.jobName || !entry.jobId) continue
      const nextRunAt = entry.nextRunAt ?? null
      jobsByName.set(entry.jobName, (jobsByName.get(entry.jobName) ?? 0) + 1)
      const current = byName.get(entry.jobName)
      if (current && current.nextRunAt !== null && (nextRunAt === null || nextRunAt < current.nextRunAt)) current.nextRunAt = nextRunAt
      if (current) continue
      byName.set(entry.jobName, {
        jobId: toJobId(entry.jobId),
        jobName: entry.jobName,
        nextRunAt,
        priority: entry.priority ?? 0,
        timestamp: entry.at,
        ...(entry.source ? { source: entry.source } : {}),
      })
    }
    for (const notification of byName.values()) {
      this.options.onWake(notification.jobName, jobsByName.get(notification.jobName))
      await this.notifyHandlers(notification)
    }
  }
}
