import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuthReceiver, startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type Reply, type TestApi } from './support/test-api.ts'
import { hooklineCollections } from '@hookline/store'

let t: TestApi
let receiver: Receiver
const replies: Reply[] = []
const secrets = { appPassword: 'app-basic-password-0xC0FFEE', userPassword: 'user-password-0xBEEF' }
const revealed: string[] = []

async function call(method: string, path: string, options: Parameters<TestApi['request']>[2] = {}): Promise<Reply> {
  const reply = await t.request(method, path, options)
  replies.push(reply)
  return reply
}

beforeAll(async () => {
  t = await startTestApi('api-secrets')
  receiver = await startReceiver(basicAuthReceiver('hook', secrets.appPassword))
  const token = t.operator.token
  // Exercise every route that touches a secret, plus failures that could echo input.
  const app = await call('POST', '/api/v1/apps', {
    token,
    body: { name: 'Secretive', endpoint: receiver.url, authType: 'basic', username: 'hook', password: secrets.appPassword, headers: { 'X-A': 'b' } },
  })
  const appId = app.body.appId
  const secret = await t.request('GET', `/api/v1/apps/${appId}/secret`, { token })
  revealed.push(secret.body.secret)
  await call('POST', `/api/v1/apps/${appId}/rotate-secret`, { token })
  revealed.push((await t.request('GET', `/api/v1/apps/${appId}/secret`, { token })).body.secret)
  await call('GET', `/api/v1/apps/${appId}`, { token })
  await call('GET', '/api/v1/apps', { token })
  await call('PATCH', `/api/v1/apps/${appId}`, { token, body: { password: secrets.appPassword, name: 'Renamed' } })
  await call('PATCH', `/api/v1/apps/${appId}`, { token, body: { password: 'wrong-password-0xDEAD' } })
  await call('POST', '/api/v1/apps/test-connection', {
    token,
    body: { endpoint: receiver.url, authType: 'basic', username: 'hook', password: secrets.appPassword },
  })
  await call('POST', '/api/v1/apps/test-connection', { token, body: { endpoint: receiver.url, authType: 'basic', username: 'hook', appId } })
  await call('POST', '/api/v1/apps/deactivate-nothing', { token, body: { password: secrets.appPassword } })
  await call('POST', '/api/v1/apps', { token, body: { name: 'Bad', endpoint: receiver.url, authType: 'basic', username: 'a:b', password: secrets.appPassword } })
  await call('POST', '/api/v1/users', { token, body: { email: 'quiet@hookline.test', password: secrets.userPassword, name: 'Q', role: 'Viewer' } })
  await call('POST', '/api/v1/auth/login', { body: { email: 'quiet@hookline.test', password: secrets.userPassword } })
  await call('POST', '/api/v1/auth/login', { body: { email: 'quiet@hookline.test', password: `${secrets.userPassword}-typo` } })
  const key = await t.request('POST', '/api/v1/api-keys', { token, body: { name: 'Key', scopes: ['events:publish'] } })
  revealed.push(key.body.key)
  await call('GET', '/api/v1/event-types', { token: key.body.key })
  await call('GET', '/api/v1/api-keys', { token })
  await call('GET', '/api/v1/users', { token })
})
afterAll(async () => {
  await receiver.close()
  await t.close()
})

describe('secrets never leak', () => {
  it('did exercise the routes', () => {
    expect(replies.length).toBeGreaterThan(15)
    expect(revealed).toHaveLength(3)
    expect(t.logLines.length).toBeGreaterThan(15)
  })

  it('no response carries a password, signing secret, key or token other than where it is meant to', () => {
    const forbidden = [secrets.appPassword, secrets.userPassword, 'wrong-password-0xDEAD', ...revealed, 'passwordHash', 'sealedPassword', '$argon2']
    for (const reply of replies) {
      for (const secret of forbidden) expect(reply.text, `a response contains ${secret.slice(0, 8)}…`).not.toContain(secret)
    }
  })

  it('no log line carries a password, signing secret, key, token or authorization header', () => {
    const tokens = [t.operator.token]
    const forbidden = [secrets.appPassword, secrets.userPassword, 'wrong-password-0xDEAD', ...revealed, ...tokens, 'whsec_', 'Bearer ', '$argon2', 'v1.']
    for (const line of t.logLines) {
      for (const secret of forbidden) expect(line, `a log line contains ${secret.slice(0, 8)}…`).not.toContain(secret)
    }
  })

  it('stores the app password and signing secrets only encrypted', async () => {
    const raw = JSON.stringify(await hooklineCollections(t.database.db).apps.find().toArray())
    for (const secret of [secrets.appPassword, ...revealed.slice(0, 2), 'whsec_']) expect(raw).not.toContain(secret)
  })
})
