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
  /** Waits before each try; the first lets the database come back. Default 1, 2, 4, 8 and 16 s. */
  delaysMs?: readonly number[]
}

export interface OrphanedLockRelease {
  /** The database went away: release once it is back (one pass for any number of calls meanwhile). */
  trigger(): void
  stop(): void
}

const defaultDelaysMs = [1_000, 2_000, 4_000, 8_000, 16_000]
// How long a release waits for looks under way to end before it gives up this try.
const lookWaitMs = 2_000
const lookCheckMs = 5

export function createOrphanedLockRelease(options: OrphanedLockReleaseOptions): OrphanedLockRelease {
  const delays = options.delaysMs ?? defaultDelaysMs
  let pending = false
  let stopped = false
  const timers = new Set<NodeJS.Timeout>()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timer.unref()
      timers.add(timer)
    })

  async function releaseWhenBack(): Promise<void> {
    for (const delayMs of delays) {
      await sleep(delayMs)
      if (stopped) return
      // A look under way may have written a lock this worker does not know of yet: let it land first.
      for (let waited = 0; options.looking() && waited < lookWaitMs; waited += lookCheckMs) await sleep(lookCheckMs)
      if (options.looking()) continue
      try {
        // Only locks taken before this moment: one taken while the release runs is a live one.
        const released = await options.release(new Date())
        if (released > 0) options.onReleased(released)
        return
      } catch (error) {
        options.onError(error)
      }
    }
  }

  return {
    trigger() {
      if (pending || stopped) return
      pending = true
      void releaseWhenBack().finally(() => {
        pending = false
      })
    },
    stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
