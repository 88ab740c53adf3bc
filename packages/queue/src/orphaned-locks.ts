import { retryAfterDelays, type RetryAfterDelays } from './retry-after-delays.ts'

/**
 * After the database went away, gives back at once the job locks this worker
 * holds in the database but no longer in memory. They appear when a lock was
 * written and its answer lost, or a finished job's closing save or removal
 * failed. Left alone they stay until the lock lifetime ends (60 s by
 * default): a 63 s delivery after a DocumentDB crash under 200 publishes a
 * second, 2026-12-04, once the API's re-queueing had taken care of the rest.
 */
export interface OrphanedLockReleaseOptions {
  /** Gives back this worker's locks taken before `lockedBefore` that it does not hold in memory; how many. */
  release(lockedBefore: Date): Promise<number>
  /** Whether a look for a job is under way, whose lock may be written but not yet known here. */
  looking(): boolean
  /** Called with how many locks went back, when any did. */
  onReleased(count: number): void
  onError(error: unknown): void
  /** Waits before each try; the first lets the database come back. Default outageRetryDelaysMs. */
  delaysMs?: readonly number[]
}

export interface OrphanedLockRelease {
  /** The database went away: release once it is back (one pass for any number of calls meanwhile). */
  trigger(): void
  stop(): void
}

// How long a try waits for looks under way to end before it is put off to the next delay.
const lookWaitMs = 2_000
const lookCheckMs = 5
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())

export function createOrphanedLockRelease(options: OrphanedLockReleaseOptions): OrphanedLockRelease {
  let pass: RetryAfterDelays | undefined
  let stopped = false

  async function releaseOnce(): Promise<boolean> {
    // A look under way may have written a lock this worker does not know of yet: let it land first.
    for (let waited = 0; options.looking() && waited < lookWaitMs && !stopped; waited += lookCheckMs) await sleep(lookCheckMs)
    if (stopped) return true
    if (options.looking()) return false
    // Only locks taken before this moment: one taken while the release runs is a live one.
    const released = await options.release(new Date())
    if (released > 0) options.onReleased(released)
    return true
  }

  return {
    trigger() {
      if (pass || stopped) return
      pass = retryAfterDelays(releaseOnce, { ...(options.delaysMs ? { delaysMs: options.delaysMs } : {}), onError: options.onError })
      void pass.done.then(() => {
        pass = undefined
      })
    },
    stop() {
      stopped = true
      pass?.stop()
    },
  }
}
