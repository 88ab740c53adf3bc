/**
 * Headers the dispatcher sets itself. An application's custom headers may not
 * override them: the API rejects them at configuration time and `deliver`
 * ignores them if one slips through.
 */
export const reservedHeaderNames: readonly string[] = [
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  // Connection management belongs to the HTTP client; fetch rejects most of these anyway.
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]

export type CustomHeaderProblemCode = 'reserved' | 'invalid-name' | 'invalid-value' | 'duplicate'

export interface CustomHeaderProblem {
  /** The header name as configured. */
  name: string
  code: CustomHeaderProblemCode
  /** Says what is wrong and what to do, for the dashboard. */
  message: string
}

export interface CustomHeaderRules {
  /** With HTTP Basic auth on, `authorization` is Hookline's too. */
  basicAuth: boolean
}

// RFC 9110 field-name token and field-value (visible ASCII, obs-text, inner spaces/tabs).
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const valuePattern = /^[\t\x20-\x7e\x80-\xff]*$/

/** Lists what is wrong with an application's custom headers; empty when they are fine. */
export function validateCustomHeaders(
  headers: Readonly<Record<string, string>>,
  rules: CustomHeaderRules,
): CustomHeaderProblem[] {
  const problems: CustomHeaderProblem[] = []
  const seen = new Set<string>()
  for (const [name, value] of Object.entries(headers)) {
    const lowerName = name.toLowerCase()
    if (!tokenPattern.test(name)) {
      problems.push({
        name,
        code: 'invalid-name',
        message: `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only).`,
      })
      continue
    }
    if (isReservedHeader(lowerName, rules)) {
      problems.push({ name, code: 'reserved', message: reservedMessage(name, lowerName) })
      continue
    }
    if (seen.has(lowerName)) {
      problems.push({
        name,
        code: 'duplicate',
        message: `"${name}" appears more than once (header names are case-insensitive).`,
      })
      continue
    }
    seen.add(lowerName)
    if (typeof value !== 'string' || !valuePattern.test(value) || value.trim() !== value) {
      problems.push({
        name,
        code: 'invalid-value',
        message: `The value of "${name}" must be one line of text without leading or trailing spaces.`,
      })
    }
  }
  return problems
}

export function isReservedHeader(lowerName: string, rules: CustomHeaderRules): boolean {
  return (
    reservedHeaderNames.includes(lowerName) || (rules.basicAuth && lowerName === 'authorization')
  )
}

function reservedMessage(name: string, lowerName: string): string {
  if (lowerName === 'authorization')
    return `"${name}" is set by HTTP Basic authentication; remove it or choose no authentication.`
  if (lowerName.startsWith('webhook-'))
    return `"${name}" is a Standard Webhooks signature header that Hookline sets on every request.`
  return `"${name}" is set by Hookline and cannot be overridden.`
}
