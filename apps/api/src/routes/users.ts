import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { HttpProblem, notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { createUserBody, listQuery, updateUserBody, userParams, userView } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { toUserView } from '../views/account-views.ts'

const administrators = access.role('Administrator')
const tag = 'Users'

/** Administrators manage the users of their own tenant. */
export function userRoutes({ store, passwords }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/users',
      operationId: 'listUsers',
      summary: 'List users',
      tag,
      access: administrators,
      query: listQuery,
      status: 200,
      response: pageOf(userView),
      async handle({ query, principal }) {
        const page = await store.users.list(principal.tenantId, query)
        return { items: page.items.map(toUserView), nextCursor: page.nextCursor }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/users',
      operationId: 'createUser',
      summary: 'Create a user',
      tag,
      access: administrators,
      body: createUserBody,
      status: 201,
      response: userView,
      problems: [409],
      async handle({ body, principal }) {
        const user = await store.users.create({
          tenantId: principal.tenantId,
          email: body.email,
          name: body.name,
          role: body.role,
          passwordHash: await passwords.hash(body.password),
          createdBy: actorOf(principal),
        })
        return toUserView(user)
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/users/:userId',
      operationId: 'getUser',
      summary: 'Get a user',
      tag,
      access: administrators,
      params: userParams,
      status: 200,
      response: userView,
      async handle({ params, principal }) {
        const user = await store.users.get(principal.tenantId, params.userId)
        if (!user) throw notFound(`User ${params.userId}`)
        return toUserView(user)
      },
    }),

    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:userId',
      operationId: 'updateUser',
      summary: 'Change a user’s name or role, or disable them',
      description: 'A disabled user cannot sign in and their tokens stop working at once.',
      tag,
      access: administrators,
      params: userParams,
      body: updateUserBody,
      status: 200,
      response: userView,
      problems: [409],
      async handle({ params, body, principal }) {
        const self = principal.kind === 'user' && principal.user._id === params.userId
        if (self && ((body.role !== undefined && body.role !== principal.user.role) || body.disabled === true)) {
          // Keeps a tenant from locking itself out by accident.
          throw new HttpProblem(409, 'You cannot change your own role or disable yourself; ask another Administrator.')
        }
        const user = await store.users.update(principal.tenantId, params.userId, body, actorOf(principal))
        if (!user) throw notFound(`User ${params.userId}`)
        return toUserView(user)
      },
    }),
  ]
}
