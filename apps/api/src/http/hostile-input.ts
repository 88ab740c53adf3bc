import type { RequestHandler } from 'express'
import { walkBody } from './body-walk.ts'
import { HttpProblem, type ProblemFieldError } from './problem.ts'

/** Lists every hostile key (`$…`, operator syntax, prototype keys, nesting past 32 levels) in a parsed JSON value or query object. */
export function findHostileKeys(value: unknown, path: string[] = []): ProblemFieldError[] {
  return walkBody(value, path).hostileKeys
}

/**
 * 400 for operator objects, `$` keys or prototype keys anywhere in the body
 * or the query; else 400 naming every integer of the body that JSON cannot
 * carry exactly (9007199254740993 arrives as …992: an event would be stored
 * and delivered with a number nobody sent; big ids go as strings). One walk
 * of the body finds both (body-walk.ts).
 */
export const rejectUnacceptableInput: RequestHandler = (request, _response, next) => {
  const body = walkBody(request.body as unknown)
  const hostileKeys = [...body.hostileKeys, ...findHostileKeys(request.query, ['query'])]
  if (hostileKeys.length > 0) {
    next(new HttpProblem(400, 'The request contains keys that are not accepted.', { type: 'hostile-input', errors: hostileKeys }))
    return
  }
  if (body.unsafeIntegers.length > 0) {
    next(new HttpProblem(400, 'The body holds integers too large to be read exactly.', { type: 'unsafe-integer', errors: body.unsafeIntegers }))
    return
  }
  next()
}
