import { createProcessRegistry, type ProcessRegistryOptions } from '@hookline/metrics'
import type { Store } from '@hookline/store'
import type { RequestHandler } from 'express'
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

export interface ApiMetrics {
  registry: Registry
  /** Times and counts every request by its route pattern. */
  middleware: RequestHandler
  recordPublished(eventCount: number, deliveryCount: number): void
  /** One shared write of concurrent publishes (publish-group.ts), by how many requests it carried. */
  recordPublishGroup(requestCount: number): void
}

/**
 * The API's Prometheus metrics, on a registry of its own (tests build
 * several APIs in one process): HTTP requests by route, what was published,
 * the pending deliveries, counted from the database at scrape time, and the
 * database commands this process sent.
 */
export function createApiMetrics(store: Store, options: ProcessRegistryOptions = {}): ApiMetrics {
  // The API lives as long as its database client, so it never stops watching it.
  const { registry } = createProcessRegistry('hookline_api_', options)

  const requests = new Counter({
    name: 'hookline_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const requestDuration = new Histogram({
    name: 'hookline_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  })
  const events = new Counter({ name: 'hookline_events_published_total', help: 'Events stored by POST /api/v1/events.', registers: [registry] })
  const deliveries = new Counter({ name: 'hookline_deliveries_created_total', help: 'Deliveries created by fan-out.', registers: [registry] })
  const publishGroups = new Histogram({
    name: 'hookline_publish_group_requests',
    help: 'Publish requests per shared write of events, deliveries and jobs (1 when publishes do not overlap).',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  })
  new Gauge({
    name: 'hookline_deliveries_pending',
    help: 'Deliveries pending or retrying, all tenants (counted when scraped).',
    registers: [registry],
    async collect() {
      this.set(await store.deliveries.countInProgress())
    },
  })

  /** Labels by the matched route's pattern, never the raw path (ids would explode the series). */
  const middleware: RequestHandler = (request, response, next) => {
    const stop = requestDuration.startTimer()
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched'
      requests.inc({ method: request.method, route, status: String(response.statusCode) })
      stop({ method: request.method, route })
    })
    next()
  }

  return {
    registry,
    middleware,
    recordPublished(eventCount: number, deliveryCount: number) {
      events.inc(eventCount)
      deliveries.inc(deliveryCount)
    },
    recordPublishGroup(requestCount: number) {
      publishGroups.observe(requestCount)
    },
  }
}
