import type { Store, UserChanges, UserDocument } from '@hookline/store'
import type { Principal } from '../auth/principal.ts'
import { HttpProblem } from '../http/problem.ts'

/** What an Administrator is about to do to a user. */
export type UserChange = { kind: 'update'; changes: UserChanges } | { kind: 'delete' }

const selfLockout = (detail: string) => new HttpProblem(409, detail, { type: 'self-lockout' })

/** True when the change leaves `user` without an enabled Administrator's powers. */
export function removesAdministrator(user: UserDocument, change: UserChange): boolean {
  if (user.role !== 'Administrator' || user.disabled) return false
  if (change.kind === 'delete') return true
  const { role, disabled } = change.changes
  return (role !== undefined && role !== 'Administrator') || disabled === true
}

/**
 * The rules that keep a tenant from locking itself out, checked before the
 * write: nobody demotes, disables or deletes themself, the platform operator
 * is not deleted (tenants are created through that account), and the last
 * enabled Administrator of a tenant stays one. Each is a 409 problem with its
 * own `type`, so the dashboard can say which rule stopped the change.
 */
export async function assertKeepsAdministrators(store: Store, principal: Principal, user: UserDocument, change: UserChange): Promise<void> {
  const self = principal.kind === 'user' && principal.user._id === user._id
  if (self && change.kind === 'delete') throw selfLockout('You cannot delete your own account; ask another Administrator.')
  if (self && change.kind === 'update') {
    const { role, disabled } = change.changes
    if ((role !== undefined && role !== user.role) || disabled === true) {
      throw selfLockout('You cannot change your own role or disable yourself; ask another Administrator.')
    }
  }
  if (user.platformOperator && change.kind === 'delete') {
    throw new HttpProblem(409, 'The platform operator’s account cannot be deleted; disable it instead.', { type: 'platform-operator' })
  }
  if (!removesAdministrator(user, change)) return
  const administrators = await store.users.listAdministrators(user.tenantId, 2)
  if (administrators.every((administrator) => administrator._id === user._id)) {
    const verb = change.kind === 'delete' ? 'deleted' : change.changes.disabled === true ? 'disabled' : 'given another role'
    throw new HttpProblem(409, `${user.name} is the last enabled Administrator of this portal and cannot be ${verb}; make someone else an Administrator first.`, {
      type: 'last-administrator',
    })
  }
}
