/** Retry-After is honoured between these bounds: a receiver cannot make Hookline hammer it, nor park an event for days. */
export const retryAfterBoundsMs = { min: 1_000, max: 3_600_000 } as const

/**
 * Reads a `Retry-After` value — delay-seconds or an HTTP-date (RFC 9110
 * §10.2.3) — as milliseconds from `now`, clamped to `retryAfterBoundsMs`.
 * Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  let delayMs: number
  if (/^\d+$/.test(text)) {
    delayMs = Number(text) * 1000
  } else {
    const date = Date.parse(text)
    if (Number.isNaN(date)) return undefined
    delayMs = date - now.getTime()
  }
  return Math.min(retryAfterBoundsMs.max, Math.max(retryAfterBoundsMs.min, delayMs))
}
