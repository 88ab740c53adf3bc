import type { Request, Response } from 'express'
import { HttpProblem } from './problem.ts'

// Optimistic concurrency for apps, users and API keys: every answer that
// carries one record carries its version as a strong ETag (`"v3"`); PATCH and
// DELETE with `If-Match` change the record only if it is still at that version.

export function etagOf(version: number): string {
  return `"v${version}"`
}

export function setETag(response: Response, version: number): void {
  response.set('ETag', etagOf(version))
}

/**
 * The version named by `If-Match`, or undefined when the header is absent or
 * `*`. A value that is not one of our ETags can never match: 412.
 */
export function ifMatchVersion(request: Request): number | undefined {
  const header = request.get('if-match')?.trim()
  if (!header || header === '*') return undefined
  const tags = header.split(',').map((tag) => tag.trim())
  if (tags.length > 1) {
    throw new HttpProblem(400, 'Send one ETag in If-Match, the one from your last read of this record.', { type: 'invalid-if-match' })
  }
  // Weak tags (W/"v3") name the same version; RFC 9110 asks for strong comparison, so they never match.
  const match = /^"v(\d{1,15})"$/.exec(tags[0]!)
  if (!match) throw preconditionFailed(undefined)
  return Number(match[1])
}

/** 412: someone changed the record since the caller read it. */
export function preconditionFailed(currentVersion: number | undefined): HttpProblem {
  return new HttpProblem(
    412,
    'This record was changed by someone else since you read it; reload it, then make your change again.',
    {
      type: 'precondition-failed',
      ...(currentVersion !== undefined ? { headers: { ETag: etagOf(currentVersion) }, extensions: { currentVersion } } : {}),
    },
  )
}

/** Fails fast when the record read before the write is already at another version. */
export function checkVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw preconditionFailed(current)
}
