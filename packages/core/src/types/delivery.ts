/**
 * How one delivery attempt ended.
 * - success: 2xx.
 * - transient: worth retrying (network errors, timeouts, 408/425/429/5xx…).
 * - non-transient: retrying cannot help (other 3xx/4xx, invalid URL, TLS,
 *   refused by the address policy); the engine deactivates the application.
 */
export type DeliveryOutcomeKind = 'success' | 'transient' | 'non-transient'

/** The result of one attempt, as the dispatcher returns it. Plain JSON. */
export interface DeliveryOutcome {
  kind: DeliveryOutcomeKind
  /** HTTP status, when a response arrived. */
  status?: number
  /** Selected response headers (lower-case names). */
  responseHeaders: Record<string, string>
  /** The first 4 KiB of the response body, decoded as UTF-8. */
  responseBodyExcerpt: string
  durationMs: number
  /** Human-readable, e.g. "410 Gone from https://example.com/hook". */
  reason: string
  /** Machine-readable error code for failures without a response, e.g. "ECONNREFUSED", "timeout". */
  errorCode?: string
  /** Suggested delay before the next attempt (from Retry-After, clamped), transient only. */
  retryAfterMs?: number
  /** The request as sent, with secrets masked, for the delivery log. */
  request: {
    url: string
    headers: Record<string, string>
  }
  /** ISO 8601 time the attempt started. */
  startedAt: string
}

/** A delivery's state in the log. */
export type DeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'skipped'

export const deliveryStatuses: readonly DeliveryStatus[] = ['pending', 'retrying', 'succeeded', 'failed', 'skipped']

/** How people read each status: the dashboard's tags and the PDF report say the same words. */
export const deliveryStatusLabels: Readonly<Record<DeliveryStatus, string>> = {
  pending: 'Pending',
  retrying: 'Retrying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
}

/** One attempt as kept in the log. */
export interface DeliveryAttemptRecord {
  attempt: number
  startedAt: string
  durationMs: number
  outcome: DeliveryOutcomeKind
  requestHeaders: Record<string, string>
  responseStatus?: number
  responseBodyExcerpt: string
  error?: string
}

/** One delivery (one event to one application) as the logs API returns it. */
export interface DeliveryLogRecord {
  id: string
  appId: string
  appName: string
  eventId: string
  eventType: string
  portalEventId: string
  endpoint: string
  status: DeliveryStatus
  /** Attempts made after the first one. */
  retryAttempts: number
  lastStatusCode?: number
  lastError?: string
  /** Total time spent in attempts. */
  durationMs: number
  createdAt: string
  updatedAt: string
  attempts?: DeliveryAttemptRecord[]
}
