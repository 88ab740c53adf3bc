import { createServer } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { basicAuthReceiver, startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'
import { hooklineCollections } from '@hookline/store'

let t: TestApi
let strict: TestApi
let manager: TestUser
let receiver: Receiver
let closedPortUrl: string

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

beforeAll(async () => {
  t = await startTestApi('api-gate')
  // No allowlist and https only: loopback endpoints are refused before any request is made.
  strict = await startTestApi('api-gate-strict', { HOOKLINE_ENDPOINT_ALLOWLIST: '', HOOKLINE_ALLOW_HTTP: 'false' })
  manager = await t.createUser('Manager')
  receiver = await startReceiver()
  closedPortUrl = `http://127.0.0.1:${await closedPort()}/hooks`
})
afterAll(async () => {
  await receiver.close()
  await t.close()
  await strict.close()
})
beforeEach(() => receiver.behave(() => ({ status: 204 })))

const testConnection = (body: Record<string, unknown>, api = t, token = manager.token) =>
  api.request('POST', '/api/v1/apps/test-connection', { token, body })

describe('POST /api/v1/apps/test-connection', () => {
  it('passes for a reachable endpoint and sends a signed webhook.test event', async () => {
    const before = receiver.requests.length
    const reply = await testConnection({ endpoint: receiver.url, headers: { 'X-Team': 'video' } })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ ok: true, status: 204, message: expect.stringMatching(/^Connected/) })
    expect(reply.body.latencyMs).toBeGreaterThanOrEqual(0)
    const sent = receiver.requests[before]!
    expect(JSON.parse(sent.body).type).toBe('webhook.test')
    expect(sent.headers['x-team']).toBe('video')
    expect(sent.headers['webhook-id']).toBeTruthy()
  })

  it('reports a closed port', async () => {
    const reply = await testConnection({ endpoint: closedPortUrl })
    expect(reply.status).toBe(200)
    expect(reply.body.ok).toBe(false)
    expect(reply.body.message).toMatch(/refused|ECONNREFUSED/i)
  })

  it('reports a 404 as endpoint not found', async () => {
    receiver.behave(() => ({ status: 404 }))
    const reply = await testConnection({ endpoint: receiver.url })
    expect(reply.body).toMatchObject({ ok: false, status: 404, message: expect.stringMatching(/Endpoint not found/) })
  })

  it('reports rejected credentials', async () => {
    receiver.behave(basicAuthReceiver('hook', 'right-password'))
    const wrong = await testConnection({ endpoint: receiver.url, authType: 'basic', username: 'hook', password: 'wrong' })
    expect(wrong.body).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/Credentials rejected/) })
    const right = await testConnection({ endpoint: receiver.url, authType: 'basic', username: 'hook', password: 'right-password' })
    expect(right.body).toMatchObject({ ok: true, status: 200 })
  })

  it('reports a timeout', async () => {
    receiver.behave(() => ({ status: 200, delayMs: 3_000 }))
    const reply = await testConnection({ endpoint: receiver.url })
    expect(reply.body).toMatchObject({ ok: false, message: expect.stringMatching(/Unreachable in 2 s/) })
  })

  it('refuses an address outside the allowlist without sending anything', async () => {
    const admin = strict.operator
    const before = receiver.requests.length
    const https = await testConnection({ endpoint: receiver.url.replace('http:', 'https:') }, strict, admin.token)
    expect(https.body.ok).toBe(false)
    expect(https.body.message).toMatch(/loopback/i)
    const http = await testConnection({ endpoint: receiver.url }, strict, admin.token)
    expect(http.body.ok).toBe(false)
    expect(http.body.message).toMatch(/https|http:/i)
    expect(receiver.requests.length).toBe(before)
  })

  it('uses the stored password of an existing app when none is given', async () => {
    receiver.behave(basicAuthReceiver('hook', 'stored-password'))
    const created = await t.request('POST', '/api/v1/apps', {
      token: manager.token,
      body: { name: 'Stored', endpoint: receiver.url, authType: 'basic', username: 'hook', password: 'stored-password' },
    })
    expect(created.status).toBe(201)
    const reply = await testConnection({ endpoint: receiver.url, authType: 'basic', username: 'hook', appId: created.body.appId })
    expect(reply.body).toMatchObject({ ok: true })
    const without = await testConnection({ endpoint: receiver.url, authType: 'basic', username: 'hook' })
    expect(without.status).toBe(400)
  })
})

