import type { z } from 'zod'
import type { ProblemFieldError } from './problem.ts'

/** Where an input came from. Body paths stay bare (`events.types.2`); others get a prefix (`query.limit`). */
export type InputLocation = 'body' | 'query' | 'params'

export function formatPath(location: InputLocation, path: readonly PropertyKey[]): string {
  const parts = location === 'body' ? path.map(String) : [location, ...path.map(String)]
  return parts.length === 0 ? location : parts.join('.')
}

/** zod issues as problem field errors; an unknown key gets its own entry with its own path. */
export function issuesToFieldErrors(error: z.ZodError, location: InputLocation): ProblemFieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath(location, [...issue.path, key]), message: 'Unknown field' }))
    }
    return [{ path: formatPath(location, issue.path), message: issue.message }]
  })
}
