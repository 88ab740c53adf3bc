// Issue 17, item 11: Administrators change roles, reset passwords, disable and
// delete users without ever leaving a portal without an Administrator; anyone
// signed in can see whom to ask for a role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

let t: TestApi
let admin: TestUser

beforeAll(async () => {
  t = await startTestApi('api-user-administration')
  admin = await t.createTenant('Lockout portal')
})
afterAll(() => t.close())

const problemType = (reply: { body: { type?: string } }) => reply.body.type?.split('/').at(-1)

async function administratorsOf(token: string): Promise<{ name: string; email: string }[]> {
  const reply = await t.request('GET', '/api/v1/administrators', { token })
  expect(reply.status, reply.text).toBe(200)
  return reply.body.items
}

describe('who the Administrators are', () => {
  it('answers the enabled Administrators of the caller’s own tenant to a Viewer, names and emails only', async () => {
    const second = await t.createUser('Administrator', admin)
    const viewer = await t.createUser('Viewer', admin)
    const listed = await administratorsOf(viewer.token)
    expect(listed.map((item) => item.email).sort()).toEqual([admin.email, second.email].sort())
    expect(Object.keys(listed[0]!).sort()).toEqual(['email', 'name'])
    // The operator's tenant is another portal: its Administrators are not listed here, nor ours there.
    expect(listed.map((item) => item.email)).not.toContain(t.operator.email)
    expect((await administratorsOf(t.operator.token)).map((item) => item.email)).not.toContain(admin.email)

    expect((await t.request('PATCH', `/api/v1/users/${second.id}`, { token: admin.token, body: { disabled: true } })).status).toBe(200)
    expect((await administratorsOf(viewer.token)).map((item) => item.email)).toEqual([admin.email])
  })
})

describe('lockout rules', () => {
  it('refuses deleting yourself, demoting or disabling yourself, each as a 409 problem', async () => {
    const own = await t.request('DELETE', `/api/v1/users/${admin.id}`, { token: admin.token })
    expect(own.status).toBe(409)
    expect(own.headers.get('content-type')).toContain('application/problem+json')
    expect(problemType(own)).toBe('self-lockout')
    expect(own.body.detail).toMatch(/your own account/)
    const demote = await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: admin.token, body: { role: 'Manager' } })
    expect([demote.status, problemType(demote)]).toEqual([409, 'self-lockout'])
    expect((await t.request('GET', '/api/v1/auth/me', { token: admin.token })).body.role).toBe('Administrator')
  })

  // Who loses depends on timing: a request checked after the other change
  // finds the portal's last Administrator (409), or finds its own caller
  // already demoted (403) or signed out (401). Either way one stays.
  it('two Administrators demoting each other at once: one wins, the portal keeps an Administrator', async () => {
    const portal = await t.createTenant('Mutual demotion portal')
    const other = await t.createUser('Administrator', portal)
    const [first, second] = await Promise.all([
      t.request('PATCH', `/api/v1/users/${other.id}`, { token: portal.token, body: { role: 'Viewer' } }),
      t.request('PATCH', `/api/v1/users/${portal.id}`, { token: other.token, body: { role: 'Viewer' } }),
    ])
    expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1)
    const refused = first.status === 200 ? second : first
    expect([403, 409]).toContain(refused.status)
    if (refused.status === 409) {
      expect(problemType(refused)).toBe('last-administrator')
      expect(refused.body.detail).toMatch(/last enabled Administrator/)
    }
    const survivor = first.status === 200 ? portal : other
    expect((await administratorsOf(survivor.token)).map((item) => item.email)).toEqual([survivor.email])
  })

  it('two Administrators deleting or disabling each other at once leave exactly one', async () => {
    const portal = await t.createTenant('Mutual delete portal')
    const other = await t.createUser('Administrator', portal)
    const [deleted, disabled] = await Promise.all([
      t.request('DELETE', `/api/v1/users/${other.id}`, { token: portal.token }),
      t.request('PATCH', `/api/v1/users/${portal.id}`, { token: other.token, body: { disabled: true } }),
    ])
    const wins = [deleted.status === 204, disabled.status === 200]
    expect(wins.filter(Boolean)).toHaveLength(1)
    const refused = wins[0] ? disabled : deleted
    expect([401, 409]).toContain(refused.status)
    if (refused.status === 409) expect(problemType(refused)).toBe('last-administrator')
    const survivor = wins[0] ? portal : other
    expect((await administratorsOf(survivor.token)).map((item) => item.email)).toEqual([survivor.email])
  })

  it('keeps the last Administrator even when the lock is the only thing between two changes (checked in a loop)', async () => {
    // Usually both requests authenticate before either change lands, and the
    // lock alone makes one of them a 409; when one lands first the other is
    // a 403 (its sender is no Administrator any more). Rounds go on until the
    // 409 path has been taken (at most 20), and the invariant holds in every round.
    let lastAdministratorRefusals = 0
    for (let round = 0; round < 20 && lastAdministratorRefusals === 0; round++) {
      const portal = await t.createTenant(`Race portal ${round}`)
      const other = await t.createUser('Administrator', portal)
      const replies = await Promise.all([
        t.request('PATCH', `/api/v1/users/${other.id}`, { token: portal.token, body: { role: 'Manager' } }),
        t.request('PATCH', `/api/v1/users/${portal.id}`, { token: other.token, body: { role: 'Manager' } }),
      ])
      if (replies.some((reply) => reply.status === 409 && problemType(reply) === 'last-administrator')) lastAdministratorRefusals++
      const survivor = replies[0]!.status === 200 ? portal : other
      expect(await administratorsOf(survivor.token)).toHaveLength(1)
    }
    expect(lastAdministratorRefusals).toBeGreaterThan(0)
  })

  it('refuses deleting the platform operator, even by another Administrator of its tenant', async () => {
    const colleague = await t.createUser('Administrator')
    const reply = await t.request('DELETE', `/api/v1/users/${t.operator.id}`, { token: colleague.token })
    expect([reply.status, problemType(reply)]).toEqual([409, 'platform-operator'])
    expect((await t.request('GET', '/api/v1/auth/me', { token: t.operator.token })).status).toBe(200)
  })
})

