import { exponential } from 'agenda'

/**
 * When a `deliver` job itself fails (its batch could not be read or written:
 * the database went away mid-batch, or restarted after a crash), Agenda runs
 * it again after about 1, 2, 4, 8 and 16 s: the schedule of
 * outageRetryDelaysMs in Agenda's own terms, with ±20 % jitter so the jobs
 * of one outage do not all come back at once. Without a retry the job stayed
 * failed and its deliveries waited for the sweep, 60 to 90 s (a 72 s
 * delivery after a DocumentDB crash, 2026-12-04). A re-run is safe: the
 * batch attempts only deliveries still due, so those already recorded are
 * not sent again. After the fifth retry the sweep remains the backstop; a
 * pending retry holds its deliveries (job-records.ts), so the sweep never
 * queues them twice.
 */
export const deliverJobRetry = exponential({ delay: 1_000, factor: 2, maxRetries: 5, jitter: 0.2 })
