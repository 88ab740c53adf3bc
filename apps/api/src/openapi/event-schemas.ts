import { eventIdPattern, publishInputSchema, testEventType, type EventRegistry, type RegisteredEvent } from '@hookline/core'

type JsonObject = Record<string, unknown>

// The catalog in the OpenAPI document: one payload schema per event type of
// the loaded plugins, the publish body as a union discriminated by `type`, and
// the envelope each type is delivered in. Generated clients (openapi-typescript)
// then type `subjectDetail` per event instead of an open object.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** `media.updated` → `MediaUpdated`, `live-session.started` → `LiveSessionStarted`. */
export function schemaBaseName(type: string): string {
  return type
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

export const payloadSchemaName = (type: string) => `${schemaBaseName(type)}Payload`
export const publishSchemaName = (type: string) => `${schemaBaseName(type)}PublishEvent`
export const envelopeSchemaName = (type: string) => `${schemaBaseName(type)}Event`

/** The catalog's schemas carry their own `$schema`/`$id` at most; components must not. */
function withoutDialect(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema
  return rest
}

function publishEventSchema(event: RegisteredEvent): JsonObject {
  const { properties, ...rest } = publishInputSchema
  return {
    ...rest,
    title: event.label,
    description: `Publishes \`${event.type}\`: ${event.description}`,
    properties: {
      ...properties,
      type: { type: 'string', const: event.type, description: 'The event type key.' },
      subjectDetail: ref(payloadSchemaName(event.type)),
      portalEventId: { ...properties.portalEventId, description: `Defaults to "${event.portalEventId}".` },
      subjectType: { ...properties.subjectType, description: `Defaults to "${event.subjectType}".` },
      // The same rule as the catalog's, written so generators see `string | null`.
      ip: {
        anyOf: [{ type: 'string', format: 'ipv4' }, { type: 'string', format: 'ipv6' }, { type: 'null' }],
        description: 'An IPv4 or IPv6 address, or null.',
      },
    },
    examples: [event.example],
  }
}

/** The delivered envelope of one event type (see `EventEnvelope` in @hookline/core). */
function envelopeSchema(type: string, title: string, description: string, payload: JsonObject): JsonObject {
  return {
    type: 'object',
    title,
    description,
    additionalProperties: false,
    required: [
      'id', 'type', 'portalEventId', 'eventDate', 'ip', 'status', 'subjectType',
      'subjectId', 'subjectTitle', 'tenant', 'user', 'isSystem', 'subjectDetail',
    ],
    properties: {
      id: { type: 'string', pattern: eventIdPattern, description: 'The event id, the same on every retry and redelivery.' },
      type: { type: 'string', const: type },
      portalEventId: { type: 'string', description: "The portal's id for the event, e.g. \"MashupUpdated\"." },
      eventDate: { type: 'string', format: 'date-time', description: 'ISO 8601 with an offset.' },
      ip: { type: ['string', 'null'], description: 'The address the action came from, or null when unknown.' },
      status: { type: 'string' },
      subjectType: { type: 'string', description: '"Video", "Live", "Chat", or a category\'s own.' },
      subjectId: { type: 'integer', description: "The portal's integer id of the subject." },
      subjectTitle: { type: 'string' },
      tenant: ref('EnvelopeTenant'),
      user: { anyOf: [ref('EnvelopeUser'), { type: 'null' }], description: 'The portal user who caused the event, or null.' },
      isSystem: { type: 'boolean', description: 'True when the portal itself, not a person, caused the event.' },
      subjectDetail: {
        anyOf: [payload, { type: 'string', contentMediaType: 'application/json', description: 'The payload as a JSON string, for apps with `legacySubjectDetailEncoding`.' }],
      },
    },
  }
}

const sharedSchemas: Record<string, JsonObject> = {
  EnvelopeTenant: {
    type: 'object',
    description: "The tenant (portal) the event belongs to, from the publisher's credential.",
    additionalProperties: false,
    required: ['id', 'name', 'subDomainUrl', 'portalTenantId'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      subDomainUrl: {
        type: ['string', 'null'],
        description: "The portal's address; null when the tenant has none recorded (never an empty string).",
      },
      portalTenantId: {
        type: ['integer', 'null'],
        description:
          "The portal's own id of the tenant once the tenant is linked to it, null until then. A linked tenant's records carry the same id and name in `subjectDetail.tenant`.",
      },
    },
  },
  EnvelopeUser: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'email'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
  },
  WebhookTestPayload: {
    type: 'object',
    additionalProperties: false,
    required: ['message', 'tenant'],
    properties: {
      message: { type: 'string' },
      tenant: {
        type: 'object',
        description: "The envelope's tenant, repeated.",
        additionalProperties: false,
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
  },
}

/** Component schemas: shared envelope parts, then per event type its payload, publish body and envelope. */
export function eventComponentSchemas(registry: EventRegistry, maxEventsPerBatch: number): Record<string, JsonObject> {
  const events = registry.listEventTypes().map((type) => registry.getEvent(type)!)
  const schemas: Record<string, JsonObject> = { ...sharedSchemas }
  schemas.WebhookTestEvent = envelopeSchema(
    testEventType,
    'Connection test',
    'Sent by the connection test (before an application is saved or turned on), never published.',
    ref('WebhookTestPayload'),
  )
  for (const event of events) {
    schemas[payloadSchemaName(event.type)] = { ...withoutDialect(event.schema as JsonObject), title: `${event.label} payload` }
    schemas[publishSchemaName(event.type)] = publishEventSchema(event)
    schemas[envelopeSchemaName(event.type)] = envelopeSchema(event.type, event.label, event.description, ref(payloadSchemaName(event.type)))
  }
  schemas.PublishEvent = {
    description: 'One event to publish; `type` selects the payload schema.',
    oneOf: events.map((event) => ref(publishSchemaName(event.type))),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(events.map((event) => [event.type, `#/components/schemas/${publishSchemaName(event.type)}`])),
    },
  }
  schemas.PublishBatch = {
    type: 'object',
    description: `1 to ${maxEventsPerBatch} events in one request, stored all or nothing.`,
    additionalProperties: false,
    required: ['events'],
    properties: { events: { type: 'array', minItems: 1, maxItems: maxEventsPerBatch, items: ref('PublishEvent') } },
  }
  return schemas
}

/** `POST /api/v1/events`: one event, or a batch. */
export const publishBodyDocument: JsonObject = {
  oneOf: [ref('PublishEvent'), ref('PublishBatch')],
}
