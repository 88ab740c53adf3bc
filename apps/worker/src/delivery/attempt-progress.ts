import type { DeliveryOutcome } from '@hookline/core'
import type { AppDocument, DeliveryAttemptDocument, DeliveryDocument, DeliveryProgress } from '@hookline/store'

/** What one attempt means for its delivery chain, and for its app. */
export interface AttemptVerdict {
  progress: DeliveryProgress
  /** Set when the outcome was non-transient: the app is turned off with this reason. */
  deactivate?: string
}

/**
 * The retry rule: a transient outcome is tried again while attempts after
 * the first stay within the app's `retries`, after `retryDelaySeconds` — or
 * longer, when the endpoint's Retry-After asks for it (the dispatcher clamps
 * it to 1 s – 1 h). The next attempt is timed from the end of this one.
 */
export function nextAttemptAfter(outcome: DeliveryOutcome, app: Pick<AppDocument, 'retryDelaySeconds'>): Date {
  const finishedAt = Date.parse(outcome.startedAt) + outcome.durationMs
  return new Date(finishedAt + Math.max(app.retryDelaySeconds * 1000, outcome.retryAfterMs ?? 0))
}

export function toAttemptDocument(attempt: number, outcome: DeliveryOutcome): DeliveryAttemptDocument {
  return {
    attempt,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    outcome: outcome.kind,
    requestHeaders: Object.entries(outcome.request.headers).map(([name, value]) => ({ name, value })),
    ...(outcome.status !== undefined ? { responseStatus: outcome.status } : {}),
    responseBodyExcerpt: outcome.responseBodyExcerpt,
    ...(outcome.kind !== 'success' ? { error: outcome.reason } : {}),
  }
}

/** Success ends the chain; transient retries or fails; non-transient fails and turns the app off. */
export function judgeAttempt(delivery: DeliveryDocument, app: AppDocument, outcome: DeliveryOutcome, at: Date): AttemptVerdict {
  const attemptCount = delivery.attemptCount + 1
  const common = {
    id: delivery._id,
    attempt: toAttemptDocument(attemptCount, outcome),
    attemptCount,
    retryAttempts: attemptCount - 1,
    lastStatusCode: outcome.status ?? null,
    ...(app.endpoint !== delivery.endpoint ? { endpoint: app.endpoint } : {}),
    at,
  }
  switch (outcome.kind) {
    case 'success':
      return { progress: { ...common, status: 'succeeded', lastError: null, nextAttemptAt: null } }
    case 'transient':
      return attemptCount - 1 < app.retries
        ? { progress: { ...common, status: 'retrying', lastError: outcome.reason, nextAttemptAt: nextAttemptAfter(outcome, app) } }
        : { progress: { ...common, status: 'failed', lastError: outcome.reason, nextAttemptAt: null } }
    case 'non-transient':
      return { progress: { ...common, status: 'failed', lastError: outcome.reason, nextAttemptAt: null }, deactivate: outcome.reason }
  }
}
