import { appDefaults } from '@hookline/core'
import { z } from 'zod'
import { displayName, hasControlCharacters, isoDateTime, pageQuery, resourceId } from './common.ts'
import { signingSecretInput } from './signing-secret.ts'

// Webhook application fields. Cross-field rules (Basic auth needs a username
// and a password; header names and values; subscriptions that exist in the
// catalog) are checked in the route, against the stored app and the catalog.

function hasCredentials(value: string): boolean {
  // Refinements also run after a failed URL check, so parse defensively.
  const url = URL.canParse(value) ? new URL(value) : undefined
  return Boolean(url && (url.username || url.password))
}

export const endpointUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => !hasControlCharacters(value) && !value.includes(' '), 'must not contain spaces or control characters')
  .refine((value) => !hasCredentials(value), 'must not contain credentials; use HTTP Basic authentication instead')
  .meta({ description: 'Where events are POSTed. https, unless the server allows http (local development).' })

export const authType = z.enum(['none', 'basic'], { error: 'must be "none" or "basic"' })

export const basicUsername = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((value) => !value.includes(':'), 'must not contain ":" (HTTP Basic authentication forbids it)')
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters')

export const basicPassword = z
  .string()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters')

const catalogKey = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters')

export const eventSubscription = z
  .strictObject({
    categories: z.array(catalogKey).max(100, 'must list at most 100 categories').default([]),
    types: z.array(catalogKey).max(1000, 'must list at most 1000 event types').default([]),
  })
  .meta({ description: 'Whole categories (every event in them, now and later) and/or single event types.' })

const headerValue = z.string().max(4096, 'must be at most 4096 characters')

export const customHeaderInput = z.union([
  headerValue,
  z
    .strictObject({
      value: headerValue.nullable().optional().meta({ description: 'Leave out (or null) to keep the stored value.' }),
      sensitive: z.boolean().optional().meta({
        description: 'A credential: sealed at rest, never returned, masked in logs. Default: on for names with authorization, token, key, secret, cookie…',
      }),
      hasValue: z.boolean().optional().meta({ description: 'Ignored; lets a client send back what GET answered.' }),
    })
    .meta({ description: 'A header with its flag; without a value, the stored one is kept.' }),
])

export const customHeaders = z
  .record(z.string().max(256, 'header names must be at most 256 characters'), customHeaderInput)
  .refine((headers) => Object.keys(headers).length <= 50, 'must have at most 50 headers')
  .meta({
    description:
      'Extra request headers, name → value (or `{value, sensitive}`). Reserved names (content-type, webhook-signature…) are refused. Sensitive ones come back as `{value: null, sensitive: true, hasValue: true}`.',
  })

export const customHeadersView = z.record(
  z.string(),
  z.union([z.string(), z.object({ value: z.null(), sensitive: z.literal(true), hasValue: z.boolean() })]),
)

export const retries = z.number().int('must be a whole number').min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10')
export const retryDelaySeconds = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 3600')
  .max(3600, 'must be between 1 and 3600')

export const createAppBody = z.strictObject({
  name: displayName,
  endpoint: endpointUrl,
  active: z.boolean().default(true),
  authType: authType.default('none'),
  username: basicUsername.optional(),
  password: basicPassword.optional(),
  events: eventSubscription.default({ categories: [], types: [] }),
  headers: customHeaders.default({}),
  retries: retries.default(appDefaults.retries),
  retryDelaySeconds: retryDelaySeconds.default(appDefaults.retryDelaySeconds),
  legacySubjectDetailEncoding: z.boolean().default(false).meta({ description: 'Send subjectDetail as a JSON string, as the portal itself did.' }),
  signingSecret: signingSecretInput.optional(),
})

export const updateAppBody = z
  .strictObject({
    name: displayName.optional(),
    endpoint: endpointUrl.optional(),
    active: z.boolean().optional(),
    authType: authType.optional(),
    username: basicUsername.optional(),
    password: basicPassword.optional().meta({ description: 'Omit to keep the stored password.' }),
    events: eventSubscription.optional(),
    headers: customHeaders.optional().meta({ description: 'Replaces every custom header.' }),
    retries: retries.optional(),
    retryDelaySeconds: retryDelaySeconds.optional(),
    legacySubjectDetailEncoding: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field')

export const testConnectionBody = z.strictObject({
  endpoint: endpointUrl,
  authType: authType.default('none'),
  username: basicUsername.optional(),
  password: basicPassword.optional(),
  headers: customHeaders.default({}),
  appId: resourceId.optional().meta({
    description: "An existing app: its stored password is used when none is given, and its signing secrets sign the test event (unless `signingSecret` is given).",
  }),
  signingSecret: signingSecretInput.optional(),
})

export const appParams = z.strictObject({ appId: resourceId })

export const listAppsQuery = z.strictObject({
  ...pageQuery,
  search: z.string().trim().max(200, 'must be at most 200 characters').optional().meta({ description: 'Case-insensitive part of the name, endpoint or appId.' }),
})

export const appView = z.object({
  id: z.string().meta({ description: 'The application id, as every resource has one.' }),
  appId: z.string().meta({ description: 'The Application ID, the same value as `id`.' }),
  tenantId: z.string(),
  name: z.string(),
  endpoint: z.string(),
  active: z.boolean(),
  authType,
  username: z.string().optional(),
  hasPassword: z.boolean(),
  events: z.object({ categories: z.array(z.string()), types: z.array(z.string()) }),
  unknownCategories: z
    .array(z.string())
    .meta({ description: 'Subscribed categories no loaded plugin declares (its plugin was removed). Kept on save unless removed from `events`.' }),
  unknownTypes: z.array(z.string()).meta({ description: 'Subscribed event types no loaded plugin declares; as `unknownCategories`.' }),
  headers: customHeadersView,
  retries: z.number().int(),
  retryDelaySeconds: z.number().int(),
  legacySubjectDetailEncoding: z.boolean(),
  deactivatedReason: z
    .string()
    .optional()
    .meta({ description: 'Why delivery turned the application off (a non-transient failure); absent when a person turned it off.' }),
  deactivatedAt: isoDateTime.optional().meta({
    description:
      'While the application is off: when it was turned off, by a person or by delivery. Its deliveries skipped since (`GET /api/v1/logs/count?appId=…&status=skipped&from=<deactivatedAt>`) can be sent again with `POST /api/v1/logs/redeliver` once it is on.',
  }),
  version: z.number().int().meta({ description: 'One more on every change; the ETag is `"v<version>"`.' }),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
})

export const connectionTestView = z.object({
  ok: z.boolean(),
  status: z.number().int().optional().meta({ description: "The endpoint's HTTP status, when it answered." }),
  latencyMs: z.number(),
  message: z.string(),
})

export const signingSecretView = z.object({ secret: z.string().meta({ description: 'The current signing secret, `whsec_…`.' }) })
