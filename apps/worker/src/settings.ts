import { hostname } from 'node:os'

/** How the worker behaves; `config.ts` reads it from the environment, tests pass it directly. */
export interface WorkerSettings {
  /** Names this worker in Agenda's job records. */
  name: string
  /** CIDRs the address policy allows although not public (HOOKLINE_ENDPOINT_ALLOWLIST). */
  endpointAllowlist: string[]
  /** Accept http: endpoints (HOOKLINE_ALLOW_HTTP). */
  allowHttp: boolean
  /** Attempts run on the edge dispatcher instead of in-process when set. */
  edge: { url: string; token: string } | undefined
  /** One attempt, from address check to response excerpt. */
  deliveryTimeoutMs: number
  /**
   * Attempts in flight per `deliver` job slot: the worker keeps at most
   * `jobConcurrency × deliveryConcurrency` in flight, shared by the jobs it
   * runs, so one large job alone may use them all.
   */
  deliveryConcurrency: number
  /** `deliver` jobs running at once in this process. */
  jobConcurrency: number
  /**
   * How long a job's lock lasts without a touch: after a worker dies, its
   * jobs run again this long after their last touch. Running jobs touch
   * their lock every third of it.
   */
  lockLifetimeMs: number
  /** Agenda's scan period; notifications make most jobs start before it. */
  processEveryMs: number
  /** `auto`: push (tailable cursor) where the database supports it, polling otherwise. */
  notificationMode: 'auto' | 'poll'
  notificationPollMs: number
  /** Delivery logs (and unreferenced events) older than this are deleted. */
  logRetentionDays: number
  sweepEveryMs: number
  /** An in-progress delivery this overdue, held by no job, is enqueued again by the sweep. */
  sweepGraceMs: number
  purgeEveryMs: number
}

export function defaultWorkerSettings(): WorkerSettings {
  return {
    name: `worker@${hostname()}:${process.pid}`,
    endpointAllowlist: [],
    allowHttp: false,
    edge: undefined,
    deliveryTimeoutMs: 15_000,
    deliveryConcurrency: 16,
    jobConcurrency: 4,
    lockLifetimeMs: 60_000,
    processEveryMs: 5_000,
    notificationMode: 'auto',
    notificationPollMs: 20,
    logRetentionDays: 30,
    sweepEveryMs: 30_000,
    sweepGraceMs: 60_000,
    purgeEveryMs: 60 * 60_000,
  }
}
