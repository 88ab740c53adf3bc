import type { RequestHandler } from 'express'
import { HttpProblem } from './problem.ts'

function hasBody(request: Parameters<RequestHandler>[0]): boolean {
  const length = request.get('content-length')
  return request.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0')
}

/** The charset parameter of the Content-Type, lower-case, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')
  return match?.[1]?.toLowerCase()
}

/**
 * A body in anything but JSON is refused with 415 instead of being silently
 * ignored; so is JSON declared in another charset than UTF-8 (RFC 8259: JSON
 * is UTF-8), before the parser would try to read it.
 */
export const requireJsonBody: RequestHandler = (request, _response, next) => {
  if (!hasBody(request)) return next()
  if (!request.is(['application/json', 'application/*+json'])) {
    next(new HttpProblem(415, 'Send the request body as JSON with "Content-Type: application/json".', { type: 'unsupported-media-type' }))
    return
  }
  const charset = charsetOf(request.get('content-type'))
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    next(
      new HttpProblem(415, `JSON must be sent in UTF-8; this body says charset=${charset}. Send it as "Content-Type: application/json" (UTF-8).`, {
        type: 'unsupported-media-type',
      }),
    )
    return
  }
  next()
}
