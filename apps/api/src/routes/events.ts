import type { DeliveryQueue } from '@hookline/queue'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { publishBodyDocument } from '../openapi/event-schemas.ts'
import { publishBody, publishedView } from '../schemas/events.ts'
import { readIdempotencyHeader } from '../services/idempotency.ts'
import { publishEvents } from '../services/publish-events.ts'
import { createPublishGroup } from '../services/publish-group.ts'

export const publishPath = '/api/v1/events'

export interface EventRouteOptions {
  queue: DeliveryQueue
  now: () => Date
  onPublished?(events: number, deliveries: number): void
  /** Each shared write of concurrent publishes, by its number of requests. */
  onPublishGroup?(requests: number): void
}

/** Publishing: portal services (API keys with `events:publish`) or Managers. */
export function eventRoutes({ store, registry }: RouteDependencies, options: EventRouteOptions): RouteDefinition[] {
  // One per process: concurrent publishes without idempotency keys share their writes.
  const group = createPublishGroup(store, options.queue, options.onPublishGroup ? { onGroup: options.onPublishGroup } : {})
  return [
    defineRoute({
      method: 'post',
      path: publishPath,
      operationId: 'publishEvents',
      summary: 'Publish one event or a batch',
      description: [
        'Validates every event against the catalog: on any problem the answer is 400 listing every failing path (`/events/3/subjectDetail/title` in a batch, with `invalidEvents`), and nothing is stored.',
        'Each event is stored, with one delivery per active application of your tenant subscribed to its type or category, before the 202; deliveries start at once.',
        'Idempotency: an `Idempotency-Key` header (for a batch: the whole request) or an `idempotencyKey` field per event, seen again within 24 hours, answers the first result and creates nothing (`Idempotent-Replayed: true`); the same key with a different body is refused with 422.',
      ].join('\n\n'),
      tag: 'Events',
      access: access.role('Manager', 'events:publish'),
      body: publishBody,
      documentedBody: publishBodyDocument,
      requestHeaders: [
        {
          name: 'Idempotency-Key',
          description:
            'Makes the request safe to retry: the same key within 24 hours answers the first result (`Idempotent-Replayed: true`) and creates nothing; with another body it is a 422. For a batch it covers the whole request.',
          schema: { type: 'string', pattern: '^[\\x20-\\x7e]{1,200}$' },
        },
      ],
      responseHeaders: [
        {
          name: 'Idempotent-Replayed',
          description: '`true` when this answer repeats the result of an earlier request with the same idempotency key(s).',
          schema: { type: 'string', enum: ['true'] },
        },
      ],
      status: 202,
      response: publishedView,
      problems: [422],
      async handle({ body, principal, request, response }) {
        const headerKey = readIdempotencyHeader(request.get('idempotency-key'))
        const outcome = await publishEvents(
          {
            store,
            registry,
            queue: options.queue,
            group,
            now: options.now,
            ...(options.onPublished ? { onPublished: options.onPublished } : {}),
            onWarning: (message, error) => request.log.warn({ err: error }, message),
          },
          principal.tenantId,
          body,
          headerKey,
        )
        if (outcome.replayed) response.set('Idempotent-Replayed', 'true')
        return outcome.result
      },
    }),
  ]
}
