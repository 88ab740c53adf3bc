import { appDefaults, type EventSubscription } from '@hookline/core'
import type { CreateAppInput, UpdateAppInput, WebhookApp } from '../api/types.ts'
import type { ConnectionSettings } from './connection-gate.ts'
import type { HeadersInput } from './header-rows.ts'

// The application form's plain fields and the rules the API applies to them
// (apps/api/src/schemas/apps.ts), checked as the user types so the server's
// 400 is the exception rather than the feedback loop.

export interface AppFormFields {
  name: string
  endpoint: string
  active: boolean
  authType: 'none' | 'basic'
  username: string
  /** Empty when editing: keep the stored password. */
  password: string
  retries: number
  retryDelaySeconds: number
  legacySubjectDetailEncoding: boolean
}

export const retryLimits = { min: 0, max: 10 } as const
export const retryDelayLimits = { min: 1, max: 3600 } as const

export function emptyAppFields(): AppFormFields {
  return {
    name: '',
    endpoint: '',
    active: true,
    authType: 'none',
    username: '',
    password: '',
    retries: appDefaults.retries,
    retryDelaySeconds: appDefaults.retryDelaySeconds,
    legacySubjectDetailEncoding: false,
  }
}

export function appToFields(app: WebhookApp): AppFormFields {
  return {
    name: app.name,
    endpoint: app.endpoint,
    active: app.active,
    authType: app.authType,
    username: app.username ?? '',
    password: '',
    retries: app.retries,
    retryDelaySeconds: app.retryDelaySeconds,
    legacySubjectDetailEncoding: app.legacySubjectDetailEncoding,
  }
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const controlCharacters = /[\u0000-\u001f\u007f]/

export type AppFieldErrors = Partial<
  Record<'name' | 'endpoint' | 'username' | 'password' | 'retries' | 'retryDelaySeconds', string>
>

export interface FieldRuleContext {
  /** Editing an app that already has a stored password: an empty password keeps it. */
  hasStoredPassword: boolean
}

export function endpointProblem(endpoint: string): string | undefined {
  const value = endpoint.trim()
  if (value === '') return 'Enter the URL that should receive the events.'
  if (value.length > 2048) return 'The URL must be at most 2048 characters.'
  if (/\s/.test(value) || controlCharacters.test(value)) return 'The URL must not contain spaces.'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Enter a full URL, e.g. https://example.com/webhooks.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The URL must start with https:// (or http:// where the server allows it).'
  if (url.username || url.password) return 'Put credentials under Authentication, not in the URL.'
  return undefined
}

export function validateAppFields(
  fields: AppFormFields,
  context: FieldRuleContext,
): AppFieldErrors {
  const errors: AppFieldErrors = {}
  const name = fields.name.trim()
  if (name === '') errors.name = 'Enter a name.'
  else if (name.length > 100) errors.name = 'The name must be at most 100 characters.'
  else if (controlCharacters.test(name))
    errors.name = 'The name must not contain control characters.'

  const endpoint = endpointProblem(fields.endpoint)
  if (endpoint) errors.endpoint = endpoint

  if (fields.authType === 'basic') {
    if (fields.username === '') errors.username = 'Enter the username the endpoint expects.'
    else if (fields.username.includes(':'))
      errors.username = 'HTTP Basic usernames cannot contain ":".'
    else if (fields.username.length > 200)
      errors.username = 'The username must be at most 200 characters.'
    else if (controlCharacters.test(fields.username))
      errors.username = 'The username must not contain control characters.'

    if (fields.password === '' && !context.hasStoredPassword)
      errors.password = 'Enter the password the endpoint expects.'
    else if (fields.password.length > 500)
      errors.password = 'The password must be at most 500 characters.'
    else if (controlCharacters.test(fields.password))
      errors.password = 'The password must not contain control characters.'
  }

  if (
    !Number.isInteger(fields.retries) ||
    fields.retries < retryLimits.min ||
    fields.retries > retryLimits.max
  ) {
    errors.retries = `Between ${retryLimits.min} and ${retryLimits.max} retries.`
  }
  if (
    !Number.isInteger(fields.retryDelaySeconds) ||
    fields.retryDelaySeconds < retryDelayLimits.min ||
    fields.retryDelaySeconds > retryDelayLimits.max
  ) {
    errors.retryDelaySeconds = `Between ${retryDelayLimits.min} and ${retryDelayLimits.max} seconds.`
  }
  return errors
}

/** What the connection test (and so the Save gate) depends on. */
export function connectionSettingsOf(
  fields: AppFormFields,
  headers: HeadersInput,
): ConnectionSettings {
  return {
    endpoint: fields.endpoint.trim(),
    authType: fields.authType,
    username: fields.username,
    password: fields.password,
    headers,
  }
}

function authPart(
  fields: AppFormFields,
): Pick<CreateAppInput, 'authType' | 'username' | 'password'> {
  if (fields.authType === 'none') return { authType: 'none' }
  return {
    authType: 'basic',
    username: fields.username,
    ...(fields.password !== '' ? { password: fields.password } : {}),
  }
}

export function toCreateBody(
  fields: AppFormFields,
  headers: HeadersInput,
  events: EventSubscription,
): CreateAppInput {
  return {
    name: fields.name.trim(),
    endpoint: fields.endpoint.trim(),
    active: fields.active,
    ...authPart(fields),
    events,
    headers,
    retries: fields.retries,
    retryDelaySeconds: fields.retryDelaySeconds,
    legacySubjectDetailEncoding: fields.legacySubjectDetailEncoding,
  }
}

export function toUpdateBody(
  fields: AppFormFields,
  headers: HeadersInput,
  events: EventSubscription,
): UpdateAppInput {
  // The same fields; the API keeps the stored password when none is sent.
  return toCreateBody(fields, headers, events)
}

const fieldLabels: Record<keyof AppFieldErrors, string> = {
  name: 'a name',
  endpoint: 'the endpoint URL',
  username: 'the username',
  password: 'the password',
  retries: 'a number of retries (0–10)',
  retryDelaySeconds: 'a retry delay (1–3600 seconds)',
}

/**
 * What a form nobody has typed into yet still needs, e.g. "Enter a name and
 * the endpoint URL": nothing is highlighted before the fields are left or
 * Save is pressed, so "fix the highlighted fields" would point at nothing.
 */
export function describeMissingFields(errors: AppFieldErrors): string {
  const labels = (Object.keys(fieldLabels) as (keyof AppFieldErrors)[])
    .filter((field) => errors[field] !== undefined)
    .map((field) => fieldLabels[field])
  if (labels.length === 0) return 'Complete the form'
  const list =
    labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`
  return `Enter ${list}`
}
