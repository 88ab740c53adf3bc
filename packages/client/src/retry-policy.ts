/** How the client retries 429, 503 and network failures. */
export interface RetryOptions {
  /** Requests per call, the first included. Default 4; 1 turns retries off. */
  maxAttempts?: number
  /** The first back-off; it doubles per attempt. Default 500 ms. */
  baseDelayMs?: number
  /** No single wait is longer, `Retry-After` included. Default 30 s. */
  maxDelayMs?: number
}

export const defaultRetry: Required<RetryOptions> = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 }

/** Statuses that mean "not processed, try again later". */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 503])

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The wait before retry number `retry` (1 for the first): the server's
 * `Retry-After` when it sent one, otherwise exponential back-off with jitter
 * (half fixed, half random, so many clients do not retry in step); never
 * more than `maxDelayMs`.
 */
export function retryDelayMs(
  retry: number,
  options: Required<RetryOptions>,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs)
  const exponential = Math.min(options.baseDelayMs * 2 ** (retry - 1), options.maxDelayMs)
  return Math.round(exponential / 2 + (exponential / 2) * random())
}
