import { createGroupCommit, type Database } from '@hookline/store'
import { Agenda } from 'agenda'
import { createAgendaBackend } from './agenda-backend.ts'
import { deliveriesPerJob, type QueuedDelivery } from './jobs.ts'
import { MongoNotificationChannel } from './mongo-notification-channel.ts'
import { scheduleDeliveries } from './schedule.ts'

/** How the API (or anything else) hands deliveries to the worker. */
export interface DeliveryQueue {
  /**
   * Stores `deliver` jobs for these deliveries (at most 1,000 per job), due at
   * `at` (default now), and wakes the workers. Resolves once the jobs are
   * stored; returns how many jobs these deliveries need (deliveries due now
   * from concurrent calls share jobs, so fewer may be created). Deliveries
   * given with their event and app are read by the worker in one command.
   */
  enqueue(deliveries: readonly QueuedDelivery[], at?: Date): Promise<number>
  /** Stops publishing notifications (the database client is the caller's). */
  close(): Promise<void>
}

export interface DeliveryQueueOptions {
  db: Database
  /** Names this process in Agenda's `lastModifiedBy`. */
  name?: string
  /** Errors that do not fail an enqueue (a wake-up call that could not be published). */
  onError?: (error: unknown) => void
}

/**
 * A non-processing Agenda on the worker's job collection, with the same
 * notification channel, so a job created here wakes the worker at once.
 * Nothing touches the database until the first `enqueue`.
 */
export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  let started: Promise<Agenda> | undefined
  let channel: MongoNotificationChannel | undefined

  function start(): Promise<Agenda> {
    started ??= (async () => {
      channel = new MongoNotificationChannel({ db: options.db, listen: false })
      channel.on('error', (error: unknown) => options.onError?.(error))
      const agenda = new Agenda({
        name: options.name ?? 'hookline-api',
        backend: createAgendaBackend({ db: options.db, ensureIndex: false }),
        notificationChannel: channel,
      })
      agenda.on('error', (error: unknown) => options.onError?.(error))
      await channel.connect()
      await agenda.ready
      return agenda
    })().catch((error: unknown) => {
      started = undefined
      throw error
    })
    return started
  }

  async function createJobs(deliveries: readonly QueuedDelivery[], at?: Date): Promise<number> {
    return scheduleDeliveries(await start(), deliveries, at)
  }
  // Deliveries due now, from requests that publish at the same time, share
  // jobs: a job per request would leave the worker with thousands of
  // one-delivery jobs to lock one by one under load.
  const enqueueDueNow = createGroupCommit<QueuedDelivery>(async (deliveries) => void (await createJobs(deliveries)))

  return {
    async enqueue(deliveries, at) {
      if (deliveries.length === 0) return 0
      if (at && at.getTime() > Date.now()) return createJobs(deliveries, at)
      await enqueueDueNow(deliveries)
      return Math.ceil(deliveries.length / deliveriesPerJob)
    },
    async close() {
      if (!started) return
      await started.catch(() => undefined)
      await channel?.disconnect()
      started = undefined
    },
  }
}
