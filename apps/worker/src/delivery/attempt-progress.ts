import type { DeliveryOutcome } from '@hookline/core'
import type { AppDocument, DeliveryAttemptDocument, BatchDelivery, DeliveryProgress } from '@hookline/store'

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

// Built field by field, without object spreads: these run once per attempt,
// and a spread of a conditionally shaped object is a slow copy in V8 (the
// largest own item of judgeAttempt in the worker's profile, BENCHMARKS.md).
export function toAttemptDocument(attempt: number, outcome: DeliveryOutcome): DeliveryAttemptDocument {
  const requestHeaders: DeliveryAttemptDocument['requestHeaders'] = []
  for (const name in outcome.request.headers) requestHeaders.push({ name, value: outcome.request.headers[name]! })
  const document: DeliveryAttemptDocument = {
    attempt,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    outcome: outcome.kind,
    requestHeaders,
    responseBodyExcerpt: outcome.responseBodyExcerpt,
  }
  if (outcome.status !== undefined) document.responseStatus = outcome.status
  if (outcome.kind !== 'success') document.error = outcome.reason
  return document
}

/** Success ends the chain; transient retries or fails; non-transient fails and turns the app off. */
export function judgeAttempt(delivery: BatchDelivery, app: AppDocument, outcome: DeliveryOutcome, at: Date): AttemptVerdict {
  const attemptCount = delivery.attemptCount + 1
  const progressWith = (status: DeliveryProgress['status'], lastError: string | null, nextAttemptAt: Date | null): DeliveryProgress => {
    const progress: DeliveryProgress = {
      id: delivery._id,
      attempt: toAttemptDocument(attemptCount, outcome),
      attemptCount,
      retryAttempts: attemptCount - 1,
      lastStatusCode: outcome.status ?? null,
      at,
      status,
      lastError,
      nextAttemptAt,
    }
    if (app.endpoint !== delivery.endpoint) progress.endpoint = app.endpoint
    return progress
  }
  switch (outcome.kind) {
    case 'success':
      return { progress: progressWith('succeeded', null, null) }
    case 'transient':
      return attemptCount - 1 < app.retries
        ? { progress: progressWith('retrying', outcome.reason, nextAttemptAfter(outcome, app)) }
        : { progress: progressWith('failed', outcome.reason, null) }
    case 'non-transient':
      return { progress: progressWith('failed', outcome.reason, null), deactivate: outcome.reason }
  }
}
