import { testEventType, type EventRegistry } from '@hookline/core'
import { envelopeSchemaName, schemaBaseName } from './event-schemas.ts'

type JsonObject = Record<string, unknown>

// The OpenAPI 3.1 `webhooks` section: what a receiver gets for each event
// type, as a POST with the envelope and the three Standard Webhooks headers.

const signatureHeaders: JsonObject[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The message id (`msg_…`): the same on every retry and redelivery of one delivery. Use it to drop duplicates.',
    schema: { type: 'string' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds when this attempt was signed. Refuse timestamps far from your clock to stop replays.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `<webhook-id>.<webhook-timestamp>.<body>` with the application\'s signing secret (two during the 24 hours after a rotation). Verify with any Standard Webhooks library.',
    schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
  },
]

function webhookOperation(type: string, summary: string, description: string, schemaName: string): JsonObject {
  return {
    post: {
      operationId: `${schemaBaseName(type).charAt(0).toLowerCase()}${schemaBaseName(type).slice(1)}Webhook`,
      summary,
      description: `${description}\n\nSigned with the application's secret; sent with HTTP Basic credentials and custom headers when the application has them.`,
      tags: ['Webhooks'],
      security: [],
      parameters: signatureHeaders,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } } },
      responses: {
        '2XX': { description: 'Delivered. The body is ignored (an excerpt is logged).' },
        '4XX': {
          description:
            'Not delivered. 408, 425 and 429 are retried (after `Retry-After` when given); any other 4xx is not retried and turns the application off with the reason.',
        },
        '5XX': { description: 'Not delivered. 500, 502, 503 and 504 are retried after the application\'s retry delay (or `Retry-After`); any other 5xx turns the application off.' },
      },
    },
  }
}

export function webhooksSection(registry: EventRegistry): Record<string, JsonObject> {
  const webhooks: Record<string, JsonObject> = {
    [testEventType]: webhookOperation(
      testEventType,
      'Connection test',
      'Sent by the connection test, before an application is saved, changed or turned on. Answer 2xx.',
      'WebhookTestEvent',
    ),
  }
  for (const type of registry.listEventTypes()) {
    const event = registry.getEvent(type)!
    webhooks[type] = webhookOperation(type, event.label, event.description, envelopeSchemaName(type))
  }
  return webhooks
}
