import { utf8ToBase64 } from './base64.ts'
import { isReservedHeader, validateCustomHeaders } from './custom-headers.ts'
import { signWebhook } from './signature.ts'
import type { DeliveryRequest, HmacSha256, HmacSha256Base64 } from './types.ts'

/** Every header of the POST, lower-case names. Secrets in clear: never log this, log `maskRequestHeaders`. */
export async function buildRequestHeaders(
  request: DeliveryRequest,
  userAgent: string,
  signing: { hmac?: HmacSha256 | undefined; hmacBase64?: HmacSha256Base64 | undefined } = {},
): Promise<Record<string, string>> {
  const basicAuth = request.auth.type === 'basic'
  const headers: Record<string, string> = {}
  // Custom headers first, and only the valid ones: configuration-time
  // validation should have caught the rest, and a bad value would make fetch throw.
  const customNames = Object.keys(request.headers)
  if (customNames.length > 0) {
    const invalid = new Set(
      validateCustomHeaders(request.headers, { basicAuth }).map((problem) => problem.name),
    )
    for (const name of customNames) {
      if (!invalid.has(name) && !isReservedHeader(name.toLowerCase(), { basicAuth }))
        headers[name.toLowerCase()] = request.headers[name]!
    }
  }
  headers['content-type'] = 'application/json'
  headers['user-agent'] = userAgent
  if (request.auth.type === 'basic') {
    // RFC 7617 with UTF-8, the charset every current client and server assumes.
    headers.authorization = `Basic ${utf8ToBase64(`${request.auth.username}:${request.auth.password}`)}`
  }
  Object.assign(
    headers,
    await signWebhook({
      messageId: request.messageId,
      timestamp: request.timestamp,
      body: request.body,
      secrets: request.signingSecrets,
      hmac: signing.hmac,
      hmacBase64: signing.hmacBase64,
    }),
  )
  return headers
}

/**
 * The headers as the delivery log shows them: credentials and signatures
 * masked (`Basic ***`, `v1,***`), the custom headers named sensitive as
 * `***`, everything else as sent.
 */
export function maskRequestHeaders(
  headers: Readonly<Record<string, string>>,
  sensitiveHeaders: readonly string[] = [],
): Record<string, string> {
  const sensitive = new Set(sensitiveHeaders.map((name) => name.toLowerCase()))
  const masked: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization') masked[name] = maskCredentials(value)
    else if (sensitive.has(name)) masked[name] = '***'
    else if (name === 'webhook-signature')
      masked[name] = value
        .split(' ')
        .map((signature) => `${signature.split(',')[0]},***`)
        .join(' ')
    else masked[name] = value
  }
  return masked
}

/** Keeps the scheme ("Basic", "Bearer"), hides the credentials. */
function maskCredentials(value: string): string {
  const scheme = /^[A-Za-z][\w-]*(?= )/.exec(value)?.[0]
  return scheme ? `${scheme} ***` : '***'
}
