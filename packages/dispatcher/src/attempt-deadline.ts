/** The signal one attempt runs under: aborted at its deadline or when the caller cancels. */
export interface AttemptDeadline {
  signal: AbortSignal
  /** Stops the timer and lets go of the caller's signal; call once the attempt is over. */
  end(): void
}

/**
 * `AbortSignal.timeout(ms)` combined with the caller's signal, as
 * `AbortSignal.any` would, but with a timer that is cleared when the attempt
 * ends. `AbortSignal.timeout` cannot be cancelled: each attempt left a live
 * timer and a weakly held signal behind for the whole timeout (15 s), which
 * at a thousand attempts a second was thousands of timers to keep and fire
 * and weak references for the collector, a measurable share of the worker's
 * CPU. The abort reason is the same as the standard one's: a `TimeoutError`
 * DOMException at the deadline, the caller's reason on cancel.
 */
export function startAttemptDeadline(timeoutMs: number, cancel?: AbortSignal): AttemptDeadline {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
  }, timeoutMs)
  if (!cancel) {
    return { signal: controller.signal, end: () => clearTimeout(timer) }
  }
  const onCancel = () => controller.abort(cancel.reason)
  if (cancel.aborted) onCancel()
  else cancel.addEventListener('abort', onCancel, { once: true })
  return {
    signal: controller.signal,
    end: () => {
      clearTimeout(timer)
      cancel.removeEventListener('abort', onCancel)
    },
  }
}