describe('deleting a user', () => {
  it('ends their sessions and sign-in at once; the user is gone from the list', async () => {
    const manager = await t.createUser('Manager', admin)
    expect((await t.request('GET', '/api/v1/apps', { token: manager.token })).status).toBe(200)
    const reply = await t.request('DELETE', `/api/v1/users/${manager.id}`, { token: admin.token })
    expect(reply.status, reply.text).toBe(204)
    expect((await t.request('GET', '/api/v1/apps', { token: manager.token })).status).toBe(401)
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email: manager.email, password: manager.password } })).status).toBe(401)
    expect((await t.request('GET', `/api/v1/users/${manager.id}`, { token: admin.token })).status).toBe(404)
    const listed = await t.request('GET', '/api/v1/users', { token: admin.token })
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(manager.id)
    expect((await t.request('DELETE', `/api/v1/users/${manager.id}`, { token: admin.token })).status).toBe(404)
  })

  it('with a stale If-Match is a 412 and the user stays; another tenant’s user is a 404', async () => {
    const viewer = await t.createUser('Viewer', admin)
    const read = await t.request('GET', `/api/v1/users/${viewer.id}`, { token: admin.token })
    const etag = read.headers.get('etag')!
    expect((await t.request('PATCH', `/api/v1/users/${viewer.id}`, { token: admin.token, body: { role: 'Manager' } })).status).toBe(200)
    const stale = await t.request('DELETE', `/api/v1/users/${viewer.id}`, { token: admin.token, headers: { 'if-match': etag } })
    expect(stale.status).toBe(412)
    expect((await t.request('GET', `/api/v1/users/${viewer.id}`, { token: admin.token })).body.role).toBe('Manager')

    const foreign = await t.request('DELETE', `/api/v1/users/${viewer.id}`, { token: t.operator.token })
    expect(foreign.status).toBe(404)
    expect((await t.request('GET', `/api/v1/users/${viewer.id}`, { token: admin.token })).status).toBe(200)
  })
})

describe('resetting a password', () => {
  it('signs the user out everywhere; the new password works and the old one does not', async () => {
    const viewer = await t.createUser('Viewer', admin)
    const password = 'a-brand-new-passphrase-17'
    const reply = await t.request('POST', `/api/v1/users/${viewer.id}/password`, { token: admin.token, body: { password } })
    expect(reply.status, reply.text).toBe(204)
    expect((await t.request('GET', '/api/v1/auth/me', { token: viewer.token })).status).toBe(401)
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email: viewer.email, password: viewer.password } })).status).toBe(401)
    expect((await t.login(viewer.email, password)).id).toBe(viewer.id)
  })
})
