import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { checkVersion, ifMatchVersion, preconditionFailed, setETag } from '../http/versioning.ts'
import { administratorsView, createUserBody, listQuery, resetPasswordBody, updateUserBody, userParams, userView } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { createKeyedLock, versionOf } from '@hookline/store'
import { assertKeepsAdministrators } from '../services/user-lockout-rules.ts'
import { toAdministratorView, toUserView } from '../views/account-views.ts'

const administrators = access.role('Administrator')
const tag = 'Users'

/** Administrators manage the users of their own tenant. */
export function userRoutes({ store, passwords }: RouteDependencies): RouteDefinition[] {
  // Role, disable and delete changes of one tenant run one after another in
  // this process, so two Administrators demoting each other at once cannot
  // both pass the last-Administrator check.
  const withTenantLock = createKeyedLock()
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/administrators',
      operationId: 'listAdministrators',
      summary: 'Who the Administrators of your portal are',
      description: 'Names and emails of the enabled Administrators of the caller’s tenant, so anyone signed in knows whom to ask for a role.',
      tag,
      access: access.role('Viewer'),
      status: 200,
      response: administratorsView,
      async handle({ principal }) {
        const administrators = await store.users.listAdministrators(principal.tenantId, 100)
        return { items: administrators.map(toAdministratorView) }
      },
    }),

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
      async handle({ body, principal, response }) {
        const user = await store.users.create({
          tenantId: principal.tenantId,
          email: body.email,
          name: body.name,
          role: body.role,
          passwordHash: await passwords.hash(body.password),
          createdBy: actorOf(principal),
        })
        setETag(response, versionOf(user))
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
      async handle({ params, principal, response }) {
        const user = await store.users.get(principal.tenantId, params.userId)
        if (!user) throw notFound(`User ${params.userId}`)
        setETag(response, versionOf(user))
        return toUserView(user)
      },
    }),

    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:userId',
      operationId: 'updateUser',
      summary: 'Change a user’s name or role, or disable them',
      description:
        'A disabled user cannot sign in and their tokens stop working at once. With `If-Match` (the ETag of your last read) the change is made only if nobody changed the user since (else 412).',
      tag,
      access: administrators,
      params: userParams,
      body: updateUserBody,
      status: 200,
      response: userView,
      problems: [409, 412],
      async handle({ params, body, principal, request, response }) {
        const ifVersion = ifMatchVersion(request)
        const user = await withTenantLock(principal.tenantId, async () => {
          const before = await store.users.get(principal.tenantId, params.userId)
          if (!before) throw notFound(`User ${params.userId}`)
          checkVersion(ifVersion, versionOf(before))
          await assertKeepsAdministrators(store, principal, before, { kind: 'update', changes: body })
          const after = await store.users.update(principal.tenantId, params.userId, body, actorOf(principal), { ifVersion })
          if (after) return after
          const current = await store.users.get(principal.tenantId, params.userId)
          if (!current) throw notFound(`User ${params.userId}`)
          throw preconditionFailed(versionOf(current))
        })
        // Disabling ends every session for good: enabling again later does not bring old tokens back.
        if (body.disabled === true) await store.sessions.revokeAllOf(user._id, 'user-disabled')
        setETag(response, versionOf(user))
        return toUserView(user)
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/users/:userId/password',
      operationId: 'resetUserPassword',
      summary: 'Set a new password for a user',
      description: 'For a user who forgot theirs. Every session of that user ends; they sign in with the new password.',
      tag,
      access: administrators,
      params: userParams,
      body: resetPasswordBody,
      status: 204,
      async handle({ params, body, principal }) {
        const user = await store.users.setPasswordHash(principal.tenantId, params.userId, await passwords.hash(body.password), actorOf(principal))
        if (!user) throw notFound(`User ${params.userId}`)
        await store.sessions.revokeAllOf(user._id, 'password-reset')
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/v1/users/:userId',
      operationId: 'deleteUser',
      summary: 'Delete a user',
      description:
        'The user can no longer sign in and every session of theirs ends at once; records they created keep their email as author. Nobody deletes themself, and the last enabled Administrator stays (409). With `If-Match`, only if nobody changed the user since your read (else 412).',
      tag,
      access: administrators,
      params: userParams,
      status: 204,
      problems: [409, 412],
      async handle({ params, principal, request }) {
        const ifVersion = ifMatchVersion(request)
        await withTenantLock(principal.tenantId, async () => {
          const before = await store.users.get(principal.tenantId, params.userId)
          if (!before) throw notFound(`User ${params.userId}`)
          checkVersion(ifVersion, versionOf(before))
          await assertKeepsAdministrators(store, principal, before, { kind: 'delete' })
          if (await store.users.remove(principal.tenantId, params.userId, { ifVersion })) return
          const current = await store.users.get(principal.tenantId, params.userId)
          if (!current) throw notFound(`User ${params.userId}`)
          throw preconditionFailed(versionOf(current))
        })
        await store.sessions.revokeAllOf(params.userId, 'user-deleted')
      },
    }),
  ]
}
