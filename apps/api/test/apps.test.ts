import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

let t: TestApi
let manager: TestUser
let receiver: Receiver

beforeAll(async () => {
  t = await startTestApi('api-apps')
  manager = await t.createUser('Manager')
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})
beforeEach(() => receiver.behave(() => ({ status: 204 })))

const create = (body: Record<string, unknown>) => t.request('POST', '/api/v1/apps', { token: manager.token, body })

describe('apps CRUD', () => {
  it('creates an app with defaults and answers 201 with it', async () => {
    const reply = await create({ name: 'Media sync', endpoint: receiver.url, events: { categories: ['media'] } })
    expect(reply.status).toBe(201)
    expect(reply.headers.get('location')).toBe(`/api/v1/apps/${reply.body.appId}`)
    expect(reply.body).toMatchObject({
      appId: expect.stringMatching(/^app_[0-9a-f]{24}$/),
      tenantId: manager.tenantId,
      name: 'Media sync',
      endpoint: receiver.url,
      active: true,
      authType: 'none',
      hasPassword: false,
      events: { categories: ['media'], types: [] },
      headers: {},
      retries: 3,
      retryDelaySeconds: 5,
      legacySubjectDetailEncoding: false,
      createdBy: manager.email,
      updatedBy: manager.email,
    })
    expect(Date.parse(reply.body.createdAt)).not.toBeNaN()
    // The gate sent one signed test event.
    expect(receiver.requests.at(-1)?.headers['webhook-signature']).toMatch(/^v1,/)
  })

  it('stores every field and returns it on get', async () => {
    const body = {
      name: 'Everything',
      endpoint: receiver.url,
      active: false,
      authType: 'basic',
      username: 'hook-user',
      password: 'hook-password',
      events: { categories: [], types: ['media.updated', 'media.deleted'] },
      headers: { 'X-Team': 'video', 'X-Trace.Id': 'a.b' },
      retries: 10,
      retryDelaySeconds: 3600,
      legacySubjectDetailEncoding: true,
    }
    const created = await create(body)
    expect(created.status).toBe(201)
    const got = await t.request('GET', `/api/v1/apps/${created.body.appId}`, { token: manager.token })
    expect(got.status).toBe(200)
    const { password: _password, ...visible } = body
    expect(got.body).toMatchObject({ ...visible, hasPassword: true })
    expect(got.body.password).toBeUndefined()
  })

  it('changes fields with PATCH and keeps the stored password', async () => {
    const created = await create({ name: 'Patch me', endpoint: receiver.url, authType: 'basic', username: 'u', password: 'p' })
    const appId = created.body.appId
    const patched = await t.request('PATCH', `/api/v1/apps/${appId}`, {
      token: manager.token,
      body: { name: 'Patched', retries: 0, retryDelaySeconds: 1, events: { categories: ['media'] } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Patched', retries: 0, retryDelaySeconds: 1, hasPassword: true, username: 'u' })
    expect(patched.body.events).toEqual({ categories: ['media'], types: [] })

    const toNone = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { authType: 'none' } })
    expect(toNone.status).toBe(200)
    expect(toNone.body).toMatchObject({ authType: 'none', hasPassword: false })
    expect(toNone.body.username).toBeUndefined()
  })

  it('deactivates and activates', async () => {
    const created = await create({ name: 'Toggle', endpoint: receiver.url })
    const off = await t.request('POST', `/api/v1/apps/${created.body.appId}/deactivate`, { token: manager.token })
    expect(off.status).toBe(200)
    expect(off.body.active).toBe(false)
    const on = await t.request('POST', `/api/v1/apps/${created.body.appId}/activate`, { token: manager.token })
    expect(on.status).toBe(200)
    expect(on.body.active).toBe(true)
  })

  it('clears the engine’s deactivation reason when turned on again', async () => {
    const created = await create({ name: 'Engine off', endpoint: receiver.url })
    await t.api.store.apps.deactivate(created.body.appId, '410 Gone from the endpoint')
    const off = await t.request('GET', `/api/v1/apps/${created.body.appId}`, { token: manager.token })
    expect(off.body).toMatchObject({ active: false, deactivatedReason: '410 Gone from the endpoint' })
    expect(Date.parse(off.body.deactivatedAt)).not.toBeNaN()
    const on = await t.request('POST', `/api/v1/apps/${created.body.appId}/activate`, { token: manager.token })
    expect(on.body.active).toBe(true)
    expect(on.body.deactivatedReason).toBeUndefined()
    expect(on.body.deactivatedAt).toBeUndefined()
  })

  it('deletes an app (404 afterwards)', async () => {
    const created = await create({ name: 'Delete me', endpoint: receiver.url })
    const deleted = await t.request('DELETE', `/api/v1/apps/${created.body.appId}`, { token: manager.token })
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect((await t.request('GET', `/api/v1/apps/${created.body.appId}`, { token: manager.token })).status).toBe(404)
    expect((await t.request('DELETE', `/api/v1/apps/${created.body.appId}`, { token: manager.token })).status).toBe(404)
  })

  it('reveals the signing secret and rotates it with an overlap', async () => {
    const created = await create({ name: 'Secrets', endpoint: receiver.url })
    const path = `/api/v1/apps/${created.body.appId}`
    const first = await t.request('GET', `${path}/secret`, { token: manager.token })
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/)
    const rotated = await t.request('POST', `${path}/rotate-secret`, { token: manager.token })
    expect(rotated.status).toBe(200)
    expect(JSON.stringify(rotated.body)).not.toContain('whsec_')
    const second = await t.request('GET', `${path}/secret`, { token: manager.token })
    expect(second.body.secret).not.toBe(first.body.secret)
    const stored = await t.api.store.apps.getById(created.body.appId)
    expect(t.api.store.apps.validSigningSecrets(stored!)).toEqual([second.body.secret, first.body.secret])
  })
})

