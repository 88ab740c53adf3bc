import type { Express, Request } from 'express'
import { z } from 'zod'
import { checkAccess } from '../auth/access.ts'
import type { Authenticator } from '../auth/authenticate.ts'
import type { Principal } from '../auth/principal.ts'
import { HttpProblem } from './problem.ts'
import type { RequestLimiter } from './rate-limit.ts'
import type { RouteDefinition } from './route.ts'
import { issuesToFieldErrors, type InputLocation } from './validation-errors.ts'

function parseInput(schema: z.ZodType | undefined, value: unknown, location: InputLocation): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new HttpProblem(400, `The request ${location === 'body' ? 'body' : location} is not valid.`, {
    type: 'validation-failed',
    errors: issuesToFieldErrors(result.error, location),
    cause: result.error,
  })
}

// Routes without a body schema accept no body, or an empty JSON object;
// routes without a query schema accept no query parameters.
const noBody = z.strictObject({}).optional()
const noQuery = z.strictObject({})

/**
 * Registers each route on the app: authenticate, count the request against
 * the caller's rate limit (see rate-limit.ts), check access, validate
 * params, query and body (in that order, so a caller without the right role
 * learns nothing from validation errors), then run the handler.
 */
export function mountRoutes(
  app: Express,
  routes: readonly RouteDefinition[],
  authenticate: Authenticator,
  limiter?: RequestLimiter,
): void {
  for (const route of routes) {
    // Probes and scrapes (/healthz, /readyz, /metrics) stay outside the limit, as they always were.
    const limited = route.path.startsWith('/api/')
    app[route.method](route.path, async (request: Request, response) => {
      let principal: Principal | undefined
      if (route.access.kind === 'public') {
        if (limited) await limiter?.takeForAddress(request)
      } else {
        try {
          principal = await authenticate(request)
        } catch (error) {
          // A credential that does not resolve counts against the address: junk tokens open no new bucket.
          await limiter?.takeForAddress(request)
          throw error
        }
        await limiter?.takeForPrincipal(principal)
        checkAccess(route.access, principal)
      }
      const params = parseInput(route.params, { ...request.params }, 'params')
      const query = parseInput(route.query ?? noQuery, { ...request.query }, 'query')
      const body = parseInput(route.body ?? noBody, request.body, 'body')
      const result = await route.handle({ params, query, body, principal, request, response } as never)
      if (response.headersSent) return
      if (route.status === 204) response.status(204).end()
      else response.status(route.status).json(result)
    })
  }
}

/** Express path → regular expression, to answer 405 for a known path with another method. */
export function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${escaped}/?$`)
}
