import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

// Finding 2 of issue 14: a saved Basic password must never travel to an origin the Manager did not give it for.

let t: TestApi
let manager: TestUser
let home: Receiver
let elsewhere: Receiver

beforeAll(async () => {
  t = await startTestApi('api-credential-origin')
  manager = await t.createUser('Manager')
  home = await startReceiver()
  elsewhere = await startReceiver()
})
afterAll(async () => {
  await home.close()
  await elsewhere.close()
  await t.close()
})

const basicOf = (password: string) => `Basic ${Buffer.from(`hook-user:${password}`).toString('base64')}`

async function createBasicApp(): Promise<string> {
  const reply = await t.request('POST', '/api/v1/apps', {
    token: manager.token,
    body: { name: 'Basic app', endpoint: home.url, authType: 'basic', username: 'hook-user', password: 'saved-secret' },
  })
  expect(reply.status).toBe(201)
  return reply.body.appId
}

describe('a saved Basic password stays with its origin', () => {
  it('PATCH to another origin without the password is a 422 naming the field, and nothing reaches that origin', async () => {
    const appId = await createBasicApp()
    const before = elsewhere.requests.length
    const reply = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { endpoint: elsewhere.url } })
    expect(reply.status).toBe(422)
    expect(reply.headers.get('content-type')).toContain('application/problem+json')
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'password' })])
    expect(elsewhere.requests.length).toBe(before)
    const stored = await t.request('GET', `/api/v1/apps/${appId}`, { token: manager.token })
    expect(stored.body.endpoint).toBe(home.url)
  })

  it('PATCH to another origin with the password sent again is accepted and uses the new password', async () => {
    const appId = await createBasicApp()
    const reply = await t.request('PATCH', `/api/v1/apps/${appId}`, {
      token: manager.token,
      body: { endpoint: elsewhere.url, password: 'new-secret' },
    })
    expect(reply.status).toBe(200)
    expect(elsewhere.requests.at(-1)?.headers.authorization).toBe(basicOf('new-secret'))
    expect(elsewhere.requests.some((request) => request.headers.authorization === basicOf('saved-secret'))).toBe(false)
  })

  it('PATCH to a new path on the same origin keeps the saved password', async () => {
    const appId = await createBasicApp()
    const reply = await t.request('PATCH', `/api/v1/apps/${appId}`, { token: manager.token, body: { endpoint: `${home.url}/other/path` } })
    expect(reply.status).toBe(200)
    expect(home.requests.at(-1)?.path).toBe('/hooks/other/path')
    expect(home.requests.at(-1)?.headers.authorization).toBe(basicOf('saved-secret'))
  })

  it('test-connection with the app to another origin without the password is a 422 and sends nothing', async () => {
    const appId = await createBasicApp()
    const before = elsewhere.requests.length
    const reply = await t.request('POST', '/api/v1/apps/test-connection', {
      token: manager.token,
      body: { appId, endpoint: elsewhere.url, authType: 'basic', username: 'hook-user' },
    })
    expect(reply.status).toBe(422)
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'password' })])
    expect(elsewhere.requests.length).toBe(before)
  })

  it('test-connection with the app on the same origin, new path, uses the saved password', async () => {
    const appId = await createBasicApp()
    const reply = await t.request('POST', '/api/v1/apps/test-connection', {
      token: manager.token,
      body: { appId, endpoint: `${home.url}/probe`, authType: 'basic', username: 'hook-user' },
    })
    expect(reply.status).toBe(200)
    expect(reply.body.ok).toBe(true)
    expect(home.requests.at(-1)?.headers.authorization).toBe(basicOf('saved-secret'))
  })
})
