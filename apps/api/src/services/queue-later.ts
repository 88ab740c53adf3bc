/**
 * The waits before each further try to queue stored deliveries that the
 * queue refused while a publish was answered (the database went away just
 * then). Without them the deliveries waited for the worker's sweep, 60 to
 * 90 s (an 84 s delivery after a DocumentDB crash, 2026-12-04); the sweep
 * stays the backstop when every try fails or this process stops first.
 */
export const requeueDelaysMs: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000]

export interface QueueLaterOptions {
  delaysMs?: readonly number[]
  /** Every try failed; `error` is the last one's. */
  onGiveUp?(error: unknown): void
}

/**
 * Tries `enqueue` again after each delay, in the background, until one try
 * succeeds. The timers do not keep the process alive: a stopping API leaves
 * the rest to the sweep. A try that did store jobs but lost its answer only
 * queues the deliveries twice, and the worker attempts a delivery only while
 * it is still due.
 */
export function queueLater(enqueue: () => Promise<unknown>, options: QueueLaterOptions = {}): void {
  const delays = options.delaysMs ?? requeueDelaysMs
  const attempt = (index: number, lastError: unknown) => {
    if (index >= delays.length) {
      options.onGiveUp?.(lastError)
      return
    }
    const timer = setTimeout(() => {
      enqueue().catch((error: unknown) => attempt(index + 1, error))
    }, delays[index])
    timer.unref()
  }
  attempt(0, undefined)
}
