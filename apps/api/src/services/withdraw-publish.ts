import { isDatabaseUnavailable, type Store } from '@hookline/store'

/** What one publish request wrote before it failed, to be taken back. */
export interface PublishWrites {
  tenantId: string
  eventIds: string[]
  deliveryIds: string[]
  /** Idempotency keys the request tried to store (only its own records are removed). */
  keys: string[]
}

export interface WithdrawOptions {
  /**
   * How long to keep trying while the database is away. Must stay well under
   * the worker's sweep grace (60 s): until then nothing delivers a delivery
   * that no job holds, so a withdrawal that finishes in time is never seen.
   */
  withinMs?: number
  retryEveryMs?: number
  /** Told once the withdrawal is given up (the database stayed away). */
  onGiveUp?: (error: unknown, writes: PublishWrites) => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Takes back what a failed publish wrote, in the order that never leaves a
 * dangling reference: idempotency keys first (no key answers with an event
 * that is gone), then deliveries (none without its event), then events.
 * Each step deletes by id, so repeating one after a failure is harmless.
 * Retries while the database is away, until `withinMs` passes; any other
 * error ends it at once (a retry would meet it again).
 */
export async function withdrawPublish(store: Store, writes: PublishWrites, options: WithdrawOptions = {}): Promise<boolean> {
  const deadline = Date.now() + (options.withinMs ?? 40_000)
  for (;;) {
    try {
      await store.idempotencyKeys.removeAnswering(writes.tenantId, writes.keys, writes.eventIds)
      await store.deliveries.removeMany(writes.deliveryIds)
      await store.events.removeMany(writes.eventIds)
      return true
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + (options.retryEveryMs ?? 1_000) > deadline) {
        options.onGiveUp?.(error, writes)
        return false
      }
      await sleep(options.retryEveryMs ?? 1_000)
    }
  }
}
