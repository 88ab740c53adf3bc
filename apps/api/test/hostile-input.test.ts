import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi } from './support/test-api.ts'

let t: TestApi
let receiver: Receiver
let appId: string
let paths: { method: string; path: string }[]

beforeAll(async () => {
  t = await startTestApi('api-hostile')
  receiver = await startReceiver()
  appId = (await t.request('POST', '/api/v1/apps', { token: t.operator.token, body: { name: 'Target', endpoint: receiver.url } })).body.appId
  // Every route the API serves, with real ids where it takes one.
  paths = t.api.routes.map((route) => ({
    method: route.method.toUpperCase(),
    path: route.path.replace(':appId', appId).replace(':userId', t.operator.id).replace(':keyId', 'key_x'),
  }))
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

const hostileBodies: [string, unknown][] = [
  ['operator object in a field', { name: { $gt: '' }, endpoint: 'http://127.0.0.1/' }],
  ['$where at the top', { $where: 'sleep(1000)' }],
  ['$ key deep inside', { events: { categories: [{ $regex: '.*' }] } }],
  ['__proto__ key', JSON.parse('{"__proto__": {"role": "Administrator"}}')],
  ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
  ['operator objects in login', { email: { $ne: null }, password: { $ne: null } }],
  ['dotted $ in headers', { headers: { $set: 'x' } }],
]

describe('hostile bodies on every route that takes one', () => {
  it.each(hostileBodies)('%s → 400 everywhere, never a 5xx', async (_label, body) => {
    for (const { method, path } of paths.filter((entry) => entry.method !== 'GET')) {
      const reply = await t.request(method, path, { token: t.operator.token, body })
      expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(400)
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).role).toBeUndefined()
  })

  it('refuses malformed JSON without echoing it', async () => {
    for (const { method, path } of paths.filter((entry) => entry.method !== 'GET')) {
      const reply = await t.request(method, path, {
        token: t.operator.token,
        rawBody: '{"password": "hunter2-secret", ',
        headers: { 'content-type': 'application/json' },
      })
      expect(reply.status, `${method} ${path}`).toBe(400)
      expect(reply.body.type).toMatch(/malformed-json/)
      expect(reply.text).not.toContain('hunter2')
    }
  })

  it('refuses other content types with 415', async () => {
    for (const { method, path } of paths.filter((entry) => entry.method !== 'GET')) {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const reply = await t.request(method, path, { token: t.operator.token, rawBody: 'name=x', headers: { 'content-type': contentType } })
        expect(reply.status, `${method} ${path} ${contentType}`).toBe(415)
      }
      const none = await t.request(method, path, { token: t.operator.token, rawBody: '{"name":"x"}' })
      expect([400, 415], `${method} ${path} without content type`).toContain(none.status)
    }
  })

  it('refuses a body over the limit with 413', async () => {
    for (const { method, path } of paths.filter((entry) => entry.method !== 'GET')) {
      // Publishing takes batches of up to 500 events: its limit is larger.
      const limit = path === '/api/v1/events' ? t.config.eventsBodyLimitBytes : t.config.bodyLimitBytes
      const huge = JSON.stringify({ name: 'x'.repeat(limit + 10) })
      const reply = await t.request(method, path, { token: t.operator.token, rawBody: huge, headers: { 'content-type': 'application/json' } })
      expect(reply.status, `${method} ${path}`).toBe(413)
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
    }
  })

  it('refuses absurdly deep nesting', async () => {
    const deep = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`
    const reply = await t.request('POST', '/api/v1/apps', { token: t.operator.token, rawBody: deep, headers: { 'content-type': 'application/json' } })
    expect(reply.status).toBe(400)
    expect(reply.body.errors[0].message).toMatch(/nested/)
  })

  it('refuses an unsupported charset', async () => {
    const reply = await t.request('POST', '/api/v1/apps', {
      token: t.operator.token,
      rawBody: '{}',
      headers: { 'content-type': 'application/json; charset=latin1' },
    })
    expect(reply.status).toBe(415)
  })
})

describe('hostile queries on every route', () => {
  it.each([
    ['search[$ne]=x'],
    ['$where=1'],
    ['limit[$gt]=0'],
    ['__proto__=x'],
    ['limit=1&limit=2'],
    ['cursor=' + 'A'.repeat(500)],
    ['search=' + 'x'.repeat(300)],
    ['unknown=1'],
  ])('?%s → 400 everywhere, never a 5xx', async (query) => {
    for (const { method, path } of paths) {
      const reply = await t.request(method, `${path}?${query}`, {
        token: t.operator.token,
        ...(['POST', 'PATCH'].includes(method) ? { body: {} } : {}),
      })
      expect(reply.status, `${method} ${path}?${query}: ${reply.text}`).toBe(400)
    }
  })
})

describe('hostile paths and headers', () => {
  it('answers 404, never a 5xx, for odd ids', async () => {
    for (const id of ['%24where', '%00', 'x'.repeat(101), '..%2F..%2Fetc', '%7B%22%24gt%22%3A%22%22%7D', '%E0%A4%A']) {
      const reply = await t.request('GET', `/api/v1/apps/${id}`, { token: t.operator.token })
      expect([400, 404], `${id}: ${reply.status}`).toContain(reply.status)
    }
  })

  it('refuses odd Authorization headers with 401', async () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer a b', `Bearer ${'x'.repeat(5000)}`, 'Token abc', 'Bearer hk_unknown']) {
      const reply = await t.request('GET', '/api/v1/apps', { headers: { authorization } })
      expect(reply.status, authorization.slice(0, 20)).toBe(401)
    }
  })
})
