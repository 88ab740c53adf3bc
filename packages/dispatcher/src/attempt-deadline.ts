/**
 * The deadline one attempt runs under: aborted when its time is up or when
 * the caller cancels. A transport that takes a plain callback listens with
 * `onAbort`; one that needs an `AbortSignal` (fetch, a resolver) reads
 * `signal`, which is only then made.
 */
export interface AttemptDeadline {
  /** An AbortSignal that aborts with the attempt, for the APIs that want one; made on first use. */
  readonly signal: AbortSignal
  readonly aborted: boolean
  /** Why it aborted: a `TimeoutError` DOMException at the deadline, the caller's reason on cancel. */
  readonly reason: unknown
  /**
   * Calls `listener` once when the attempt aborts (on a microtask if it
   * already has); returns the way to stop listening.
   */
  onAbort(listener: () => void): () => void
  /** Stops the timer and lets go of the caller's signal; call once the attempt is over. */
  end(): void
}

/**
 * `AbortSignal.timeout(ms)` combined with the caller's signal, as
 * `AbortSignal.any` would, but with a timer that is cleared when the attempt
 * ends, and no AbortSignal unless someone asks for one.
 *
 * `AbortSignal.timeout` cannot be cancelled: each attempt left a live timer
 * and a weakly held signal behind for the whole timeout (15 s). An
 * `AbortController` per attempt, with the listener its client adds and
 * removes, was still 5–7 % of an attempt's CPU on Node, where undici takes
 * a plain emitter in its place (`bench:cpu`, BENCHMARKS.md). The abort
 * reason is the standard one's either way.
 */
export function startAttemptDeadline(timeoutMs: number, cancel?: AbortSignal): AttemptDeadline {
  return new Deadline(timeoutMs, cancel)
}

class Deadline implements AttemptDeadline {
  aborted = false
  reason: unknown = undefined
  private controller: AbortController | undefined
  private listeners: (() => void)[] | undefined
  private readonly timer: ReturnType<typeof setTimeout>
  private readonly cancel: AbortSignal | undefined
  private readonly onCancel: (() => void) | undefined

  constructor(timeoutMs: number, cancel?: AbortSignal) {
    this.timer = setTimeout(() => {
      this.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
    }, timeoutMs)
    if (!cancel) return
    this.cancel = cancel
    this.onCancel = () => this.abort(cancel.reason)
    if (cancel.aborted) this.onCancel()
    else cancel.addEventListener('abort', this.onCancel, { once: true })
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController()
      if (this.aborted) this.controller.abort(this.reason)
    }
    return this.controller.signal
  }

  onAbort(listener: () => void): () => void {
    if (this.aborted) {
      queueMicrotask(listener)
      return () => {}
    }
    const listeners = (this.listeners ??= [])
    listeners.push(listener)
    return () => {
      const index = listeners.indexOf(listener)
      if (index !== -1) listeners.splice(index, 1)
    }
  }

  end(): void {
    clearTimeout(this.timer)
    if (this.cancel && this.onCancel) this.cancel.removeEventListener('abort', this.onCancel)
  }

  private abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.controller?.abort(reason)
    const listeners = this.listeners
    this.listeners = undefined
    if (listeners) for (const listener of listeners) listener()
  }
}
