import { z } from 'zod'
import { describeAccess } from '../auth/access.ts'
import type { EventRegistry } from '@hookline/core'
import type { DocumentedHeader, RouteDefinition } from '../http/route.ts'
import { eventComponentSchemas } from './event-schemas.ts'
import { webhooksSection } from './webhooks.ts'

type JsonObject = Record<string, unknown>

// RFC 9457 lets a problem carry extension members (e.g. `requiredRole`,
// `connectionTest`), so the schema is open.
const problemSchema = z.looseObject({
  type: z.string().meta({ description: 'A URI naming the kind of problem.' }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().meta({ description: 'What went wrong, for people.' }),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({
    description: 'One entry per offending field: body paths are bare (`events.types.0`), others prefixed (`query.limit`).',
  }),
})

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown fields or query parameters, wrong types, operator keys.',
  401: 'No credentials, or invalid, expired or revoked ones.',
  403: 'The credential lacks the role (or API-key scope) this needs; the detail names it.',
  404: 'Not found in your tenant.',
  409: 'Conflicts with existing data.',
  412: 'If-Match named another version than the current one: someone changed the record since you read it.',
  413: 'The body is larger than the limit.',
  415: 'The body is not JSON.',
  422: 'The connection test failed; nothing was stored.',
  429: 'Too many requests for this API key, user or client address (or too many failed sign-ins); wait for Retry-After.',
  503: 'The database cannot be reached.',
}

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) from a zod schema. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject
  return rest
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return []
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] }
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    }
  })
}

const etagHeader: DocumentedHeader = {
  name: 'ETag',
  description: 'A weak validator of the body; send it back as `If-None-Match` on a GET to get 304 when nothing changed.',
  schema: { type: 'string' },
}

const retryAfterHeader: DocumentedHeader = {
  name: 'Retry-After',
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', minimum: 0 },
}

function headerObjects(headers: readonly DocumentedHeader[]): Record<string, JsonObject> {
  return Object.fromEntries(
    headers.map((header) => [header.name, { description: header.description, ...(header.required ? { required: true } : {}), schema: header.schema }]),
  )
}

/** A file the route streams: binary content of the given media types, named by Content-Disposition. */
function downloadResponse(download: NonNullable<RouteDefinition['download']>): JsonObject {
  return {
    description: download.description,
    headers: {
      'Content-Disposition': {
        description: 'attachment, with the file name (RFC 6266: `filename` in ASCII, `filename*` in UTF-8).',
        schema: { type: 'string' },
      },
    },
    content: Object.fromEntries(download.mediaTypes.map((mediaType) => [mediaType, { schema: { type: 'string', format: 'binary' } }])),
  }
}

function operation(route: RouteDefinition): JsonObject {
  const isPublic = route.access.kind === 'public'
  const problemStatuses = [
    // Every route refuses query parameters it does not declare.
    400,
    ...(route.body ? [413, 415] : []),
    ...(isPublic ? [] : [401, 403, 429]),
    ...(route.params ? [404] : []),
    ...(route.problems ?? []),
    503,
  ]
  const successHeaders = headerObjects([...(route.response && !route.download ? [etagHeader] : []), ...(route.responseHeaders ?? [])])
  const responses: JsonObject = {
    [route.status]: route.download
      ? downloadResponse(route.download)
      : route.response
        ? { description: 'Success.', headers: successHeaders, content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
        : { description: 'Success, no content.', ...(Object.keys(successHeaders).length > 0 ? { headers: successHeaders } : {}) },
  }
  for (const status of [...new Set(problemStatuses)].sort()) {
    responses[status] = {
      description: route.problemNotes?.[status] ?? problemDescriptions[status] ?? 'Problem.',
      ...(status === 429 || status === 503 ? { headers: headerObjects([retryAfterHeader]) } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `**Access:** ${describeAccess(route.access)}`].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    ...(isPublic ? { security: [] } : {}),
    parameters: [
      ...parameters(route.params, 'path'),
      ...parameters(route.query, 'query'),
      ...(route.requestHeaders ?? []).map((header) => ({
        name: header.name,
        in: 'header',
        required: header.required ?? false,
        description: header.description,
        schema: header.schema,
      })),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: route.documentedBody ?? jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  }
}

/** The OpenAPI 3.1 document, built from the very route definitions the server mounts. */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  info: { version: string; registry: EventRegistry; maxEventsPerBatch: number },
): JsonObject {
  const paths: Record<string, JsonObject> = {}
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    paths[path] = { ...paths[path], [route.method]: operation(route) }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Hookline API',
      version: info.version,
      description:
        'Webhook applications, users, API keys and the event catalog. Errors are RFC 9457 problem documents (`application/problem+json`).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    // Relative: the document is served by the API it describes, on whatever address that has.
    servers: [{ url: '/', description: 'The Hookline server that serves this document.' }],
    security: [{ bearer: [] }],
    paths,
    webhooks: webhooksSection(info.registry),
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token from `POST /api/v1/auth/login`, or a service API key (`hk_…`).',
        },
      },
      schemas: { Problem: jsonSchema(problemSchema, 'output'), ...eventComponentSchemas(info.registry, info.maxEventsPerBatch) },
    },
  }
}
