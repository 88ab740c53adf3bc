import { roles, type Role } from '@hookline/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

type Minimum = Role | 'public' | 'any credential' | 'platform operator' | 'publisher'

// Written by hand, not derived from the routes' own declarations, so a route
// whose access rule drifts fails here. Ids do not exist and bodies are empty:
// an allowed caller gets 400/404, never 401/403.
const matrix: [method: string, path: string, minimum: Minimum][] = [
  ['GET', '/healthz', 'public'],
  ['GET', '/readyz', 'public'],
  ['GET', '/api/v1/openapi.json', 'public'],
  ['POST', '/api/v1/auth/login', 'public'],
  ['GET', '/api/v1/auth/me', 'Viewer'],
  ['POST', '/api/v1/auth/password', 'Viewer'],
  ['GET', '/api/v1/event-types', 'any credential'],
  ['GET', '/api/v1/apps', 'Manager'],
  ['POST', '/api/v1/apps', 'Manager'],
  ['POST', '/api/v1/apps/test-connection', 'Manager'],
  ['POST', '/api/v1/apps/signing-secret', 'Manager'],
  ['GET', '/api/v1/apps/app_000000000000000000000000', 'Manager'],
  ['PATCH', '/api/v1/apps/app_000000000000000000000000', 'Manager'],
  ['DELETE', '/api/v1/apps/app_000000000000000000000000', 'Manager'],
  ['POST', '/api/v1/apps/app_000000000000000000000000/activate', 'Manager'],
  ['POST', '/api/v1/apps/app_000000000000000000000000/deactivate', 'Manager'],
  ['GET', '/api/v1/apps/app_000000000000000000000000/secret', 'Manager'],
  ['POST', '/api/v1/apps/app_000000000000000000000000/rotate-secret', 'Manager'],
  ['GET', '/api/v1/users', 'Administrator'],
  ['POST', '/api/v1/users', 'Administrator'],
  ['GET', '/api/v1/users/usr_000000000000000000000000', 'Administrator'],
  ['PATCH', '/api/v1/users/usr_000000000000000000000000', 'Administrator'],
  ['POST', '/api/v1/users/usr_000000000000000000000000/password', 'Administrator'],
  ['DELETE', '/api/v1/users/usr_000000000000000000000000', 'Administrator'],
  ['GET', '/api/v1/administrators', 'Viewer'],
  ['GET', '/api/v1/api-keys', 'Administrator'],
  ['POST', '/api/v1/api-keys', 'Administrator'],
  ['GET', '/api/v1/api-keys/key_000000000000000000000000', 'Administrator'],
  ['PATCH', '/api/v1/api-keys/key_000000000000000000000000', 'Administrator'],
  ['DELETE', '/api/v1/api-keys/key_000000000000000000000000', 'Administrator'],
  ['GET', '/api/v1/tenants', 'platform operator'],
  ['POST', '/api/v1/tenants', 'platform operator'],
  ['PATCH', '/api/v1/tenants/ten_000000000000000000000000', 'platform operator'],
  // A Manager, or an API key with the events:publish scope.
  ['POST', '/api/v1/events', 'publisher'],
  ['GET', '/api/v1/logs', 'Manager'],
  ['GET', '/api/v1/logs/export', 'Manager'],
  ['GET', '/api/v1/logs/count', 'Manager'],
  ['GET', '/api/v1/stats/deliveries', 'Manager'],
  ['POST', '/api/v1/logs/redeliver', 'Manager'],
  ['GET', '/api/v1/logs/dlv_000000000000000000000000', 'Manager'],
  ['POST', '/api/v1/logs/dlv_000000000000000000000000/redeliver', 'Manager'],
  ['GET', '/metrics', 'public'],
  // Last: it ends the caller's session, so every case above still has a live token.
  ['POST', '/api/v1/auth/logout', 'Viewer'],
]

let t: TestApi
const users = new Map<string, TestUser>()
let apiKey: string

beforeAll(async () => {
  t = await startTestApi('api-role-matrix')
  // Users of a second tenant, so its Administrator is not the platform operator.
  const tenantAdmin = await t.createTenant('Matrix portal')
  for (const role of roles) users.set(role, role === 'Administrator' ? tenantAdmin : await t.createUser(role, tenantAdmin))
  users.set('platform operator', t.operator)
  const key = await t.request('POST', '/api/v1/api-keys', { token: tenantAdmin.token, body: { name: 'Publisher', scopes: ['events:publish'] } })
  apiKey = key.body.key
})
afterAll(() => t.close())

function allowed(minimum: Minimum, caller: string): boolean {
  if (minimum === 'public' || minimum === 'any credential') return true
  if (caller === 'API key') return minimum === 'publisher'
  if (minimum === 'publisher') return allowed('Manager', caller)
  if (minimum === 'platform operator') return caller === 'platform operator'
  if (caller === 'platform operator') return true // the operator is also an Administrator of the default tenant
  return roles.indexOf(caller as Role) >= roles.indexOf(minimum)
}

const callers = [...roles, 'platform operator', 'API key'] as const
const cases = matrix.flatMap(([method, path, minimum]) => callers.map((caller) => [method, path, minimum, caller] as const))

describe('role matrix', () => {
  it('covers every route the API serves', () => {
    const served = t.api.routes.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort()
    const tested = matrix.map(([method, path]) => `${method} ${path.replace(/(app|usr|key|dlv|ten)_0+/g, (id) => `:${{ app: 'appId', usr: 'userId', key: 'keyId', dlv: 'deliveryId', ten: 'tenantId' }[id.slice(0, 3)]}`)}`).sort()
    expect(tested).toEqual(served)
  })

  it.each(cases)('%s %s (%s) as %s', async (method, path, minimum, caller) => {
    const token = caller === 'API key' ? apiKey : users.get(caller)!.token
    const body = ['POST', 'PATCH'].includes(method) ? {} : undefined
    const reply = await t.request(method, path, { token, ...(body ? { body } : {}) })
    if (allowed(minimum, caller)) {
      expect([401, 403], `${reply.status} ${reply.text}`).not.toContain(reply.status)
      expect(reply.status).toBeLessThan(500)
    } else {
      expect(reply.status, reply.text).toBe(403)
      expect(reply.headers.get('content-type')).toContain('application/problem+json')
      const needed = minimum === 'platform operator' ? /platform operator/ : new RegExp(`${minimum === 'publisher' ? 'Manager' : minimum} role`)
      expect(reply.body.detail).toMatch(needed)
    }
  })

  it('answers 401 on every non-public route without credentials', async () => {
    for (const [method, path, minimum] of matrix) {
      if (minimum === 'public') continue
      const reply = await t.request(method, path, ['POST', 'PATCH'].includes(method) ? { body: {} } : {})
      expect(reply.status, `${method} ${path}`).toBe(401)
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/)
    }
  })
})