describe('the gate on save', () => {
  async function appCount() {
    return hooklineCollections(t.database.db).apps.countDocuments()
  }

  async function expectGateRefusal(reply: Awaited<ReturnType<TestApi['request']>>, detail: RegExp) {
    expect(reply.status, reply.text).toBe(422)
    expect(reply.headers.get('content-type')).toContain('application/problem+json')
    expect(reply.body.title).toBe('Connection test failed')
    expect(reply.body.detail).toMatch(detail)
    expect(reply.body.connectionTest.ok).toBe(false)
  }

  it.each([
    ['a failing endpoint', () => ({ endpoint: closedPortUrl }), undefined, /refused|ECONNREFUSED/i],
    ['a 404', () => ({ endpoint: receiver.url }), 404, /Endpoint not found/],
    ['a 500', () => ({ endpoint: receiver.url }), 500, /500/],
    ['wrong credentials', () => ({ endpoint: receiver.url, authType: 'basic', username: 'hook', password: 'wrong' }), 'basic', /Credentials rejected/],
  ] as const)('refuses to create an app with %s and stores nothing', async (_label, settings, answer, detail) => {
    if (answer === 'basic') receiver.behave(basicAuthReceiver('hook', 'right'))
    else if (answer) receiver.behave(() => ({ status: answer }))
    const before = await appCount()
    const reply = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name: 'Gate', ...settings() } })
    await expectGateRefusal(reply, detail)
    expect(await appCount()).toBe(before)
  })

  it('refuses to create an app outside the allowlist', async () => {
    const before = await hooklineCollections(strict.database.db).apps.countDocuments()
    const reply = await strict.request('POST', '/api/v1/apps', {
      token: strict.operator.token,
      body: { name: 'Private', endpoint: receiver.url.replace('http:', 'https:') },
    })
    await expectGateRefusal(reply, /loopback/i)
    expect(await hooklineCollections(strict.database.db).apps.countDocuments()).toBe(before)
  })

  it('tests again when the endpoint, auth or headers change, and keeps the app as it was on failure', async () => {
    const created = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name: 'Edit gate', endpoint: receiver.url } })
    const path = `/api/v1/apps/${created.body.appId}`

    const toClosed = await t.request('PATCH', path, { token: manager.token, body: { endpoint: closedPortUrl } })
    await expectGateRefusal(toClosed, /refused|ECONNREFUSED/i)

    receiver.behave(basicAuthReceiver('hook', 'right'))
    const toWrongAuth = await t.request('PATCH', path, {
      token: manager.token,
      body: { authType: 'basic', username: 'hook', password: 'wrong' },
    })
    await expectGateRefusal(toWrongAuth, /Credentials rejected/)

    receiver.behave((request) => (request.headers['x-required'] === 'yes' ? { status: 200 } : { status: 403 }))
    const toBadHeaders = await t.request('PATCH', path, { token: manager.token, body: { headers: { 'X-Required': 'no' } } })
    await expectGateRefusal(toBadHeaders, /403/)

    const unchanged = await t.request('GET', path, { token: manager.token })
    expect(unchanged.body).toEqual(created.body)

    const good = await t.request('PATCH', path, { token: manager.token, body: { headers: { 'X-Required': 'yes' } } })
    expect(good.status).toBe(200)
    expect(good.body.headers).toEqual({ 'X-Required': 'yes' })
  })

  it('does not test when only other fields change', async () => {
    const created = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name: 'Quiet', endpoint: receiver.url } })
    receiver.behave(() => ({ status: 500 }))
    const before = receiver.requests.length
    const reply = await t.request('PATCH', `/api/v1/apps/${created.body.appId}`, {
      token: manager.token,
      body: { name: 'Quiet 2', retries: 5, events: { categories: ['media'] } },
    })
    expect(reply.status).toBe(200)
    expect(receiver.requests.length).toBe(before)
  })

  it('refuses to activate an app whose endpoint fails, and it stays off', async () => {
    const created = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name: 'Activate', endpoint: receiver.url, active: false } })
    receiver.behave(() => ({ status: 410 }))
    const reply = await t.request('POST', `/api/v1/apps/${created.body.appId}/activate`, { token: manager.token })
    await expectGateRefusal(reply, /410/)
    const viaPatch = await t.request('PATCH', `/api/v1/apps/${created.body.appId}`, { token: manager.token, body: { active: true } })
    await expectGateRefusal(viaPatch, /410/)
    const after = await t.request('GET', `/api/v1/apps/${created.body.appId}`, { token: manager.token })
    expect(after.body.active).toBe(false)
  })
})
