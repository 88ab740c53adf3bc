import { hasRoleAtLeast, type Role } from '@hookline/core'
import { HttpProblem } from '../http/problem.ts'
import type { Principal } from './principal.ts'
import type { ApiKeyScope } from './scopes.ts'

/** Who may call a route. Declared on every route; checked in one place. */
export type RoleAccess = { kind: 'role'; role: Role; scope?: ApiKeyScope }

export type Access =
  | { kind: 'public' }
  /** Any signed-in user, whatever the role, or any API key. */
  | { kind: 'any-credential' }
  /** A user with this role or higher; an API key only if it holds `scope`. */
  | RoleAccess
  /** The seeded first Administrator, who runs the platform. */
  | { kind: 'platform-operator' }

export const access = {
  public: { kind: 'public' },
  anyCredential: { kind: 'any-credential' },
  role: (role: Role, scope?: ApiKeyScope): RoleAccess => (scope ? { kind: 'role', role, scope } : { kind: 'role', role }),
  platformOperator: { kind: 'platform-operator' },
} as const satisfies Record<string, Access | ((...args: never[]) => Access)>

/** Throws a 403 that names what is missing. */
export function checkAccess(rule: Access, principal: Principal): void {
  switch (rule.kind) {
    case 'public':
    case 'any-credential':
      return
    case 'role':
      if (principal.kind === 'api-key') {
        if (rule.scope && principal.apiKey.scopes.includes(rule.scope)) return
        throw new HttpProblem(
          403,
          rule.scope
            ? `This API key lacks the "${rule.scope}" scope; a user with the ${rule.role} role or higher may also do this.`
            : `API keys cannot do this; it requires a signed-in user with the ${rule.role} role or higher.`,
          { type: 'insufficient-role', extensions: { requiredRole: rule.role, ...(rule.scope ? { requiredScope: rule.scope } : {}) } },
        )
      }
      if (hasRoleAtLeast(principal.role, rule.role)) return
      throw new HttpProblem(403, `This requires the ${rule.role} role or higher; your role is ${principal.role}.`, {
        type: 'insufficient-role',
        extensions: { requiredRole: rule.role },
      })
    case 'platform-operator':
      if (principal.kind === 'user' && principal.user.platformOperator) return
      throw new HttpProblem(403, 'Only the platform operator (the first Administrator) can manage tenants.', {
        type: 'platform-operator-required',
      })
  }
}

/** For the OpenAPI document: who may call the route, in words. */
export function describeAccess(rule: Access): string {
  switch (rule.kind) {
    case 'public':
      return 'No credentials needed.'
    case 'any-credential':
      return 'Any signed-in user or API key.'
    case 'role':
      return `Role ${rule.role} or higher${rule.scope ? `, or an API key with the \`${rule.scope}\` scope` : ''}.`
    case 'platform-operator':
      return 'The platform operator only.'
  }
}