describe('apps list', () => {
  it('pages newest first and searches name, endpoint and appId case-insensitively', async () => {
    const tenant = await t.createTenant('List portal')
    const ids: string[] = []
    for (const name of ['Alpha hook', 'Beta hook', 'Gamma (v2.*)']) {
      const reply = await t.request('POST', '/api/v1/apps', { token: tenant.token, body: { name, endpoint: receiver.url } })
      ids.push(reply.body.appId)
    }
    const first = await t.request('GET', '/api/v1/apps?limit=2', { token: tenant.token })
    expect(first.status).toBe(200)
    expect(first.body.items.map((app: { name: string }) => app.name)).toEqual(['Gamma (v2.*)', 'Beta hook'])
    const second = await t.request('GET', `/api/v1/apps?limit=2&cursor=${first.body.nextCursor}`, { token: tenant.token })
    expect(second.body.items.map((app: { name: string }) => app.name)).toEqual(['Alpha hook'])
    expect(second.body.nextCursor).toBeNull()

    const byName = await t.request('GET', '/api/v1/apps?search=BETA', { token: tenant.token })
    expect(byName.body.items.map((app: { name: string }) => app.name)).toEqual(['Beta hook'])
    const byId = await t.request('GET', `/api/v1/apps?search=${ids[0]!.slice(4, 14)}`, { token: tenant.token })
    expect(byId.body.items.map((app: { appId: string }) => app.appId)).toEqual([ids[0]])
    const byEndpoint = await t.request('GET', '/api/v1/apps?search=127.0.0.1', { token: tenant.token })
    expect(byEndpoint.body.items).toHaveLength(3)
    const literal = await t.request('GET', `/api/v1/apps?search=${encodeURIComponent('(v2.*)')}`, { token: tenant.token })
    expect(literal.body.items.map((app: { name: string }) => app.name)).toEqual(['Gamma (v2.*)'])
    const regexLooking = await t.request('GET', `/api/v1/apps?search=${encodeURIComponent('.*')}`, { token: tenant.token })
    expect(regexLooking.body.items.map((app: { name: string }) => app.name)).toEqual(['Gamma (v2.*)'])
  })

  it('refuses a bad limit or cursor with 400', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'cursor=not-a-cursor', 'unknown=1']) {
      const reply = await t.request('GET', `/api/v1/apps?${query}`, { token: manager.token })
      expect(reply.status, query).toBe(400)
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
    }
  })
})
