/** The few API calls the benchmarks and fault tests make, with plain fetch. */
export class HooklineClient {
  constructor(
    readonly baseUrl: string,
    private token = '',
  ) {}

  static async signIn(baseUrl: string, credentials: { email: string; password: string }): Promise<HooklineClient> {
    const client = new HooklineClient(baseUrl)
    const { token } = await client.call<{ token: string }>('POST', '/api/v1/auth/login', credentials)
    client.token = token
    return client
  }

  /** A service key with the events:publish scope, as a client of its own. */
  async publisher(): Promise<HooklineClient> {
    const { key } = await this.call<{ key: string }>('POST', '/api/v1/api-keys', { name: 'bench publisher', scopes: ['events:publish'] })
    return new HooklineClient(this.baseUrl, key)
  }

  async createApp(settings: { name: string; endpoint: string; types?: string[]; retries?: number; retryDelaySeconds?: number }): Promise<string> {
    const { appId } = await this.call<{ appId: string }>('POST', '/api/v1/apps', {
      name: settings.name,
      endpoint: settings.endpoint,
      authType: 'none',
      events: { categories: settings.types ? [] : ['media'], types: settings.types ?? [] },
      retries: settings.retries ?? 3,
      retryDelaySeconds: settings.retryDelaySeconds ?? 5,
    })
    return appId
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.request(method, path, body, headers)
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    return (text ? JSON.parse(text) : undefined) as T
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  }
}
