import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

let t: TestApi
let receiver: Receiver
let adminA: TestUser
let adminB: TestUser
let appA: string
let userA: string
let keyA: string

beforeAll(async () => {
  t = await startTestApi('api-isolation')
  receiver = await startReceiver()
  adminA = await t.createTenant('Portal A')
  adminB = await t.createTenant('Portal B')
  appA = (await t.request('POST', '/api/v1/apps', { token: adminA.token, body: { name: 'A app', endpoint: receiver.url } })).body.appId
  userA = (await t.createUser('Viewer', adminA)).id
  keyA = (await t.request('POST', '/api/v1/api-keys', { token: adminA.token, body: { name: 'A key', scopes: ['events:publish'] } })).body.id
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

describe('tenant isolation', () => {
  it("answers 404 for every route that names another tenant's app", async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', `/api/v1/apps/${appA}`],
      ['PATCH', `/api/v1/apps/${appA}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/apps/${appA}`],
      ['POST', `/api/v1/apps/${appA}/activate`],
      ['POST', `/api/v1/apps/${appA}/deactivate`],
      ['GET', `/api/v1/apps/${appA}/secret`],
      ['POST', `/api/v1/apps/${appA}/rotate-secret`],
      ['POST', '/api/v1/apps/test-connection', { endpoint: receiver.url, appId: appA }],
    ]
    for (const [method, path, body] of requests) {
      const reply = await t.request(method, path, { token: adminB.token, ...(body ? { body } : {}) })
      expect(reply.status, `${method} ${path}`).toBe(404)
    }
    const stored = await t.request('GET', `/api/v1/apps/${appA}`, { token: adminA.token })
    expect(stored.body).toMatchObject({ name: 'A app', active: true })
  })

  it("answers 404 for another tenant's users and keys", async () => {
    expect((await t.request('GET', `/api/v1/users/${userA}`, { token: adminB.token })).status).toBe(404)
    expect((await t.request('PATCH', `/api/v1/users/${userA}`, { token: adminB.token, body: { role: 'Administrator' } })).status).toBe(404)
    expect((await t.request('DELETE', `/api/v1/api-keys/${keyA}`, { token: adminB.token })).status).toBe(404)
    expect((await t.request('GET', `/api/v1/users/${userA}`, { token: adminA.token })).body.role).toBe('Viewer')
  })

  it("lists only the caller's own records", async () => {
    const apps = await t.request('GET', '/api/v1/apps', { token: adminB.token })
    expect(apps.body.items).toEqual([])
    const searched = await t.request('GET', `/api/v1/apps?search=${appA}`, { token: adminB.token })
    expect(searched.body.items).toEqual([])
    const users = await t.request('GET', '/api/v1/users', { token: adminB.token })
    expect(users.body.items.map((user: { email: string }) => user.email)).toEqual([adminB.email])
    const keys = await t.request('GET', '/api/v1/api-keys', { token: adminB.token })
    expect(keys.body.items).toEqual([])
  })

  it('stamps new records with the caller’s tenant, whatever the body says', async () => {
    const created = await t.request('POST', '/api/v1/apps', { token: adminB.token, body: { name: 'B app', endpoint: receiver.url } })
    expect(created.body.tenantId).toBe(adminB.tenantId)
    const user = await t.request('POST', '/api/v1/users', {
      token: adminB.token,
      body: { email: 'same@hookline.test', password: 'password-b-1', name: 'B', role: 'Viewer' },
    })
    expect(user.body.tenantId).toBe(adminB.tenantId)
  })

  it('lets the same email exist in two tenants and signs in to the right one', async () => {
    await t.request('POST', '/api/v1/users', {
      token: adminA.token,
      body: { email: 'twice@hookline.test', password: 'password-in-a', name: 'A', role: 'Manager' },
    })
    await t.request('POST', '/api/v1/users', {
      token: adminB.token,
      body: { email: 'twice@hookline.test', password: 'password-in-b', name: 'B', role: 'Viewer' },
    })
    expect((await t.login('twice@hookline.test', 'password-in-a')).tenantId).toBe(adminA.tenantId)
    expect((await t.login('twice@hookline.test', 'password-in-b')).tenantId).toBe(adminB.tenantId)
  })
})
