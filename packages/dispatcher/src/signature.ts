import { base64ToBytes, bytesToBase64 } from './base64.ts'
import { DispatcherError } from './errors.ts'

/** The Standard Webhooks request headers. */
export interface WebhookSignatureHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

export interface SignWebhookInput {
  messageId: string
  /** Defaults to now. Sent as whole seconds since the epoch. */
  timestamp?: Date
  body: string
  /** `whsec_…` secrets; one `v1,` signature each, space-separated. */
  secrets: readonly string[]
}

const secretPrefix = 'whsec_'
const encoder = new TextEncoder()

/**
 * Standard Webhooks signing: `v1,` + base64 HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, keyed by the base64-decoded secret.
 */
export async function signWebhook(input: SignWebhookInput): Promise<WebhookSignatureHeaders> {
  if (input.secrets.length === 0) {
    throw new DispatcherError('invalid-secret', 'At least one signing secret is required.')
  }
  if (!/^[\x21-\x7e]+$/.test(input.messageId)) {
    throw new DispatcherError(
      'invalid-request',
      'The message id must be printable ASCII without spaces.',
    )
  }
  const seconds = Math.floor((input.timestamp ?? new Date()).getTime() / 1000)
  if (!Number.isFinite(seconds))
    throw new DispatcherError('invalid-request', 'The timestamp is not a valid date.')

  const signedContent = encoder.encode(`${input.messageId}.${seconds}.${input.body}`)
  const signatures = await Promise.all(
    input.secrets.map(
      async (secret) =>
        `v1,${bytesToBase64(await hmacSha256(decodeSecret(secret), signedContent))}`,
    ),
  )
  return {
    'webhook-id': input.messageId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  }
}

/** The key bytes of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
export function decodeSecret(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret
  let key: Uint8Array<ArrayBuffer>
  try {
    key = base64ToBytes(encoded)
  } catch (error) {
    throw new DispatcherError(
      'invalid-secret',
      'A signing secret is not valid base64 after "whsec_".',
      { cause: error },
    )
  }
  if (key.length === 0) throw new DispatcherError('invalid-secret', 'A signing secret is empty.')
  return key
}

async function hmacSha256(
  key: Uint8Array<ArrayBuffer>,
  content: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, content))
}
