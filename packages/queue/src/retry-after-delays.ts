/**
 * The waits before each further try after the database went away: about 1,
 * 2, 4, 8 and 16 s, 31 s in all. A short outage (a restart after a crash, an
 * election) is over well within them; past them the worker's sweep and the
 * lock lifetime remain the backstops. A failed `deliver` job is run again on
 * the same schedule (deliver-job-retry.ts).
 */
export const outageRetryDelaysMs: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000]

export interface RetryAfterDelaysOptions {
  /** Default `outageRetryDelaysMs`. */
  delaysMs?: readonly number[]
  /** A try threw; the next one follows after its delay. */
  onError?(error: unknown): void
  /** The last try failed or was put off; `error` is the last one thrown, if any. */
  onGiveUp?(error: unknown): void
}

export interface RetryAfterDelays {
  /** Settles once a try succeeded, the tries gave up, or `stop` was called. */
  readonly done: Promise<void>
  /** No further try starts. */
  stop(): void
}

/**
 * Runs `attempt` after each delay, in the background, until it answers true
 * (done); false or a throw moves on to the next delay. The timers do not
 * keep the process alive: a stopping process leaves the rest to the
 * backstops.
 */
export function retryAfterDelays(attempt: () => Promise<boolean>, options: RetryAfterDelaysOptions = {}): RetryAfterDelays {
  const delays = options.delaysMs ?? outageRetryDelaysMs
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let settle!: () => void
  const done = new Promise<void>((resolve) => (settle = resolve))

  const tryAfter = (index: number, lastError: unknown): void => {
    if (stopped) return settle()
    if (index >= delays.length) {
      options.onGiveUp?.(lastError)
      return settle()
    }
    timer = setTimeout(() => {
      if (stopped) return settle()
      attempt().then(
        (succeeded) => (succeeded ? settle() : tryAfter(index + 1, lastError)),
        (error: unknown) => {
          options.onError?.(error)
          tryAfter(index + 1, error)
        },
      )
    }, delays[index])
    timer.unref()
  }
  tryAfter(0, undefined)

  return {
    done,
    stop() {
      stopped = true
      clearTimeout(timer)
      settle()
    },
  }
}
