import { z } from 'zod'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { HttpProblem } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'

const healthView = z.object({ status: z.literal('ok') })

/** Liveness (the process answers) and readiness (the database answers). */
export function healthRoutes({ store, lifecycle }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'The process is up',
      tag: 'Health',
      access: access.public,
      status: 200,
      response: healthView,
      async handle() {
        return { status: 'ok' }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'ready',
      summary: 'The database is reachable and the API is not shutting down',
      tag: 'Health',
      access: access.public,
      status: 200,
      response: healthView,
      problems: [503],
      async handle() {
        // Stopping: still answering the requests it has, but send no new ones here.
        if (lifecycle.draining) throw new HttpProblem(503, 'The API is shutting down.', { type: 'shutting-down', headers: { 'retry-after': '5' } })
        try {
          await store.server.ping()
        } catch (error) {
          throw new HttpProblem(503, 'The database cannot be reached.', { type: 'database-unavailable', cause: error })
        }
        return { status: 'ok' }
      },
    }),
  ]
}
