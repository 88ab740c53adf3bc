import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

// Finding 3 of issue 14: versions, ETag / If-Match, and no lost updates on the local database.

let t: TestApi
let manager: TestUser
let receiver: Receiver

beforeAll(async () => {
  t = await startTestApi('api-versioning')
  manager = await t.createUser('Manager')
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

async function createApp(name: string): Promise<{ appId: string; etag: string }> {
  const reply = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name, endpoint: receiver.url } })
  expect(reply.status).toBe(201)
  return { appId: reply.body.appId, etag: reply.headers.get('etag')! }
}

describe('apps carry a version', () => {
  it('answers an ETag that moves on every change, and PATCH with a stale If-Match is a 412 that changes nothing', async () => {
    const { appId, etag } = await createApp('Versioned')
    expect(etag).toBe('"v1"')
    const got = await t.request('GET', `/api/v1/apps/${appId}`, { token: manager.token })
    expect(got.headers.get('etag')).toBe(etag)
    expect(got.body.version).toBe(1)

    const first = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, headers: { 'if-match': etag }, body: { name: 'First' } })
    expect(first.status).toBe(200)
    expect(first.headers.get('etag')).toBe('"v2"')

    const stale = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, headers: { 'if-match': etag }, body: { name: 'Second' } })
    expect(stale.status).toBe(412)
    expect(stale.headers.get('content-type')).toContain('application/problem+json')
    expect(stale.body.detail).toMatch(/changed by someone else/)
    expect(stale.headers.get('etag')).toBe('"v2"')
    const after = await t.request('GET', `/api/v1/apps/${appId}`, { token: manager.token })
    expect(after.body.name).toBe('First')
  })

  it('DELETE with a stale If-Match is a 412 and the app stays; with the current one it goes', async () => {
    const { appId, etag } = await createApp('Delete me')
    await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { retries: 1 } })
    const stale = await t.request('DELETE', `/api/v1/apps/${appId}`, { token: manager.token, headers: { 'if-match': etag } })
    expect(stale.status).toBe(412)
    expect((await t.request('GET', `/api/v1/apps/${appId}`, { token: manager.token })).status).toBe(200)
    const current = await t.request('DELETE', `/api/v1/apps/${appId}`, { token: manager.token, headers: { 'if-match': '"v2"' } })
    expect(current.status).toBe(204)
  })

  it('an If-Match that is not one of our ETags never matches', async () => {
    const { appId } = await createApp('Odd tag')
    const reply = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, headers: { 'if-match': '"abc"' }, body: { name: 'x' } })
    expect(reply.status).toBe(412)
  })

  it('without If-Match, 20 rounds of two concurrent PATCHes of different fields both survive', async () => {
    const { appId } = await createApp('Concurrent')
    for (let round = 0; round < 20; round++) {
      const name = `Round ${round}`
      const retries = round % 11
      const [byName, byRetries] = await Promise.all([
        t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { name } }),
        t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { retries } }),
      ])
      expect([byName.status, byRetries.status]).toEqual([200, 200])
      const stored = await t.request('GET', `/api/v1/apps/${appId}`, { token: manager.token })
      expect({ round, name: stored.body.name, retries: stored.body.retries }).toEqual({ round, name, retries })
    }
  }, 120_000)
})

describe('users and API keys carry a version', () => {
  it('a user PATCH with a stale If-Match is a 412; concurrent changes of name and role both survive', async () => {
    const user = await t.createUser('Viewer')
    const got = await t.request('GET', `/api/v1/users/${user.id}`, { token: t.operator.token })
    const etag = got.headers.get('etag')!
    expect(etag).toMatch(/^"v\d+"$/)
    expect((await t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, body: { name: 'Renamed' } })).status).toBe(200)
    const stale = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, headers: { 'if-match': etag }, body: { name: 'Lost' } })
    expect(stale.status).toBe(412)

    for (let round = 0; round < 20; round++) {
      const name = `User round ${round}`
      const role = round % 2 === 0 ? 'Contributor' : 'Moderator'
      const replies = await Promise.all([
        t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, body: { name } }),
        t.request('PATCH', `/api/v1/users/${user.id}`, { token: t.operator.token, body: { role } }),
      ])
      expect(replies.map((reply) => reply.status)).toEqual([200, 200])
      const stored = await t.request('GET', `/api/v1/users/${user.id}`, { token: t.operator.token })
      expect({ round, name: stored.body.name, role: stored.body.role }).toEqual({ round, name, role })
    }
  }, 120_000)

  it('an API key has an ETag; rename and revoke honour If-Match', async () => {
    const created = await t.request('POST', '/api/v1/api-keys', { token: t.operator.token, body: { name: 'Publisher', scopes: ['events:publish'] } })
    expect(created.headers.get('etag')).toBe('"v1"')
    const keyId = created.body.id
    const renamed = await t.request('PATCH', `/api/v1/api-keys/${keyId}`, { token: t.operator.token, headers: { 'if-match': '"v1"' }, body: { name: 'Media publisher' } })
    expect(renamed.status).toBe(200)
    expect(renamed.headers.get('etag')).toBe('"v2"')
    const staleRevoke = await t.request('DELETE', `/api/v1/api-keys/${keyId}`, { token: t.operator.token, headers: { 'if-match': '"v1"' } })
    expect(staleRevoke.status).toBe(412)
    const stillWorks = await t.request('GET', '/api/v1/event-types', { token: created.body.key })
    expect(stillWorks.status).not.toBe(401)
    const revoke = await t.request('DELETE', `/api/v1/api-keys/${keyId}`, { token: t.operator.token, headers: { 'if-match': '"v2"' } })
    expect(revoke.status).toBe(204)
    const got = await t.request('GET', `/api/v1/api-keys/${keyId}`, { token: t.operator.token })
    expect(got.body.revokedAt).toBeDefined()
  })
})
