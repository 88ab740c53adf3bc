import { z } from 'zod'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'

const catalogView = z.object({
  schemaDialect: z.string(),
  categories: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      description: z.string(),
      version: z.string().meta({ description: 'The category’s own version, as it declares it.' }),
      source: z.string().meta({ description: 'The npm package that declares the category.' }),
      sourceVersion: z.string().optional().meta({ description: 'That package’s version, from its package.json.' }),
      events: z.array(
        z.object({
          type: z.string(),
          category: z.string(),
          portalEventId: z.string(),
          label: z.string(),
          description: z.string(),
          subjectType: z.string(),
          schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema of `subjectDetail`.' }),
          example: z.record(z.string(), z.unknown()).meta({ description: 'A complete, valid `POST /api/v1/events` body.' }),
        }),
      ),
    }),
  ),
})

/**
 * The catalog is product metadata, not tenant data: any signed-in user or API
 * key may read it (publishing services need the schemas too).
 */
export function eventTypeRoutes({ registry }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/event-types',
      operationId: 'listEventTypes',
      summary: 'The event catalog',
      description: 'Every category from the loaded plugins, with each event’s payload schema and an example publish body.',
      tag: 'Events',
      access: access.anyCredential,
      status: 200,
      response: catalogView,
      async handle({ response }) {
        response.set('Cache-Control', 'private, max-age=60')
        return registry.catalog()
      },
    }),
  ]
}
