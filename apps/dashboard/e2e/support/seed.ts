// Data for the screen tests, made through the public API as a portal would:
// an Administrator's session token, a publishing key, applications and events.

export interface Seeder {
  token: string
  apiKey: string
  createApp(name: string, endpoint: string, categories: string[]): Promise<string>
  publish(events: unknown[]): Promise<void>
}

async function call<T>(baseUrl: string, path: string, token: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text) as T
}

export async function seeder(baseUrl: string, admin: { email: string; password: string }): Promise<Seeder> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  if (!login.ok) throw new Error(`Signing in answered ${login.status}`)
  const { token } = (await login.json()) as { token: string }
  const { key: apiKey } = await call<{ key: string }>(
    baseUrl,
    '/api/v1/api-keys',
    token,
    { name: 'Screen tests', scopes: ['events:publish'] },
    201,
  )
  return {
    token,
    apiKey,
    async createApp(name, endpoint, categories) {
      const app = await call<{ appId: string }>(
        baseUrl,
        '/api/v1/apps',
        token,
        { name, endpoint, events: { categories, types: [] } },
        201,
      )
      return app.appId
    },
    async publish(events) {
      await call(baseUrl, '/api/v1/events', apiKey, { events }, 202)
    },
  }
}
