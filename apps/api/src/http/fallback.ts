import type { RequestHandler } from 'express'
import { pathPattern } from './mount-routes.ts'
import { HttpProblem } from './problem.ts'
import type { RouteDefinition } from './route.ts'

/** Paths other than the API routes that answer GET (health, docs). */
export interface ExtraPath {
  path: string
  methods: string[]
}

/** After every route: 405 (with Allow) for a known path and another method, 404 otherwise. */
export function createFallback(routes: readonly RouteDefinition[], extra: readonly ExtraPath[]): RequestHandler {
  const known = [
    ...routes.map((route) => ({ pattern: pathPattern(route.path), method: route.method.toUpperCase() })),
    ...extra.flatMap((entry) => entry.methods.map((method) => ({ pattern: pathPattern(entry.path), method }))),
  ]
  return (request, _response, next) => {
    const allowed = [...new Set(known.filter((entry) => entry.pattern.test(request.path)).map((entry) => entry.method))]
    const shownPath = request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD')
      next(
        new HttpProblem(405, `${request.method} is not allowed on ${shownPath}; use ${allowed.join(', ')}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      )
      return
    }
    next(new HttpProblem(404, `No route matches ${request.method} ${shownPath}.`))
  }
}
