import { createHash } from 'node:crypto'
import { HttpProblem } from '../http/problem.ts'

/** Idempotency keys: printable ASCII, 1–200 characters (the publish schema's limit for the per-event field). */
const keyPattern = /^[\x20-\x7e]{1,200}$/

/** The `Idempotency-Key` header, checked; undefined when absent. */
export function readIdempotencyHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!keyPattern.test(value)) {
    throw new HttpProblem(400, 'The Idempotency-Key header must be 1–200 printable ASCII characters.', {
      type: 'invalid-idempotency-key',
      errors: [{ path: 'headers.idempotency-key', message: 'must be 1–200 printable ASCII characters' }],
    })
  }
  return value
}

/** What a request asked for, so a key reused with another body is refused instead of answered wrongly. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url')
}

/**
 * The fingerprint of each event that carries an idempotency key, undefined
 * for the others: only a keyed event's record keeps one, and hashing every
 * event of an unkeyed batch cost the API a tenth of its CPU per event.
 * The key field itself is left out, as a retry may move it to the header.
 */
export function keyedEventFingerprints(
  inputs: readonly { idempotencyKey?: string | undefined }[],
  keys: readonly (string | undefined)[],
): (string | undefined)[] {
  return inputs.map(({ idempotencyKey: _key, ...input }, index) => (keys[index] === undefined ? undefined : fingerprint(input)))
}

export function keyReusedProblem(keys: string[]): HttpProblem {
  return new HttpProblem(
    422,
    `The Idempotency-Key ${keys.map((key) => `"${key}"`).join(', ')} was used within the last 24 hours for a different request.`,
    { type: 'idempotency-key-reused', extensions: { idempotencyKeys: keys } },
  )
}
