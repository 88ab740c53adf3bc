import { HttpProblem } from '../http/problem.ts'

/**
 * A saved Basic-auth password was given for one origin (scheme, host, port).
 * Reusing it for another origin would hand it to whoever runs that host, so a
 * change of origin needs the password sent again. A new path on the same
 * origin keeps the saved one.
 */
export function sameOrigin(first: string, second: string): boolean {
  return new URL(first).origin === new URL(second).origin
}

/** 422 naming `password` when a saved password would travel to a new origin. */
export function requirePasswordForNewOrigin(savedEndpoint: string, newEndpoint: string): void {
  if (sameOrigin(savedEndpoint, newEndpoint)) return
  throw new HttpProblem(
    422,
    `The saved password belongs to ${new URL(savedEndpoint).origin}; send the password again to use it with ${new URL(newEndpoint).origin}.`,
    {
      type: 'password-required-for-new-origin',
      title: 'Password required for a new origin',
      errors: [{ path: 'password', message: 'is required again because the endpoint moved to another origin' }],
    },
  )
}

/** The same rule for stored sensitive header values (X-Api-Key…): 422 naming `headers`. */
export function requireSensitiveHeadersForNewOrigin(savedEndpoint: string, newEndpoint: string): void {
  if (sameOrigin(savedEndpoint, newEndpoint)) return
  throw new HttpProblem(
    422,
    `The saved sensitive header values belong to ${new URL(savedEndpoint).origin}; send them again to use them with ${new URL(newEndpoint).origin}.`,
    {
      type: 'password-required-for-new-origin',
      title: 'Credentials required for a new origin',
      errors: [{ path: 'headers', message: 'sensitive header values must be sent again for a new origin' }],
    },
  )
}
