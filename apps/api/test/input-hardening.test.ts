import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogExamples } from './support/catalog-examples.ts'
import { startDeliveryApi, type DeliveryApi } from './support/delivery-api.ts'

// Finding 7 of issue 14: the smaller gaps.

let t: DeliveryApi
let tenant: Awaited<ReturnType<DeliveryApi['createTenant']>>
let receiver: Receiver
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog example
let example: any

beforeAll(async () => {
  t = await startDeliveryApi('api-input-hardening')
  tenant = await t.createTenant('Hardening portal')
  receiver = await startReceiver()
  example = (await catalogExamples(t, tenant.publishKey))['media.updated']
})
afterAll(async () => {
  await t.close()
  await receiver.close()
})

const manager = () => ({ token: tenant.managerToken })

describe('integers JSON cannot carry exactly', () => {
  it('are refused with 400 naming the path, not rounded', async () => {
    const body = JSON.stringify({ ...example, data: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '{"viewCount": 9007199254740993}')
    const reply = await t.request('POST', '/api/v1/events', { token: tenant.publishKey, rawBody: body, headers: { 'content-type': 'application/json' } })
    expect(reply.status).toBe(400)
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'data.viewCount', message: expect.stringMatching(/2\^53/) })])
    const negative = await t.request('POST', '/api/v1/events', { token: tenant.publishKey, rawBody: '[{"a": -9007199254740993}]', headers: { 'content-type': 'application/json' } })
    expect(negative.status).toBe(400)
    expect(negative.body.errors[0].path).toBe('0.a')
  })
})

describe('endpoint query strings', () => {
  it('are redacted in the deactivation reason and in the process logs', async () => {
    // The connection test on create must pass; the endpoint then answers 410 Gone, which turns the app off.
    receiver.behave(() => ({ status: 204 }))
    const created = await t.request('POST', '/api/v1/apps', {
      ...manager(),
      body: { name: 'Token in URL', endpoint: `${receiver.url}?token=query-secret-77&x=1`, events: { categories: ['media'] } },
    })
    expect(created.status, created.text).toBe(201)
    receiver.behave(() => ({ status: 410 }))
    const appId = created.body.appId
    expect((await t.request('POST', '/api/v1/events', { token: tenant.publishKey, body: example })).status).toBe(202)
    const deadline = Date.now() + 15_000
    let app
    while (Date.now() < deadline) {
      app = (await t.request('GET', `/api/v1/apps/${appId}`, manager())).body
      if (app.active === false) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(app.active).toBe(false)
    expect(app.deactivatedReason).toContain('?token=***&x=***')
    expect(app.deactivatedReason).not.toContain('query-secret-77')
    expect(t.workerLogLines.some((line) => line.includes('Turned an application off'))).toBe(true)
    expect(t.workerLogLines.join('\n')).not.toContain('query-secret-77')
    receiver.behave(() => ({ status: 204 }))
  }, 30_000)
})

describe('names', () => {
  const badNames = {
    'a bidi override': 'invoice\u202Egpj.exe',
    'a zero-width space': 'Med\u200Bia',
    'a lone surrogate': 'Broken \uD800 name',
  }
  it.each(Object.entries(badNames))('refuse %s on apps, users, API keys and tenants', async (_what, name) => {
    const app = await t.request('POST', '/api/v1/apps', { ...manager(), body: { name, endpoint: receiver.url } })
    expect(app.status).toBe(400)
    expect(app.body.errors[0].path).toBe('name')
    const operator = t.operatorToken
    const user = await t.request('POST', '/api/v1/users', { token: operator, body: { email: 'named@hookline.test', password: 'a long enough passphrase', name, role: 'Viewer' } })
    expect(user.status).toBe(400)
    const key = await t.request('POST', '/api/v1/api-keys', { token: operator, body: { name, scopes: ['events:publish'] } })
    expect(key.status).toBe(400)
    const tenantReply = await t.request('POST', '/api/v1/tenants', { token: operator, body: { name, admin: { email: 'x@y.test', password: 'a long enough passphrase' } } })
    expect(tenantReply.status).toBe(400)
  })

  it('still take ordinary non-Latin names and emoji', async () => {
    const reply = await t.request('POST', '/api/v1/apps', { ...manager(), body: { name: 'メディア同期 🚀 مزامنة', endpoint: receiver.url } })
    expect(reply.status, reply.text).toBe(201)
  })
})

describe('passwords', () => {
  it('need 12 characters and must not be a common one', async () => {
    const operator = t.operatorToken
    const create = (password: string) =>
      t.request('POST', '/api/v1/users', { token: operator, body: { email: `p${password.length}@hookline.test`, password, name: 'P', role: 'Viewer' } })
    const short = await create('elevenchars')
    expect(short.status).toBe(400)
    expect(short.body.errors[0]).toMatchObject({ path: 'password', message: 'must be at least 12 characters' })
    const common = await create('password1234')
    expect(common.status).toBe(400)
    expect(common.body.errors[0].message).toMatch(/most common passwords/)
    expect((await create('Password1234')).status).toBe(400)
    expect((await create('violet kettle harbour')).status).toBe(201)
  })
})

describe('charsets', () => {
  it('answer 415 for JSON declared in another charset than UTF-8', async () => {
    for (const charset of ['iso-8859-1', 'utf-16', 'windows-1252']) {
      const reply = await t.request('POST', '/api/v1/apps/test-connection', {
        ...manager(),
        rawBody: JSON.stringify({ endpoint: receiver.url }),
        headers: { 'content-type': `application/json; charset=${charset}` },
      })
      expect({ charset, status: reply.status }).toEqual({ charset, status: 415 })
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
    }
    const utf8 = await t.request('POST', '/api/v1/apps/test-connection', {
      ...manager(),
      rawBody: JSON.stringify({ endpoint: receiver.url }),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    })
    expect(utf8.status).toBe(200)
  })
})

describe('refusal messages', () => {
  it('read as proper sentences: no "..", the right article', async () => {
    const reply = await t.request('POST', '/api/v1/apps/test-connection', { ...manager(), body: { endpoint: 'http://0.0.0.0:9/hook' } })
    expect(reply.status).toBe(200)
    expect(reply.body.ok).toBe(false)
    expect(reply.body.message).toContain('an unspecified address')
    expect(reply.body.message).not.toMatch(/\.\.|\ba unspecified/)
  })
})
