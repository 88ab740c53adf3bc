import { isSensitiveHeaderName } from '@hookline/dispatcher'
import type { AppDocument, CustomHeader } from '@hookline/store'
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts'

/**
 * A custom header as a request names it: a plain value, or an object that
 * sets the `sensitive` flag and may leave the value out to keep the stored
 * one (what GET answers for a sensitive header can be sent back as is).
 */
export type CustomHeaderInput = string | { value?: string | null | undefined; sensitive?: boolean | undefined; hasValue?: boolean | undefined }

/** How the API shows a sensitive header: never its value. */
export interface SensitiveHeaderView {
  value: null
  sensitive: true
  hasValue: boolean
}

/**
 * Turns the request's headers into plain headers with their flags. A value
 * left out is taken from `stored` (same name, any case); the flag defaults to
 * what the name suggests (authorization, token, key, secret, cookie…).
 */
export function resolveCustomHeaders(input: Record<string, CustomHeaderInput>, stored: readonly CustomHeader[] = []): CustomHeader[] {
  const errors: ProblemFieldError[] = []
  const resolved: CustomHeader[] = []
  for (const [name, entry] of Object.entries(input)) {
    const given = typeof entry === 'string' ? entry : (entry.value ?? undefined)
    const flag = typeof entry === 'string' ? undefined : entry.sensitive
    const previous = stored.find((header) => header.name.toLowerCase() === name.toLowerCase())
    if (given !== undefined) {
      resolved.push({ name, value: given, sensitive: flag ?? (previous?.sensitive || isSensitiveHeaderName(name)) })
    } else if (!previous) {
      errors.push({ path: `headers.${name}`, message: 'needs a value: there is no stored value to keep' })
    } else if (flag === false && previous.sensitive) {
      // Clearing the flag would show the stored secret; the Manager must type it again.
      errors.push({ path: `headers.${name}`, message: 'needs its value sent again to stop being sensitive' })
    } else {
      resolved.push({ name, value: previous.value, sensitive: flag ?? previous.sensitive })
    }
  }
  if (errors.length > 0) throw new HttpProblem(400, 'Some custom headers have no value.', { type: 'invalid-headers', errors })
  return resolved
}

/** Name → value, for sending and for the header rules. */
export function headerValues(headers: readonly CustomHeader[]): Record<string, string> {
  return Object.fromEntries(headers.map((header) => [header.name, header.value]))
}

/** True when a header that would be kept is sensitive: a credential, bound to the app's origin like its password. */
export function keepsSensitiveValue(input: Record<string, CustomHeaderInput>, stored: readonly CustomHeader[]): boolean {
  return Object.entries(input).some(([name, entry]) => {
    if (typeof entry === 'string' || (entry.value ?? undefined) !== undefined) return false
    return stored.some((header) => header.name.toLowerCase() === name.toLowerCase() && header.sensitive)
  })
}

/** The headers as GET shows them: sensitive values never leave the server. */
export function headersView(app: AppDocument): Record<string, string | SensitiveHeaderView> {
  return Object.fromEntries(
    app.headers.map((header) => [
      header.name,
      header.sensitive ? { value: null, sensitive: true, hasValue: header.sealedValue !== undefined } : (header.value ?? ''),
    ]),
  )
}
