import { access } from '../auth/access.ts'
import type { ApiMetrics } from '../http/api-metrics.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'

/** Prometheus scrape target of the API (the worker serves its own on HOOKLINE_WORKER_PORT). */
export function metricsRoutes(metrics: ApiMetrics): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Text exposition format: HTTP requests, events published, deliveries created and `hookline_deliveries_pending`. Delivery outcomes, attempt latency and retries come from the worker’s own `/metrics`.',
      tag: 'Operations',
      access: access.public,
      status: 200,
      async handle({ response }) {
        const text = await metrics.registry.metrics()
        response.status(200).type(metrics.registry.contentType).send(text)
      },
    }),
  ]
}
