import type { UserDocument } from '@hookline/store'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { HttpProblem } from '../http/problem.ts'
import { clientAddressKey } from '../http/rate-limit.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { changePasswordBody, loginBody, loginResponse, userView } from '../schemas/accounts.ts'
import { toUserView } from '../views/account-views.ts'

const wrongCredentials = () =>
  new HttpProblem(401, 'The email or the password is wrong.', { type: 'invalid-credentials' })

export function authRoutes({ store, passwords, tokens, loginThrottle }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'login',
      // Wrong email or password, or a disabled user; 429 after repeated failures.
      problems: [401, 429],
      summary: 'Sign in',
      description:
        'Answers a signed token to send as `Authorization: Bearer <token>`, and the user. After 5 wrong passwords for an account (20 from an address) each further attempt waits twice as long as the last (429 with Retry-After), whether the account exists or not.',
      tag: 'Authentication',
      access: access.public,
      body: loginBody,
      status: 200,
      response: loginResponse,
      async handle({ body, request }) {
        const address = clientAddressKey(request)
        loginThrottle?.check(body.email, address)
        const failed = () => {
          loginThrottle?.recordFailure(body.email, address)
          return wrongCredentials()
        }
        const accounts = (await store.users.findByEmail(body.email)).filter(
          (user) => body.tenantId === undefined || user.tenantId === body.tenantId,
        )
        if (accounts.length === 0) {
          await passwords.verifyNothing(body.password)
          throw failed()
        }
        const matching: UserDocument[] = []
        for (const user of accounts) {
          if (await passwords.verify(user.passwordHash, body.password)) matching.push(user)
        }
        const user = matching[0]
        if (!user) throw failed()
        loginThrottle?.recordSuccess(body.email)
        if (matching.length > 1) {
          throw new HttpProblem(400, 'This email belongs to accounts in several portals; add the portal\'s tenantId to sign in.', {
            type: 'tenant-required',
            errors: [{ path: 'tenantId', message: 'is required for this email' }],
          })
        }
        if (user.disabled) throw new HttpProblem(401, 'This account is disabled.', { type: 'account-disabled' })
        const session = await store.sessions.create({ tenantId: user.tenantId, userId: user._id, expiresAt: tokens.expiryFromNow() })
        const { token, expiresAt } = await tokens.issue({ userId: user._id, tenantId: user.tenantId, role: user.role, sessionId: session._id })
        return { token, expiresAt: expiresAt.toISOString(), user: toUserView(user) }
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      operationId: 'getCurrentUser',
      summary: 'The signed-in user',
      tag: 'Authentication',
      access: access.role('Viewer'),
      status: 200,
      response: userView,
      async handle({ principal }) {
        if (principal.kind !== 'user') throw new HttpProblem(403, 'API keys have no user.')
        return toUserView(principal.user)
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      summary: 'Sign out',
      description: 'Ends the session of the token sent: it stops working at once, on every device that holds it.',
      tag: 'Authentication',
      access: access.role('Viewer'),
      status: 204,
      async handle({ principal }) {
        if (principal.kind !== 'user') throw new HttpProblem(403, 'API keys have no session to end; revoke the key instead.')
        await store.sessions.revoke(principal.sessionId, 'signed-out')
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password',
      operationId: 'changeOwnPassword',
      summary: 'Change your own password',
      description: 'Needs the current password. Every other session of yours ends; this one stays signed in.',
      tag: 'Authentication',
      access: access.role('Viewer'),
      body: changePasswordBody,
      status: 204,
      async handle({ body, principal }) {
        if (principal.kind !== 'user') throw new HttpProblem(403, 'API keys have no password.')
        if (!(await passwords.verify(principal.user.passwordHash, body.currentPassword))) {
          throw new HttpProblem(400, 'The current password is wrong.', {
            type: 'validation-failed',
            errors: [{ path: 'currentPassword', message: 'is wrong' }],
          })
        }
        const passwordHash = await passwords.hash(body.newPassword)
        await store.users.setPasswordHash(principal.tenantId, principal.user._id, passwordHash, principal.user.email)
        await store.sessions.revokeAllOf(principal.user._id, 'password-changed', principal.sessionId)
      },
    }),
  ]
}
