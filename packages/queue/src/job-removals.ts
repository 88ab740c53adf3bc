import type { ObjectId } from 'mongodb'

export interface JobRemovalsOptions {
  /** Deletes these jobs in one command. */
  remove(ids: ObjectId[]): Promise<void>
  /** How long the first queued removal waits for others to share its command. */
  lingerMs: number
  /** Written at once when this many wait. */
  maxBatch: number
  /** A failed removal is not tried again (see `JobRemovals`). */
  onError(error: unknown): void
}

/**
 * Removals of `deliver` jobs that succeeded, written together: one delete
 * per `lingerMs` instead of one per job. A finished job waits out the linger
 * still locked by this worker, so no other worker takes it. Should the
 * delete fail or the process die first, the job keeps its lock until it
 * expires, and the worker that then runs it finds its deliveries done: the
 * path a failed removal always took.
 */
export interface JobRemovals {
  /** Queues a finished job's removal; returns at once. */
  add(id: ObjectId): void
  /** Writes every queued removal now (before a stop hands this worker's locks on); resolves when written. */
  flush(): Promise<void>
}

export function createJobRemovals(options: JobRemovalsOptions): JobRemovals {
  let queued: ObjectId[] = []
  let timer: NodeJS.Timeout | undefined
  // Deletes run one after another, so a flush resolves after every earlier one.
  let written: Promise<void> = Promise.resolve()

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (queued.length === 0) return written
    const ids = queued
    queued = []
    written = written.then(() => options.remove(ids).catch(options.onError))
    return written
  }

  return {
    add(id) {
      queued.push(id)
      if (queued.length >= options.maxBatch) void flush()
      else if (!timer) {
        timer = setTimeout(() => void flush(), options.lingerMs)
        timer.unref()
      }
    },
    flush,
  }
}
