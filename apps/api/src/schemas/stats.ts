import { z } from 'zod'
import { resourceId } from './common.ts'

// `GET /api/v1/stats/deliveries`: the overview's numbers, read from hourly
// counters the store keeps with every status change (never by scanning the
// delivery log), so its cost does not grow with the number of deliveries.

const hourMs = 3_600_000
export const statsBucketMs = { hour: hourMs, day: 24 * hourMs } as const
/** The most buckets one answer holds: a month of hours, a year of days. */
export const maxStatsBuckets = { hour: 31 * 24, day: 366 } as const

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T10:00:00Z' })
  .transform((value) => new Date(value))

export const deliveryStatsQuery = z
  .strictObject({
    from: instant.meta({ description: 'Start (inclusive), rounded down to the hour. Day buckets start here, so pass local midnight for local days.' }),
    to: instant.optional().meta({ description: 'End (exclusive); default now.' }),
    bucket: z
      .enum(['hour', 'day'], { error: 'must be hour or day' })
      .default('hour')
      .meta({ description: 'Bucket size: `hour` (up to 31 days) or `day` (up to 366 days, each 24 hours from `from`).' }),
    appId: resourceId.optional().meta({ description: 'Only this application.' }),
  })
  .superRefine((value, context) => {
    if (!(value.from instanceof Date) || (value.to !== undefined && !(value.to instanceof Date))) return
    const to = value.to ?? new Date()
    if (value.from.getTime() >= to.getTime()) {
      context.addIssue({ code: 'custom', path: ['from'], message: 'must be before `to`' })
      return
    }
    const buckets = Math.ceil((to.getTime() - value.from.getTime()) / statsBucketMs[value.bucket])
    if (buckets > maxStatsBuckets[value.bucket]) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `makes ${buckets} ${value.bucket} buckets; at most ${maxStatsBuckets[value.bucket]} (use bucket=day for longer ranges)`,
      })
    }
  })

const counts = {
  succeeded: z.number().int(),
  failed: z.number().int(),
  retrying: z.number().int(),
  pending: z.number().int(),
  skipped: z.number().int(),
}

export const deliveryStatsView = z.object({
  from: z.string().meta({ description: 'The first bucket’s start.' }),
  to: z.string(),
  bucket: z.enum(['hour', 'day']),
  buckets: z
    .array(z.object({ start: z.string(), ...counts }))
    .meta({ description: 'Every bucket of the range, oldest first, zeros included. A delivery counts once, in its current status, in the bucket of its creation.' }),
  totals: z.object({ ...counts, total: z.number().int() }),
  apps: z
    .array(
      z.object({
        appId: z.string(),
        name: z.string().meta({ description: 'The application’s name; “Deleted application” when it no longer exists.' }),
        ...counts,
        total: z.number().int(),
        lastDeliveryAt: z.string().nullable().meta({ description: 'The last attempt in the range.' }),
        lastFailureAt: z.string().nullable().meta({ description: 'The last failed attempt in the range.' }),
        lastError: z.string().nullable(),
      }),
    )
    .meta({ description: 'Every application of the tenant (or the one asked for), failing first, then by volume.' }),
})

export type DeliveryStatsView = z.output<typeof deliveryStatsView>
