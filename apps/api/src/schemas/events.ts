import { publishInputSchema } from '@hookline/core'
import { z } from 'zod'
import { maxEventsPerBatch } from '../services/publish-body.ts'

/**
 * The body is checked against the event catalog by the publish service
 * (every failing path, payload included); this schema only requires an
 * object and documents the two accepted shapes.
 */
export const publishBody = z.record(z.string(), z.unknown()).meta({
  description: `One event, or \`{ "events": [ … ] }\` with 1 to ${maxEventsPerBatch} events. Each catalog entry's \`example\` (GET /api/v1/event-types) is a valid event.`,
  oneOf: [
    publishInputSchema,
    {
      type: 'object',
      required: ['events'],
      additionalProperties: false,
      properties: { events: { type: 'array', minItems: 1, maxItems: maxEventsPerBatch, items: publishInputSchema } },
    },
  ],
})

const publishedEvent = z.object({
  id: z.string().meta({ description: 'The event id (`evt_…`), also the envelope’s `id`.' }),
  deliveries: z.number().int().meta({ description: 'Deliveries created: one per active application subscribed to the event.' }),
})

export const publishedView = z.union([publishedEvent, z.object({ events: z.array(publishedEvent) })])
