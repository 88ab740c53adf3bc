import { toDeliveryLogRecord } from '@hookline/store'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { HttpProblem, notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { pageOf } from '../schemas/common.ts'
import { listLogsQuery, logFilter, toDeliveryLogFilter } from '../schemas/log-filter.ts'
import { bulkRedeliveryView, logDetailView, logItemView, logParams } from '../schemas/logs.ts'
import { maxBulkRedeliveries, redeliverMatching, redeliverOne, type RedeliveryDependencies } from '../services/redeliver.ts'

const managers = access.role('Manager')
const tag = 'Delivery logs'

/** The delivery log of the caller's tenant: one record per delivery, newest first, and redelivery. */
export function logRoutes({ store }: RouteDependencies, redelivery: Omit<RedeliveryDependencies, 'store'>): RouteDefinition[] {
  const deps: RedeliveryDependencies = { store, ...redelivery }
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/logs',
      operationId: 'listDeliveryLogs',
      summary: 'List deliveries',
      description: 'Newest first. `from` is inclusive, `to` exclusive (a date as `to` includes that day). Items leave out the attempts: read one delivery for them.',
      tag,
      access: managers,
      query: listLogsQuery,
      status: 200,
      response: pageOf(logItemView),
      async handle({ query, principal }) {
        const page = await store.deliveries.listDeliveries(principal.tenantId, toDeliveryLogFilter(query), query)
        return { items: page.items.map((item) => toDeliveryLogRecord(item)), nextCursor: page.nextCursor }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/logs/redeliver',
      operationId: 'redeliverMatchingDeliveries',
      summary: 'Redeliver every delivery a filter matches',
      description: `The body is the list filter (at least one field), e.g. \`{ "appId": "app_…", "status": "failed", "from": "2026-03-01" }\`. Each matching event is sent again once per application, as a new delivery with the same \`webhook-id\`; at most ${maxBulkRedeliveries.toLocaleString('en')} per request (newest first; \`capped\` says when more matched).`,
      tag,
      access: managers,
      body: logFilter,
      status: 202,
      response: bulkRedeliveryView,
      async handle({ body, principal }) {
        const filter = toDeliveryLogFilter(body)
        if (Object.values(filter).every((value) => value === undefined)) {
          throw new HttpProblem(400, 'Name at least one filter field (appId, eventType, status, from, to, changedFrom, q).', {
            type: 'empty-filter',
            errors: [{ path: '', message: 'needs at least one filter field' }],
          })
        }
        return redeliverMatching(deps, principal.tenantId, filter)
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/logs/:deliveryId',
      operationId: 'getDeliveryLog',
      summary: 'Get one delivery with its attempts and payload',
      tag,
      access: managers,
      params: logParams,
      status: 200,
      response: logDetailView,
      async handle({ params, principal }) {
        const delivery = await store.deliveries.get(principal.tenantId, params.deliveryId)
        if (!delivery) throw notFound(`Delivery ${params.deliveryId}`)
        const [event, attempts] = await Promise.all([store.events.get(principal.tenantId, delivery.eventId), store.deliveries.attemptsOf(delivery)])
        const payload = event ? (JSON.parse(event.envelopeJson) as Record<string, unknown>) : null
        return { ...toDeliveryLogRecord(delivery, { attempts }), payload }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/logs/:deliveryId/redeliver',
      operationId: 'redeliverDelivery',
      summary: 'Redeliver one delivery',
      description:
        'A new delivery of the same event to the same application, with the same `webhook-id`, queued at once. 409 while the original is still in progress or the application is turned off; 422 when the application was deleted or the event is past retention.',
      tag,
      access: managers,
      params: logParams,
      status: 202,
      response: logItemView,
      responseHeaders: [{ name: 'Location', description: 'The new delivery, `/api/v1/logs/{deliveryId}`.', schema: { type: 'string' } }],
      problems: [409, 422],
      async handle({ params, principal, response }) {
        const delivery = await redeliverOne(deps, principal.tenantId, params.deliveryId)
        response.location(`/api/v1/logs/${delivery._id}`)
        return toDeliveryLogRecord(delivery)
      },
    }),
  ]
}
