import type { DeliveryAttemptRecord, DeliveryLogRecord } from '@hookline/core'
import type { DeliveryAttemptDocument, DeliveryDocument } from './documents.ts'

/** The extra fields a log record carries beyond core's `DeliveryLogRecord`. */
export interface DeliveryLogExtras {
  messageId: string
  attemptCount: number
  nextAttemptAt: string | null
  redeliveryOf?: string
  skippedReason?: string
}

export type DeliveryLogView = DeliveryLogRecord & DeliveryLogExtras

export function toAttemptRecord(attempt: DeliveryAttemptDocument): DeliveryAttemptRecord {
  return {
    attempt: attempt.attempt,
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    requestHeaders: Object.fromEntries(attempt.requestHeaders.map((header) => [header.name, header.value])),
    ...(attempt.responseStatus !== undefined ? { responseStatus: attempt.responseStatus } : {}),
    responseBodyExcerpt: attempt.responseBodyExcerpt,
    ...(attempt.error !== undefined ? { error: attempt.error } : {}),
  }
}

/**
 * A stored delivery as the logs API shows it (exports map their narrower
 * read themselves: apps/api's export-records.ts). `attempts`
 * only when given (read with `deliveries.attemptsOf`): lists leave them out.
 */
export function toDeliveryLogRecord(delivery: DeliveryDocument, options: { attempts?: readonly DeliveryAttemptDocument[] } = {}): DeliveryLogView {
  return {
    id: delivery._id,
    appId: delivery.appId,
    appName: delivery.appName,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    portalEventId: delivery.portalEventId,
    endpoint: delivery.endpoint,
    messageId: delivery.messageId,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    retryAttempts: delivery.retryAttempts,
    ...(delivery.lastStatusCode !== undefined && delivery.lastStatusCode !== null ? { lastStatusCode: delivery.lastStatusCode } : {}),
    ...(delivery.lastError ? { lastError: delivery.lastError } : {}),
    durationMs: delivery.durationMs,
    nextAttemptAt: delivery.nextAttemptAt ? delivery.nextAttemptAt.toISOString() : null,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    ...(delivery.redeliveryOf ? { redeliveryOf: delivery.redeliveryOf } : {}),
    ...(delivery.skippedReason ? { skippedReason: delivery.skippedReason } : {}),
    ...(options.attempts ? { attempts: options.attempts.map(toAttemptRecord) } : {}),
  }
}
