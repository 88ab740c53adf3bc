import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operatorCredentials, startTestApi, type TestApi, type TestUser } from './support/test-api.ts'
import { hooklineCollections } from '@hookline/store'

let t: TestApi
let admin: TestUser

beforeAll(async () => {
  t = await startTestApi('api-accounts')
  admin = t.operator
})
afterAll(() => t.close())

describe('sign-in', () => {
  it('answers a token and the user, without the password hash', async () => {
    const reply = await t.request('POST', '/api/v1/auth/login', { body: { ...operatorCredentials, email: operatorCredentials.email.toUpperCase() } })
    expect(reply.status).toBe(200)
    expect(reply.body.token.split('.')).toHaveLength(3)
    expect(Date.parse(reply.body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000)
    expect(reply.body.user).toMatchObject({ email: operatorCredentials.email, role: 'Administrator', platformOperator: true })
    expect(reply.text).not.toMatch(/passwordHash|argon2/)
    const me = await t.request('GET', '/api/v1/auth/me', { token: reply.body.token })
    expect(me.body.email).toBe(operatorCredentials.email)
  })

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email: operatorCredentials.email, password: 'nope' } })
    const unknown = await t.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@hookline.test', password: 'nope' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body.detail).toBe(unknown.body.detail)
  })

  it('refuses a tampered, foreign or garbage token', async () => {
    const [header, payload, signature] = admin.token.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'Administrator', tid: 'ten_other' })).toString('base64url')
    for (const token of [`${header}.${forged}.${signature}`, 'garbage', `${header}.${payload}.`, 'eyJhbGciOiJub25lIn0.e30.']) {
      const reply = await t.request('GET', '/api/v1/auth/me', { token })
      expect(reply.status, token).toBe(401)
    }
    const scheme = await t.request('GET', '/api/v1/auth/me', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } })
    expect(scheme.status).toBe(401)
  })
})

describe('users', () => {
  it('creates, lists, changes role and disables; a disabled user’s token stops working', async () => {
    const created = await t.request('POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'Moder@Hookline.test', password: 'moderator-pass', name: 'Mo', role: 'Moderator' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ email: 'moder@hookline.test', role: 'Moderator', disabled: false, platformOperator: false })
    const user = await t.login('moder@hookline.test', 'moderator-pass')

    const listed = await t.request('GET', '/api/v1/users', { token: admin.token })
    expect(listed.body.items.map((item: { email: string }) => item.email)).toContain('moder@hookline.test')
    expect(listed.text).not.toMatch(/passwordHash|argon2/)

    const promoted = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.token, body: { role: 'Manager' } })
    expect(promoted.body.role).toBe('Manager')
    // The role is read on every request, so the old token carries the new role.
    expect((await t.request('GET', '/api/v1/apps', { token: user.token })).status).toBe(200)

    const disabled = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.token, body: { disabled: true } })
    expect(disabled.body.disabled).toBe(true)
    expect((await t.request('GET', '/api/v1/auth/me', { token: user.token })).status).toBe(401)
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'moder@hookline.test', password: 'moderator-pass' } })
    expect(login.status).toBe(401)
    expect(login.body.detail).toMatch(/disabled/)
  })

  it('refuses a duplicate email (409), a role not spelled exactly, and a short password', async () => {
    const body = { email: 'dup@hookline.test', password: 'long-enough-passphrase', name: 'Dup', role: 'Viewer' }
    expect((await t.request('POST', '/api/v1/users', { token: admin.token, body })).status).toBe(201)
    expect((await t.request('POST', '/api/v1/users', { token: admin.token, body: { ...body, email: 'DUP@hookline.test' } })).status).toBe(409)
    for (const bad of [{ role: 'manager' }, { role: 'Owner' }, { password: 'short' }, { email: 'not-an-email' }, { name: '' }]) {
      const reply = await t.request('POST', '/api/v1/users', { token: admin.token, body: { ...body, email: 'new@hookline.test', ...bad } })
      expect(reply.status, JSON.stringify(bad)).toBe(400)
      expect(reply.body.errors[0].path).toBe(Object.keys(bad)[0])
    }
  })

  it('does not let Administrators demote or disable themselves', async () => {
    const reply = await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: admin.token, body: { role: 'Viewer' } })
    expect(reply.status).toBe(409)
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: admin.token, body: { disabled: true } })).status).toBe(409)
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: admin.token, body: { name: 'Root' } })).body.name).toBe('Root')
  })
})

describe('API keys', () => {
  it('shows the key once, stores it hashed, authenticates only routes its scope allows, and revokes', async () => {
    const created = await t.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'CMS', scopes: ['events:publish'] } })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const key: string = created.body.key
    expect(key).toMatch(/^hk_/)
    expect(created.body.prefix).toBe(key.slice(0, 11))

    const listed = await t.request('GET', '/api/v1/api-keys', { token: admin.token })
    expect(listed.text).not.toContain(key)
    expect(listed.text).not.toContain('hash')
    const stored = await hooklineCollections(t.database.db).apiKeys.findOne({ _id: created.body.id })
    expect(JSON.stringify(stored)).not.toContain(key)

    expect((await t.request('GET', '/api/v1/event-types', { token: key })).status).toBe(200)
    const apps = await t.request('GET', '/api/v1/apps', { token: key })
    expect(apps.status).toBe(403)
    expect(apps.body.detail).toMatch(/API keys cannot do this.*Manager role/)

    expect((await t.request('DELETE', `/api/v1/api-keys/${created.body.id}`, { token: admin.token })).status).toBe(204)
    const revoked = await t.request('GET', '/api/v1/event-types', { token: key })
    expect(revoked.status).toBe(401)
    expect(revoked.body.detail).toMatch(/revoked/)
    const after = await t.request('GET', '/api/v1/api-keys', { token: admin.token })
    expect(after.body.items.find((item: { id: string }) => item.id === created.body.id).revokedAt).toBeTruthy()
  })

  it('refuses unknown scopes and empty scope lists', async () => {
    for (const scopes of [[], ['admin'], 'events:publish']) {
      const reply = await t.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'x', scopes } })
      expect(reply.status, JSON.stringify(scopes)).toBe(400)
    }
  })
})

describe('tenants', () => {
  it('lets the platform operator create a tenant with its own Administrator', async () => {
    const reply = await t.request('POST', '/api/v1/tenants', {
      token: admin.token,
      body: { name: 'Acme TV', url: 'https://acme.example.com', admin: { email: 'boss@acme.example', password: 'acme-password' } },
    })
    expect(reply.status).toBe(201)
    expect(reply.body.tenant).toMatchObject({ name: 'Acme TV', url: 'https://acme.example.com', id: expect.stringMatching(/^ten_/) })
    expect(reply.body.admin).toMatchObject({ email: 'boss@acme.example', role: 'Administrator', platformOperator: false, tenantId: reply.body.tenant.id })
    const boss = await t.login('boss@acme.example', 'acme-password')
    const forbidden = await t.request('POST', '/api/v1/tenants', { token: boss.token, body: { name: 'x', admin: { email: 'a@b.c', password: 'password1' } } })
    expect(forbidden.status).toBe(403)
    const listed = await t.request('GET', '/api/v1/tenants', { token: admin.token })
    expect(listed.body.items.map((tenant: { name: string }) => tenant.name)).toContain('Acme TV')
  })
})
