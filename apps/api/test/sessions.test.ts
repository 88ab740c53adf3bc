import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from './support/test-api.ts'

// Finding 4 of issue 14: sessions end on the server when they should.

let t: TestApi

beforeAll(async () => {
  t = await startTestApi('api-sessions')
})
afterAll(async () => {
  await t.close()
})

const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token })

describe('revocable sessions', () => {
  it('logout ends the token at once', async () => {
    const user = await t.createUser('Viewer')
    expect((await me(user.token)).status).toBe(200)
    const out = await t.request('POST', '/api/v1/auth/logout', { token: user.token })
    expect(out.status).toBe(204)
    const after = await me(user.token)
    expect(after.status).toBe(401)
    expect(after.body.detail).toMatch(/session has ended/)
    // Another sign-in of the same user is a new session and works.
    expect((await me((await t.login(user.email, user.password)).token)).status).toBe(200)
  })

  it('changing your own password needs the current one and ends every other session', async () => {
    const user = await t.createUser('Manager')
    const other = await t.login(user.email, user.password)
    const wrong = await t.request('POST', '/api/v1/auth/password', {
      token: user.token,
      body: { currentPassword: 'not-my-password', newPassword: 'a fresh long passphrase 7' },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'currentPassword' })])
    expect((await me(other.token)).status).toBe(200)

    const changed = await t.request('POST', '/api/v1/auth/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a fresh long passphrase 7' },
    })
    expect(changed.status).toBe(204)
    expect((await me(user.token)).status).toBe(200)
    expect((await me(other.token)).status).toBe(401)
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401)
    expect((await t.login(user.email, 'a fresh long passphrase 7')).token).toBeTruthy()
  })

  it("an Administrator's password reset ends every session of that user", async () => {
    const user = await t.createUser('Contributor')
    const reset = await t.request('POST', `/api/v1/users/${user.id}/password`, {
      token: t.operator.token,
      body: { password: 'reset by the admin 42' },
    })
    expect(reset.status).toBe(204)
    expect((await me(user.token)).status).toBe(401)
    expect((await me((await t.login(user.email, 'reset by the admin 42')).token)).status).toBe(200)
  })

  it('a Manager cannot reset passwords', async () => {
    const manager = await t.createUser('Manager')
    const victim = await t.createUser('Viewer')
    const reply = await t.request('POST', `/api/v1/users/${victim.id}/password`, { token: manager.token, body: { password: 'takeover attempt 99' } })
    expect(reply.status).toBe(403)
    expect((await me(victim.token)).status).toBe(200)
  })

  it('disabling a user ends their sessions for good: enabling again does not revive old tokens', async () => {
    const user = await t.createUser('Viewer')
    const disable = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, body: { disabled: true } })
    expect(disable.status).toBe(200)
    expect((await me(user.token)).status).toBe(401)
    const enable = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, body: { disabled: false } })
    expect(enable.status).toBe(200)
    expect((await me(user.token)).status).toBe(401)
    expect((await me((await t.login(user.email, user.password)).token)).status).toBe(200)
  })
})
