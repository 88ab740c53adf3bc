import { z } from 'zod'

// A Standard Webhooks secret: `whsec_` and the base64 of the key bytes. The
// libraries receivers verify with (standardwebhooks, svix) accept any length;
// we require 24–64 bytes so a guessable short key cannot be chosen.
const minKeyBytes = 24
const maxKeyBytes = 64
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function keyLength(secret: string): number | undefined {
  if (!secret.startsWith('whsec_')) return undefined
  const encoded = secret.slice('whsec_'.length)
  if (!base64Pattern.test(encoded)) return undefined
  return Buffer.from(encoded, 'base64').length
}

export function isValidSigningSecret(secret: string): boolean {
  const length = keyLength(secret)
  return length !== undefined && length >= minKeyBytes && length <= maxKeyBytes
}

export const signingSecretInput = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine(isValidSigningSecret, `must be "whsec_" followed by the base64 of ${minKeyBytes} to ${maxKeyBytes} random bytes`)
  .meta({
    description: `A Standard Webhooks signing secret, \`whsec_\` + base64 of ${minKeyBytes}–${maxKeyBytes} bytes (e.g. from POST /api/v1/apps/signing-secret). The connection test signs with it and the saved app keeps it; omit it for a fresh one.`,
  })

export const freshSigningSecretView = z
  .object({ secret: z.string().meta({ description: 'A new `whsec_…` secret. Not stored: send it back as `signingSecret` when testing and creating the app.' }) })
