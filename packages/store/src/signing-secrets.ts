import { randomBytes } from 'node:crypto'

/** How long a rotated-out signing secret keeps signing beside the new one. */
export const signingSecretOverlapMs = 24 * 60 * 60 * 1000

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}
