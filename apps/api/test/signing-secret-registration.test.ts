import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type ReceivedRequest, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

// A strict receiver, as a portal service would write one: anything that does
// not verify with the configured secret is a 401.
let t: TestApi
let manager: TestUser
let receiver: Receiver
let configuredSecret = ''

function verified(request: ReceivedRequest): unknown {
  return new Webhook(configuredSecret).verify(request.body, request.headers as Record<string, string>)
}

beforeAll(async () => {
  t = await startTestApi('api-signing-secret')
  manager = await t.createUser('Manager')
  receiver = await startReceiver((request) => {
    try {
      verified(request)
      return { status: 204 }
    } catch {
      return { status: 401, body: 'bad signature' }
    }
  })
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

const post = (path: string, body?: unknown) => t.request('POST', path, { token: manager.token, body })

describe('registering a receiver that verifies signatures', () => {
  it('hands out a fresh secret each time, stored nowhere and never cached', async () => {
    const first = await post('/api/v1/apps/signing-secret')
    const second = await post('/api/v1/apps/signing-secret')
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(second.body.secret).not.toBe(first.body.secret)
  })

  it('tests and saves with the same secret, which the app then signs with', async () => {
    configuredSecret = (await post('/api/v1/apps/signing-secret')).body.secret
    const before = receiver.requests.length
    const test = await post('/api/v1/apps/test-connection', { endpoint: receiver.url, signingSecret: configuredSecret })
    expect(test.body).toMatchObject({ ok: true, status: 204 })
    const testEvent = verified(receiver.requests[before]!) as Record<string, unknown>
    expect(testEvent).toMatchObject({ type: 'webhook.test', id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/) })
    // The same envelope shape as every event, its tenant repeated in subjectDetail, and no empty strings.
    const tenant = testEvent.tenant as { id: string; name: string }
    expect(Object.keys(testEvent).sort()).toEqual(
      ['eventDate', 'id', 'ip', 'isSystem', 'portalEventId', 'status', 'subjectDetail', 'subjectId', 'subjectTitle', 'subjectType', 'tenant', 'type', 'user'],
    )
    expect(tenant.id).toBe(manager.tenantId)
    expect(testEvent.subjectDetail).toMatchObject({ tenant: { id: tenant.id, name: tenant.name } })
    expect(JSON.stringify(testEvent)).not.toContain('""')

    const created = await post('/api/v1/apps', { name: 'Strict receiver', endpoint: receiver.url, signingSecret: configuredSecret })
    expect(created.status).toBe(201)
    const secret = await t.request('GET', `/api/v1/apps/${created.body.appId}/secret`, { token: manager.token })
    expect(secret.body.secret).toBe(configuredSecret)
  })

  it('says to check the signing secret when a strict receiver answers 401 to another secret', async () => {
    configuredSecret = (await post('/api/v1/apps/signing-secret')).body.secret
    const other = (await post('/api/v1/apps/signing-secret')).body.secret
    const test = await post('/api/v1/apps/test-connection', { endpoint: receiver.url, signingSecret: other })
    expect(test.body).toMatchObject({ ok: false, status: 401 })
    expect(test.body.message).toContain("answered 401 Unauthorized: check that the endpoint verifies signatures with this application's signing secret, or choose HTTP Basic")
    const refused = await post('/api/v1/apps', { name: 'Wrong secret', endpoint: receiver.url, signingSecret: other })
    expect(refused.status).toBe(422)
    // Without a secret the API signs with a fresh one, which the receiver cannot know.
    const anonymous = await post('/api/v1/apps', { name: 'No secret', endpoint: receiver.url })
    expect(anonymous.status).toBe(422)
  })

  it.each([
    ['no prefix', 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0'],
    ['too short (16 bytes)', `whsec_${Buffer.alloc(16, 1).toString('base64')}`],
    ['too long (65 bytes)', `whsec_${Buffer.alloc(65, 1).toString('base64')}`],
    ['not base64', 'whsec_not base64 at all!!!!!!!!!!!!!!!!'],
    ['not a string', 42],
  ])('refuses a signing secret with %s as a 400 naming the field', async (_case, signingSecret) => {
    for (const [path, extra] of [['/api/v1/apps/test-connection', {}], ['/api/v1/apps', { name: 'Bad secret' }]] as const) {
      const reply = await post(path, { ...extra, endpoint: receiver.url, signingSecret })
      expect(reply.status, path).toBe(400)
      expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'signingSecret' })])
    }
  })

  it('accepts 24 and 64 byte keys', async () => {
    for (const bytes of [24, 64]) {
      configuredSecret = `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`
      const test = await post('/api/v1/apps/test-connection', { endpoint: receiver.url, signingSecret: configuredSecret })
      expect(test.body).toMatchObject({ ok: true })
    }
  })
})
