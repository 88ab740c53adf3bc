import type { RequestHandler } from 'express'
import { HttpProblem, type ProblemFieldError } from './problem.ts'

/**
 * JSON numbers are read as doubles: an integer beyond ±(2^53 − 1) comes out
 * rounded (9007199254740993 becomes …992), and an event would be stored and
 * delivered with a number nobody sent. Such numbers are refused, naming where
 * they are, instead of being changed silently. Send big ids as strings.
 */
export function findUnsafeIntegers(value: unknown, path: string[] = [], found: ProblemFieldError[] = []): ProblemFieldError[] {
  walkForUnsafeIntegers(value, [...path], found)
  return found
}

// One path array pushed and popped on the way down, joined only for a finding: this walks every publish body.
function walkForUnsafeIntegers(value: unknown, path: string[], found: ProblemFieldError[]): void {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      found.push({ path: path.join('.'), message: 'is an integer beyond ±2^53 that JSON cannot carry exactly; send it as a string' })
    }
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(String(index))
      walkForUnsafeIntegers(value[index], path, found)
      path.pop()
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      path.push(key)
      walkForUnsafeIntegers((value as Record<string, unknown>)[key], path, found)
      path.pop()
    }
  }
}

/** 400 naming every path that holds an integer JSON cannot carry exactly. Runs after the hostile-input check (depth is bounded there). */
export const rejectUnsafeIntegers: RequestHandler = (request, _response, next) => {
  const errors = findUnsafeIntegers(request.body as unknown)
  if (errors.length > 0) {
    next(new HttpProblem(400, 'The body holds integers too large to be read exactly.', { type: 'unsafe-integer', errors }))
    return
  }
  next()
}
