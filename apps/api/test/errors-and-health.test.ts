import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase } from '@hookline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../src/app.ts'
import { loadEventRegistry } from '../src/catalog.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { createConnectionTester } from '../src/services/connection-tester.ts'
import { startTestApi, type TestApi } from './support/test-api.ts'

let t: TestApi

beforeAll(async () => {
  t = await startTestApi('api-errors')
})
afterAll(() => t.close())

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' })
    expect((await t.request('GET', '/readyz')).body).toEqual({ status: 'ok' })
  })
})

describe('problem documents', () => {
  it('answers 404 for unknown routes', async () => {
    for (const path of ['/nope', '/api/v1/nope', '/api/v2/apps', '/api/v1/apps/x/y/z']) {
      const reply = await t.request('GET', path, { token: t.operator.token })
      expect(reply.status, path).toBe(404)
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
      expect(reply.body).toMatchObject({ type: expect.stringContaining('/problems/'), title: 'Not Found', status: 404, detail: expect.any(String) })
    }
  })

  it('answers 405 with Allow for a known path and another method', async () => {
    const reply = await t.request('PUT', '/api/v1/apps', { token: t.operator.token, body: {} })
    expect(reply.status).toBe(405)
    expect(reply.headers.get('allow')).toBe('GET, POST, HEAD')
    const one = await t.request('DELETE', '/api/v1/apps/test-connection', { token: t.operator.token })
    expect(one.status).toBe(404) // matches DELETE /apps/:appId: no app of that id
    const health = await t.request('POST', '/healthz')
    expect(health.status).toBe(405)
  })

  it('lists every failing field in errors[]', async () => {
    const reply = await t.request('POST', '/api/v1/apps', { token: t.operator.token, body: { name: 1, retries: 'x', extra: true } })
    expect(reply.status).toBe(400)
    expect(reply.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['endpoint', 'extra', 'name', 'retries'])
  })

  it('sets security headers', async () => {
    const reply = await t.request('GET', '/healthz')
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
    expect(reply.headers.get('x-powered-by')).toBeNull()
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'")
  })
})

describe('an unreachable database', () => {
  it('answers 503 problems, not 500, and /healthz still answers', async () => {
    const config = { ...loadConfig({ HOOKLINE_RATE_LIMIT: 'off' }, parseAllowlist), passwordHashing: { memoryCost: 256, timeCost: 1 } }
    // Nothing listens on port 9 of loopback (discard service, never run here).
    const connection = connectDatabase('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300 })
    const tester = createConnectionTester({ allow: [], allowHttp: false, timeoutMs: 1000 })
    const api = createApi({
      config,
      db: connection.db,
      secretKey: randomBytes(32),
      registry: await loadEventRegistry(),
      connectionTester: tester,
      logger: createLogger('silent'),
    })
    const server = api.app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.example', password: 'whatever1' }),
      })
      expect(login.status).toBe(503)
      expect(login.headers.get('content-type')).toContain('application/problem+json')
      expect(login.headers.get('retry-after')).toBe('5')
      const apiKey = await fetch(`${base}/api/v1/apps`, { headers: { authorization: 'Bearer hk_whatever' } })
      expect(apiKey.status).toBe(503)
      expect((await fetch(`${base}/readyz`)).status).toBe(503)
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
    } finally {
      server.close()
      await tester.close()
      await connection.close()
    }
  })
})

describe('rate limiting', () => {
  it('answers 429 per credential once the limit is spent, and counts credentials apart', async () => {
    const limited = await startTestApi('api-rate-limit', { HOOKLINE_RATE_LIMIT: '5' })
    try {
      const other = await limited.createUser('Viewer')
      const statuses: number[] = []
      for (let index = 0; index < 7; index++) statuses.push((await limited.request('GET', '/api/v1/event-types', { token: limited.operator.token })).status)
      // The operator's sign-in and user creation count too, so the limit is reached early.
      expect(statuses).toContain(429)
      const last = await limited.request('GET', '/api/v1/event-types', { token: limited.operator.token })
      expect(last.status).toBe(429)
      expect(last.headers.get('content-type')).toContain('application/problem+json')
      expect(last.headers.get('retry-after')).toBeTruthy()
      expect((await limited.request('GET', '/api/v1/auth/me', { token: other.token })).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})

describe('OpenAPI', () => {
  it('documents every route with its schemas', async () => {
    const reply = await t.request('GET', '/api/v1/openapi.json')
    expect(reply.status).toBe(200)
    const document = reply.body
    expect(document.openapi).toMatch(/^3\.1\./)
    for (const route of t.api.routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}')
      const operation = document.paths[path]?.[route.method]
      expect(operation, `${route.method} ${path}`).toBeDefined()
      expect(operation.operationId).toBe(route.operationId)
      expect(operation.responses[route.status]).toBeDefined()
    }
    const create = document.paths['/api/v1/apps'].post
    const schema = create.requestBody.content['application/json'].schema
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(['name', 'endpoint'])
    expect(schema.properties.retries).toMatchObject({ type: 'integer', minimum: 0, maximum: 10, default: 3 })
    expect(schema.properties.authType.enum).toEqual(['none', 'basic'])
    expect(create.responses['422'].content['application/problem+json']).toBeDefined()
    const list = document.paths['/api/v1/apps'].get
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['limit', 'cursor', 'search'])
    expect(document.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.role.enum).toEqual([
      'Viewer',
      'Contributor',
      'Moderator',
      'Manager',
      'Administrator',
    ])
  })

  it('renders the reference page at /api/docs', async () => {
    const reply = await t.request('GET', '/api/docs')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/html')
    expect(reply.text).toContain('/api/v1/openapi.json')
    expect(reply.headers.get('content-security-policy')).toContain('https://cdn.jsdelivr.net')
  })
})
