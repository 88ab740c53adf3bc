import { randomBytes } from 'node:crypto'
import type { Db } from 'mongodb'
import { collectionNames } from '../collections.ts'
import { isDuplicateKeyError } from '../errors.ts'

/** One lease, named by `_id`: not a scratch collection (those are per run and dropped), and read by `_id` only. */
interface LeaseDocument {
  _id: string
  holder: string
  expiresAt: Date
}

export interface ProbeLeaseOptions {
  /** How long a lease lasts if its holder dies without giving it back (a live holder renews it every third of that). Default 15 s. */
  lifetimeMs?: number
  /** How long to wait for a lease another process holds before giving up. Default 30 s. */
  maxWaitMs?: number
  /** Between two tries while another process holds it. Default 50 ms (plus up to as much again, at random). */
  retryMs?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `run` while this process holds the lease named `name` in `db`, so
 * that processes starting together run it one after another; answers
 * `{ ran: false }` without running it when the lease stays taken for
 * `maxWaitMs`. The lease is an insert of a fixed `_id`, which every
 * server refuses twice whatever else it lacks; a lease whose holder died
 * is deleted once it has expired. Expiry compares the clocks of two hosts:
 * one running more than `lifetimeMs` ahead may take a live lease, which
 * only brings back probing side by side.
 */
export async function withProbeLease<T>(
  db: Db,
  name: string,
  run: () => Promise<T>,
  options: ProbeLeaseOptions = {},
): Promise<{ ran: true; value: T } | { ran: false }> {
  const { lifetimeMs = 15_000, maxWaitMs = 30_000, retryMs = 50 } = options
  const leases = db.collection<LeaseDocument>(collectionNames.capabilityLeases)
  const holder = randomBytes(8).toString('hex')
  const giveUpAt = Date.now() + maxWaitMs
  for (;;) {
    try {
      await leases.insertOne({ _id: name, holder, expiresAt: new Date(Date.now() + lifetimeMs) })
      break
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
    }
    const { deletedCount } = await leases.deleteOne({ _id: name, expiresAt: { $lt: new Date() } })
    if (deletedCount > 0) continue
    if (Date.now() >= giveUpAt) return { ran: false }
    await sleep(retryMs + Math.random() * retryMs)
  }
  // Renewed while the run lasts, so a slow server's probe is not taken over half-way; a renewal that
  // fails only shortens the lease (the next one tries again).
  const renewal = setInterval(() => {
    void leases.updateOne({ _id: name, holder }, { $set: { expiresAt: new Date(Date.now() + lifetimeMs) } }).catch(() => undefined)
  }, lifetimeMs / 3)
  try {
    return { ran: true, value: await run() }
  } finally {
    clearInterval(renewal)
    // Only our own: had the run outlived the lease, another process holds it now. A release that fails
    // leaves the lease to expire: the others wait up to `lifetimeMs` longer.
    await leases.deleteOne({ _id: name, holder }).catch(() => undefined)
  }
}
