import { MongoJobRepository } from '@agendajs/mongo-backend'
import { collectionNames, type Database } from '@hookline/store'
import type { AgendaBackend, JobParameters } from 'agenda'

export interface HooklineAgendaBackendOptions {
  db: Database
  /** Create Agenda's index on connect (the worker); a job creator (the API) leaves it to the worker. */
  ensureIndex: boolean
  /** Errors while connecting (connecting is retried until it succeeds), and locks that could not be released. */
  onError?: (error: unknown) => void
  /**
   * Runs every attempt to lock the next job of a name: `lock` asks the
   * database. A worker learns from it whether its queue ran dry, and may
   * answer "none" without asking (look-credit.ts).
   */
  lookForJob?: (jobName: string, lock: () => Promise<JobParameters | undefined>) => Promise<JobParameters | undefined>
  /** Whether this state of a job need not be written: Agenda saves a job as it starts a run and again as the run ends. */
  stateNotNeeded?: (job: JobParameters) => boolean
  /**
   * Offered the removal of one job by its id (Agenda removes a one-time job
   * that succeeded): true when the caller writes it itself, later (job-removals.ts).
   */
  takeRemoval?: (id: unknown) => boolean
  /**
   * Told once a lock Agenda gave back (`unlockJob`) is written: the job waits
   * again, and no wake-up call says so. Agenda 6 gives back a job it locked
   * past its lock limit (concurrent looks each passed the limit's check
   * before either lock returned) or one due too far ahead.
   */
  onLockReleased?: (job: JobParameters) => void
}

/**
 * The job store of `@agendajs/mongo-backend` on our own `Db`, in
 * `agenda_jobs`. Unlike its `MongoBackend`, it creates no `agenda_logs`
 * collection (we keep no Agenda event log) and its `connect()` never
 * rejects: Agenda calls it from its constructor without a `catch`, so a
 * database that is briefly down would otherwise crash the process. Agenda's
 * `ready` simply waits until the index exists.
 */
export function createAgendaBackend(options: HooklineAgendaBackendOptions): AgendaBackend {
  const repository = new MongoJobRepository({
    mongo: options.db,
    db: { collection: collectionNames.agendaJobs },
    ensureIndex: options.ensureIndex,
  })
  const lookForJob = options.lookForJob
  if (lookForJob) {
    const getNextJobToRun = repository.getNextJobToRun.bind(repository)
    repository.getNextJobToRun = (jobName, ...rest) => lookForJob(jobName, async () => (await getNextJobToRun(jobName, ...rest)) ?? undefined)
  }
  const takeRemoval = options.takeRemoval
  if (takeRemoval) {
    const removeJobs = repository.removeJobs.bind(repository)
    repository.removeJobs = async (removeOptions) => {
      const byIdAlone = removeOptions.id !== undefined && Object.keys(removeOptions).length === 1
      return byIdAlone && takeRemoval(removeOptions.id) ? 1 : removeJobs(removeOptions)
    }
  }
  const stateNotNeeded = options.stateNotNeeded
  if (stateNotNeeded) {
    const saveJobState = repository.saveJobState.bind(repository)
    repository.saveJobState = async (job, saveOptions) => {
      if (stateNotNeeded(job)) return
      await saveJobState(job, saveOptions)
    }
  }
  // Agenda 6 releases a lock it cannot use (its lock limit reached, or a job due too far ahead) with an
  // unlockJob it neither awaits nor catches: a database error there was an unhandled rejection, which
  // ended the worker (seen while PostgreSQL restarted under DocumentDB). A lock left in place only
  // expires, after which any worker takes the job, so the error is reported and the call resolves.
  const unlockJob = repository.unlockJob.bind(repository)
  repository.unlockJob = async (job) => {
    try {
      await unlockJob(job)
      options.onLockReleased?.(job)
    } catch (error) {
      options.onError?.(new Error(`Could not release the lock of job ${String(job._id)}; it is taken again once the lock expires`, { cause: error }))
    }
  }
  let stopped = false
  return {
    name: 'MongoDB (hookline)',
    repository,
    ownsConnection: false,
    async connect() {
      for (let delayMs = 500; !stopped; delayMs = Math.min(delayMs * 2, 10_000)) {
        try {
          await repository.connect()
          return
        } catch (error) {
          options.onError?.(error)
          await new Promise((resolve) => setTimeout(resolve, delayMs))
        }
      }
    },
    async disconnect() {
      stopped = true
    },
  }
}
