import { eventTypePattern, portalEventIdPattern } from '../catalog/naming-rules.ts'
import { dateTimeSchema, emailSchema, nonEmptyStringSchema } from '../portal/schema-parts.ts'

/**
 * JSON Schema (draft 2020-12) of one event's body for `POST /api/v1/events`.
 * `subjectDetail` is only required to be an object here; the registry
 * validates it against the schema of the event's type. Unknown top-level
 * fields are rejected. The tenant is not part of the body: it comes from
 * the publisher's credential.
 */
export const publishInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'subjectId', 'subjectTitle', 'subjectDetail'],
  properties: {
    type: {
      type: 'string',
      pattern: eventTypePattern,
      description: 'Event type key from the catalog, e.g. "media.updated".',
    },
    subjectId: { type: 'integer', minimum: 0, description: "The portal's integer id of the subject." },
    subjectTitle: { type: 'string', maxLength: 1000 },
    subjectDetail: { type: 'object', description: "The event's payload; its schema depends on `type`." },
    portalEventId: {
      type: 'string',
      pattern: portalEventIdPattern,
      description: "Defaults to the catalog's portal event id for `type`.",
    },
    eventDate: { ...dateTimeSchema, description: 'ISO 8601 with an offset; defaults to the time the event is accepted.' },
    ip: {
      type: ['string', 'null'],
      anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }],
      description: 'an IPv4 or IPv6 address, or null',
    },
    status: { ...nonEmptyStringSchema, maxLength: 100, description: 'Defaults to "Success".' },
    subjectType: { ...nonEmptyStringSchema, maxLength: 100, description: "Defaults to the catalog's subject type for `type`." },
    user: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['id', 'name', 'email'],
      properties: {
        id: nonEmptyStringSchema,
        name: { type: 'string' },
        email: emailSchema,
      },
    },
    isSystem: { type: 'boolean' },
    idempotencyKey: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Publishing again with the same key within the retention window yields the same event.',
    },
  },
} as const
