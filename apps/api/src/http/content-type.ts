import type { RequestHandler } from 'express'
import { HttpProblem } from './problem.ts'

function hasBody(request: Parameters<RequestHandler>[0]): boolean {
  const length = request.get('content-length')
  return request.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0')
}

/** A body in anything but JSON is refused with 415 instead of being silently ignored. */
export const requireJsonBody: RequestHandler = (request, _response, next) => {
  if (hasBody(request) && !request.is(['application/json', 'application/*+json'])) {
    next(new HttpProblem(415, 'Send the request body as JSON with "Content-Type: application/json".', { type: 'unsupported-media-type' }))
    return
  }
  next()
}
