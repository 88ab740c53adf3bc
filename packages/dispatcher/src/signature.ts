import { base64ToBytes, bytesToBase64 } from './base64.ts'
import { rememberBounded } from './bounded-memo.ts'
import { DispatcherError } from './errors.ts'
import type { HmacSha256, HmacSha256Base64 } from './types.ts'

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
  /** Defaults to `crypto.subtle`'s HMAC. */
  hmac?: HmacSha256 | undefined
  /** Used before `hmac` when given: the same HMAC, from text to base64. */
  hmacBase64?: HmacSha256Base64 | undefined
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

  const content = `${input.messageId}.${seconds}.${input.body}`
  const signatures: string[] = []
  const hmacBase64 = input.hmacBase64
  if (hmacBase64) {
    for (const secret of input.secrets) signatures.push(`v1,${hmacBase64(secretBytes(secret), content)}`)
  } else {
    const signedContent = encoder.encode(content)
    const hmac = input.hmac
    // One after another: a second secret exists only during a rotation, and a
    // promise per secret cost more than the signing on every attempt.
    for (const secret of input.secrets) {
      const digest = hmac
        ? await hmac(secretBytes(secret), signedContent)
        : new Uint8Array(await crypto.subtle.sign('HMAC', await signingKey(secret), signedContent))
      signatures.push(`v1,${bytesToBase64(digest)}`)
    }
  }
  return {
    'webhook-id': input.messageId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  }
}

// Importing a key costs as much as signing with it; a worker signs for the
// same few applications over and over. Bounded, oldest first out.
// Derived rather than named: Node's types keep CryptoKey off the global scope.
type SigningKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

const keyCache = new Map<string, Promise<SigningKey>>()
const keyCacheLimit = 256

function signingKey(secret: string): Promise<SigningKey> {
  return rememberBounded(keyCache, secret, keyCacheLimit, () => {
    const key = crypto.subtle.importKey('raw', decodeSecret(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    // A failed import must not stay cached.
    key.catch(() => keyCache.delete(secret))
    return key
  })
}

// The decoded secrets for an injected HMAC: decoding base64 per delivery is work a worker repeats for the same few apps.
const secretCache = new Map<string, Uint8Array<ArrayBuffer>>()

function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  return rememberBounded(secretCache, secret, keyCacheLimit, () => decodeSecret(secret))
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
