import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { deliveryStatsQuery, deliveryStatsView } from '../schemas/stats.ts'
import { deliveryStats } from '../services/delivery-stats.ts'

/** The overview's numbers, from counters rather than the delivery log. */
export function statsRoutes({ store }: RouteDependencies, now: () => Date): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/stats/deliveries',
      operationId: 'getDeliveryStats',
      summary: 'Deliveries over time, in total and per application',
      description:
        'Counts of the tenant’s deliveries by current status, per hour or day of their creation, with totals and per-application figures. Read from counters kept with every status change: the cost depends on the range and the number of applications, not on the number of deliveries.',
      tag: 'Delivery logs',
      access: access.role('Manager'),
      query: deliveryStatsQuery,
      status: 200,
      response: deliveryStatsView,
      handle: ({ query, principal }) =>
        deliveryStats(store, {
          tenantId: principal.tenantId,
          from: query.from,
          to: query.to ?? now(),
          bucket: query.bucket,
          appId: query.appId,
        }),
    }),
  ]
}
