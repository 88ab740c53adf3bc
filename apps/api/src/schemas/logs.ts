import { deliveryStatuses } from '@hookline/core'
import { z } from 'zod'
import { resourceId } from './common.ts'

// The delivery log as the API returns it: core's DeliveryLogRecord plus the
// webhook-id, attempt count, next attempt and redelivery links.

const status = z.enum(deliveryStatuses as [string, ...string[]])

export const logItemView = z.object({
  id: z.string().meta({ description: 'The delivery id (`dlv_…`).' }),
  appId: z.string(),
  appName: z.string().meta({ description: 'The application’s name when the delivery was made.' }),
  eventId: z.string(),
  eventType: z.string(),
  portalEventId: z.string(),
  endpoint: z.string(),
  messageId: z.string().meta({ description: 'The `webhook-id` header: the same on every attempt and redelivery of this event to this app.' }),
  status: status.meta({ description: 'pending, retrying, succeeded, failed or skipped.' }),
  attemptCount: z.number().int(),
  retryAttempts: z.number().int().meta({ description: 'Attempts after the first.' }),
  lastStatusCode: z.number().int().optional().meta({ description: 'The last response status; absent when no response arrived.' }),
  lastError: z.string().optional().meta({ description: 'Why the last attempt failed.' }),
  durationMs: z.number().meta({ description: 'Time spent in attempts, in total.' }),
  nextAttemptAt: z.string().nullable().meta({ description: 'When the next attempt is due; null once the delivery has ended.' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  redeliveryOf: z.string().optional().meta({ description: 'The delivery this one redelivers.' }),
  skippedReason: z.string().optional(),
})

export const attemptView = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number(),
  outcome: z.enum(['success', 'transient', 'non-transient']),
  requestHeaders: z.record(z.string(), z.string()).meta({ description: 'As sent; `authorization` and signatures masked.' }),
  responseStatus: z.number().int().optional(),
  responseBodyExcerpt: z.string().meta({ description: 'The first 4 KiB of the response body.' }),
  error: z.string().optional(),
})

export const logDetailView = logItemView.extend({
  attempts: z.array(attemptView),
  payload: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: 'The event envelope this delivery sends (the request body), or null once the event is past retention.' }),
})

export const logParams = z.strictObject({ deliveryId: resourceId })

export const bulkRedeliveryView = z.object({
  queued: z.number().int().meta({ description: 'New deliveries created and queued.' }),
  skipped: z.number().int().meta({ description: 'Matches not redelivered: still in progress, app turned off or deleted, event past retention, or a repeat of the same event to the same app.' }),
  capped: z.boolean().meta({ description: 'True when more deliveries matched than one request redelivers (10,000, newest first).' }),
})
