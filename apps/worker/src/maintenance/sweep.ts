import type { Store } from '@hookline/store'

export interface SweepContext {
  store: Store
  now: () => Date
  /** How overdue a delivery must be before the sweep steps in. */
  graceMs: number
  schedule(deliveryIds: string[], at: Date): Promise<void>
  /** Those of these deliveries a waiting or running job holds (the queue's job records). */
  heldByJobs(deliveryIds: readonly string[]): Promise<Set<string>>
}

const maxPerSweep = 1_000

/**
 * Nothing acknowledged is stranded: a delivery still pending or retrying
 * well after its attempt was due, that no waiting or running `deliver` job
 * holds (the API died between storing it and creating its job, or its job
 * failed on a database error), gets a new job. Returns how many.
 */
export async function sweepStrandedDeliveries(context: SweepContext): Promise<number> {
  const now = context.now()
  const overdue = await context.store.deliveries.findOverdue(new Date(now.getTime() - context.graceMs), maxPerSweep)
  if (overdue.length === 0) return 0
  const held = await context.heldByJobs(overdue)
  const stranded = overdue.filter((id) => !held.has(id))
  if (stranded.length > 0) await context.schedule(stranded, now)
  return stranded.length
}
