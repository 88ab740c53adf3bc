import { deliveryStatuses } from '@hookline/core'
import type { DeliveryLogFilter } from '@hookline/store'
import { z } from 'zod'

// The delivery-log filter of `GET /api/v1/logs`, `POST /api/v1/logs/redeliver`
// and the log exports: one schema, so every surface accepts the same fields
// with the same rules and selects the same rows (see `deliveryLogQuery` in
// @hookline/store for the query it becomes).

const dayPattern = /^\d{4}-\d{2}-\d{2}$/
const dayMs = 24 * 60 * 60 * 1000

/**
 * An instant: ISO 8601 date-time with an offset, or a calendar day
 * (YYYY-MM-DD, UTC). As `to`, a day includes the whole day.
 */
function instant(bound: 'from' | 'to') {
  return z
    .string()
    .trim()
    .refine((value) => (dayPattern.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success) && !Number.isNaN(Date.parse(value)), {
      message: 'must be an ISO 8601 date-time with an offset (2026-03-01T10:00:00Z) or a date (2026-03-01)',
    })
    .transform((value) => {
      const at = new Date(dayPattern.test(value) ? `${value}T00:00:00Z` : value)
      return bound === 'to' && dayPattern.test(value) ? new Date(at.getTime() + dayMs) : at
    })
}

const identifier = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')

/** The filter fields, each optional. */
export const logFilterFields = {
  appId: identifier.optional().meta({ description: 'Only deliveries to this application.' }),
  eventType: identifier.optional().meta({ description: 'Only this event type, e.g. `media.updated`.' }),
  status: z
    .enum(deliveryStatuses as [string, ...string[]], { error: `must be one of ${deliveryStatuses.join(', ')}` })
    .optional()
    .meta({ description: 'Only deliveries in this state.' }),
  from: instant('from').optional().meta({ description: 'Created at or after this time (ISO 8601, or a date in UTC).' }),
  to: instant('to').optional().meta({ description: 'Created before this time; a date includes that whole day.' }),
  changedFrom: instant('from')
    .optional()
    .meta({
      description:
        'Last changed at or after this time. With `status=skipped`: skipped since then, e.g. since the app was turned off (its `deactivatedAt`), whenever they were created.',
    }),
  q: identifier
    .optional()
    .meta({ description: 'Find by id: a delivery id (`dlv_…`), an event id (`evt_…`), a webhook-id (`msg_…`), or else a portal event id. Combines with the other fields.' }),
}

type ParsedFilterFields = { from?: unknown; to?: unknown }

/**
 * `from` must not be after `to`. zod runs this check even when a bound
 * failed its own rule, and then the bound is still the raw input (a string),
 * so only parsed dates are compared (found by the API fuzzer: a 500).
 */
function checkRange(value: ParsedFilterFields, context: z.RefinementCtx): void {
  if (value.from instanceof Date && value.to instanceof Date && value.from.getTime() > value.to.getTime()) {
    context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' })
  }
}

/** The filter alone (exports, bulk redelivery). */
export const logFilter = z.strictObject(logFilterFields).superRefine(checkRange)

export const logPageLimit = { default: 50, max: 200 } as const

/** `GET /api/v1/logs`: the filter plus a page. */
export const listLogsQuery = z
  .strictObject({
    ...logFilterFields,
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, `must be between 1 and ${logPageLimit.max}`)
      .max(logPageLimit.max, `must be between 1 and ${logPageLimit.max}`)
      .default(logPageLimit.default)
      .meta({ description: `Items per page (1–${logPageLimit.max}, default ${logPageLimit.default}).` }),
    cursor: z.string().max(200, 'is not a cursor this API returned').optional().meta({ description: 'The `nextCursor` of the previous page.' }),
  })
  .superRefine(checkRange)

/** `GET /api/v1/logs/count`: the list's filter without the page. */
export const logCountQuery = logFilter

export type LogFilterInput = z.output<typeof logFilter>

/** The parsed fields as the store's filter. */
export function toDeliveryLogFilter(parsed: LogFilterInput | z.output<typeof listLogsQuery>): DeliveryLogFilter {
  return {
    appId: parsed.appId,
    eventType: parsed.eventType,
    status: parsed.status as DeliveryLogFilter['status'],
    from: parsed.from,
    to: parsed.to,
    ...(parsed.changedFrom !== undefined ? { changedFrom: parsed.changedFrom } : {}),
    ...(parsed.q !== undefined ? { q: parsed.q } : {}),
  }
}
