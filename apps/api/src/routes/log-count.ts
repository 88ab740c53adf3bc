import { z } from 'zod'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { logCountQuery, toDeliveryLogFilter } from '../schemas/log-filter.ts'

/** Counting stops here: past it the dashboard says "10,000+" rather than scan on. */
export const maxExactLogCount = 10_000

const logCountView = z.object({
  count: z.number().int().meta({ description: `Matching deliveries, counted up to ${maxExactLogCount.toLocaleString('en')}.` }),
  capped: z.boolean().meta({ description: `True when more than ${maxExactLogCount.toLocaleString('en')} match: \`count\` is then that limit.` }),
})

/** How many deliveries a log filter matches (the header of the logs page, the bulk redelivery question). */
export function logCountRoutes({ store }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/logs/count',
      operationId: 'countDeliveryLogs',
      summary: 'Count the deliveries a filter matches',
      description: `The filter of \`GET /api/v1/logs\` (including \`q\`); exact up to ${maxExactLogCount.toLocaleString('en')}.`,
      tag: 'Delivery logs',
      access: access.role('Manager'),
      query: logCountQuery,
      status: 200,
      response: logCountView,
      async handle({ query, principal }) {
        const count = await store.deliveries.countDeliveries(principal.tenantId, toDeliveryLogFilter(query), { limit: maxExactLogCount + 1 })
        return { count: Math.min(count, maxExactLogCount), capped: count > maxExactLogCount }
      },
    }),
  ]
}
