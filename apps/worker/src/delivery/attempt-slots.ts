/**
 * The worker's attempts in flight, shared by every `deliver` job it runs.
 *
 * A job holds up to 1,000 deliveries, so a large publish is often a single
 * job: with a width per job it would crawl at one job's share while the
 * other slots sat idle. With one shared pool, a lone job may use every slot
 * and jobs running together take turns in the order they asked.
 */
export interface AttemptSlots {
  /** How many attempts may be in flight at once in this worker. */
  readonly limit: number
  /** Every slot is taken: a job started now would only wait. */
  readonly full: boolean
  /** Waits for a free slot; the returned function frees it (once). */
  acquire(): Promise<() => void>
}

export function createAttemptSlots(limit: number): AttemptSlots {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Attempt slots must be a positive integer, got ${limit}`)
  let free = limit
  const waiting: (() => void)[] = []

  function release(): void {
    const next = waiting.shift()
    // A waiting job takes the slot over directly, so a newcomer cannot jump the queue.
    if (next) next()
    else free++
  }

  function handle(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }

  return {
    limit,
    get full() {
      return free === 0
    },
    acquire() {
      if (free > 0) {
        free--
        return Promise.resolve(handle())
      }
      return new Promise((resolve) => waiting.push(() => resolve(handle())))
    },
  }
}
