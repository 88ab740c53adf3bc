import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'
import { hooklineCollections } from '@hookline/store'

let t: TestApi
let manager: TestUser
let receiver: Receiver
let valid: Record<string, unknown>

beforeAll(async () => {
  t = await startTestApi('api-apps-validation')
  manager = await t.createUser('Manager')
  receiver = await startReceiver()
  valid = { name: 'Valid', endpoint: receiver.url }
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

async function expectRefused(body: Record<string, unknown>, path: string, message?: RegExp) {
  const before = await hooklineCollections(t.database.db).apps.countDocuments()
  const reply = await t.request('POST', '/api/v1/apps', { token: manager.token, body })
  expect(reply.status, JSON.stringify(body)).toBe(400)
  expect(reply.headers.get('content-type')).toContain('application/problem+json')
  const paths = reply.body.errors.map((error: { path: string }) => error.path)
  expect(paths, reply.text).toContain(path)
  if (message) expect(reply.body.errors.find((error: { path: string }) => error.path === path).message).toMatch(message)
  expect(await hooklineCollections(t.database.db).apps.countDocuments()).toBe(before)
}

describe('field validation on create', () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp?][] = [
    ['missing name', () => ({ endpoint: receiver.url }), 'name'],
    ['empty name', () => ({ ...valid, name: '   ' }), 'name', /empty/],
    ['long name', () => ({ ...valid, name: 'x'.repeat(101) }), 'name'],
    ['name with control characters', () => ({ ...valid, name: 'a\u0007b' }), 'name', /control/],
    ['number as name', () => ({ ...valid, name: 42 }), 'name'],
    ['missing endpoint', () => ({ name: 'x' }), 'endpoint'],
    ['not a URL', () => ({ ...valid, endpoint: 'not a url' }), 'endpoint'],
    ['ftp URL', () => ({ ...valid, endpoint: 'ftp://127.0.0.1/x' }), 'endpoint', /http/],
    ['javascript URL', () => ({ ...valid, endpoint: 'javascript:alert(1)' }), 'endpoint'],
    ['URL with credentials', () => ({ ...valid, endpoint: 'http://u:p@127.0.0.1/x' }), 'endpoint', /credentials/],
    ['very long URL', () => ({ ...valid, endpoint: `http://127.0.0.1/${'a'.repeat(2050)}` }), 'endpoint'],
    ['active as string', () => ({ ...valid, active: 'yes' }), 'active'],
    ['unknown authType', () => ({ ...valid, authType: 'bearer' }), 'authType', /none.*basic/],
    ['basic without password', () => ({ ...valid, authType: 'basic', username: 'u' }), 'password', /required/],
    ['basic without username', () => ({ ...valid, authType: 'basic', password: 'p' }), 'username', /required/],
    ['username without basic', () => ({ ...valid, username: 'u' }), 'username', /basic/],
    ['password without basic', () => ({ ...valid, password: 'p' }), 'password', /basic/],
    ['username with a colon', () => ({ ...valid, authType: 'basic', username: 'a:b', password: 'p' }), 'username', /:/],
    ['password with a newline', () => ({ ...valid, authType: 'basic', username: 'u', password: 'a\nb' }), 'password'],
    ['events not an object', () => ({ ...valid, events: ['media'] }), 'events'],
    ['unknown category', () => ({ ...valid, events: { categories: ['nope'] } }), 'events.categories.0', /not a category/],
    ['unknown event type', () => ({ ...valid, events: { types: ['media.updated', 'media.exploded'] } }), 'events.types.1', /not an event type/],
    ['unknown field in events', () => ({ ...valid, events: { categories: [], all: true } }), 'events.all', /Unknown/],
    ['event type not a string', () => ({ ...valid, events: { types: [1] } }), 'events.types.0'],
    ['headers as array', () => ({ ...valid, headers: [['X-A', 'b']] }), 'headers'],
    ['header value not a string', () => ({ ...valid, headers: { 'X-A': 1 } }), 'headers.X-A'],
    ['reserved header', () => ({ ...valid, headers: { 'Content-Type': 'text/plain' } }), 'headers.Content-Type', /set by Hookline/],
    ['signature header', () => ({ ...valid, headers: { 'webhook-signature': 'v1,x' } }), 'headers.webhook-signature', /Standard Webhooks/],
    ['authorization with basic', () => ({ ...valid, authType: 'basic', username: 'u', password: 'p', headers: { Authorization: 'x' } }), 'headers.Authorization', /Basic/],
    ['invalid header name', () => ({ ...valid, headers: { 'Bad Name': 'x' } }), 'headers.Bad Name', /not a valid header name/],
    ['header value with newline', () => ({ ...valid, headers: { 'X-A': 'a\r\nX-Injected: 1' } }), 'headers.X-A', /one line/],
    ['too many headers', () => ({ ...valid, headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, 'v'])) }), 'headers', /50/],
    ['negative retries', () => ({ ...valid, retries: -1 }), 'retries', /0 and 10/],
    ['too many retries', () => ({ ...valid, retries: 11 }), 'retries', /0 and 10/],
    ['fractional retries', () => ({ ...valid, retries: 1.5 }), 'retries', /whole/],
    ['retries as string', () => ({ ...valid, retries: '3' }), 'retries'],
    ['zero delay', () => ({ ...valid, retryDelaySeconds: 0 }), 'retryDelaySeconds', /1 and 3600/],
    ['too long delay', () => ({ ...valid, retryDelaySeconds: 3601 }), 'retryDelaySeconds', /1 and 3600/],
    ['legacy flag as number', () => ({ ...valid, legacySubjectDetailEncoding: 1 }), 'legacySubjectDetailEncoding'],
    ['unknown field', () => ({ ...valid, colour: 'blue' }), 'colour', /Unknown field/],
    ['appId is system-generated', () => ({ ...valid, appId: 'app_mine' }), 'appId', /Unknown field/],
    ['tenantId cannot be chosen', () => ({ ...valid, tenantId: 'ten_other' }), 'tenantId', /Unknown field/],
    ['hasPassword is read-only', () => ({ ...valid, hasPassword: true }), 'hasPassword', /Unknown field/],
  ]
  it.each(cases)('%s → 400 at %s', async (_label, body, path, message) => {
    await expectRefused(body(), path, message)
  })

  it('refuses a non-object body', async () => {
    for (const rawBody of ['[]', '"text"', '42', 'null']) {
      const reply = await t.request('POST', '/api/v1/apps', { token: manager.token, rawBody, headers: { 'content-type': 'application/json' } })
      expect(reply.status, rawBody).toBe(400)
    }
  })
})

describe('field validation on update', () => {
  it('refuses bad values and changes nothing', async () => {
    const created = await t.request('POST', '/api/v1/apps', { token: manager.token, body: valid })
    const path = `/api/v1/apps/${created.body.appId}`
    for (const body of [
      {},
      { name: '' },
      { retries: 99 },
      { appId: 'app_x' },
      { createdAt: '2020-01-01T00:00:00Z' },
      { authType: 'basic' },
      { authType: 'basic', username: 'u' },
      { events: { types: ['nope.nope'] } },
      { headers: { Host: 'evil.example' } },
      { endpoint: 'gopher://x' },
    ]) {
      const reply = await t.request('PATCH', path, { token: manager.token, body })
      expect(reply.status, JSON.stringify(body)).toBe(400)
    }
    const after = await t.request('GET', path, { token: manager.token })
    expect(after.body).toEqual(created.body)
  })
})
