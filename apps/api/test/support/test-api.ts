import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Role } from '@hookline/core'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { parseAllowlist } from '@hookline/dispatcher'
import { randomBytes } from 'node:crypto'
import { createApi, type Api } from '../../src/app.ts'
import { loadEventRegistry } from '../../src/catalog.ts'
import { loadConfig, type ApiConfig } from '../../src/config.ts'
import { createLogger } from '../../src/logger.ts'
import { prepareDatabase } from '../../src/prepare-database.ts'
import { createConnectionTester, type ConnectionTester } from '../../src/services/connection-tester.ts'

export interface Reply {
  status: number
  headers: Headers
  text: string
  /** Parsed JSON, or undefined when the body is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answered
  body: any
}

export interface RequestOptions {
  token?: string
  /** Serialized as JSON with the JSON content type. */
  body?: unknown
  /** Sent as is; set the content type yourself. */
  rawBody?: string | Uint8Array
  headers?: Record<string, string>
}

/** Calls the API at `baseUrl` with real fetch; JSON in, parsed JSON (if any) out. */
export function requester(baseUrl: string) {
  return async function request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | Uint8Array | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: response.status, headers: response.headers, text, body: parsed }
  }
}

export interface TestUser {
  id: string
  email: string
  password: string
  token: string
  tenantId: string
}

export interface TestApi {
  baseUrl: string
  config: ApiConfig
  database: TestDatabase
  api: Api
  /** Every log line the API wrote, as raw JSON text. */
  logLines: string[]
  operator: TestUser
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>
  /** A user of the operator's tenant (or of `tenantAdmin`'s tenant) with this role, signed in. */
  createUser(role: Role, tenantAdmin?: TestUser): Promise<TestUser>
  /** A new tenant with its Administrator, signed in. */
  createTenant(name: string): Promise<TestUser>
  login(email: string, password: string): Promise<TestUser>
  close(): Promise<void>
}

export const operatorCredentials = { email: 'operator@hookline.test', password: 'operator-password-1' }

let userCounter = 0

/**
 * The API on a random port, with a fresh database, the catalog its env asks
 * for (HOOKLINE_PLUGINS…) and the real connection tester. `shareDatabase`
 * starts a second API on another one's database (a restart with other
 * settings); the owner drops it.
 */
export async function startTestApi(label: string, env: Record<string, string> = {}, shareDatabase?: TestDatabase): Promise<TestApi> {
  const database = shareDatabase ?? (await openTestDatabase(label))
  const config: ApiConfig = {
    ...loadConfig(
      {
        HOOKLINE_RATE_LIMIT: 'off',
        HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
        HOOKLINE_ALLOW_HTTP: 'true',
        HOOKLINE_ADMIN_EMAIL: operatorCredentials.email,
        HOOKLINE_ADMIN_PASSWORD: operatorCredentials.password,
        HOOKLINE_TEST_CONNECTION_TIMEOUT: '2',
        ...env,
      },
      parseAllowlist,
    ),
    // Cheap hashing keeps the suite fast; production uses the OWASP baseline.
    passwordHashing: { memoryCost: 256, timeCost: 1 },
  }
  const logLines: string[] = []
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) })
  const connectionTester: ConnectionTester = createConnectionTester({
    allow: config.endpointAllowlist,
    allowHttp: config.allowHttp,
    timeoutMs: config.testConnectionTimeoutMs,
    edge: config.edge,
  })
  const api = createApi({
    config,
    db: database.db,
    secretKey: randomBytes(32),
    registry: await loadEventRegistry(config.plugins),
    connectionTester,
    logger,
  })
  await prepareDatabase(api.store, api.passwords, { email: config.adminEmail, password: config.adminPassword })
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const request = requester(baseUrl)

  async function login(email: string, password: string): Promise<TestUser> {
    const reply = await request('POST', '/api/v1/auth/login', { body: { email, password } })
    if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}\n${logLines.filter((line) => line.includes(`"level":50`)).join("\n")}`)
    return { id: reply.body.user.id, email, password, token: reply.body.token, tenantId: reply.body.user.tenantId }
  }

  const operator = await login(operatorCredentials.email, operatorCredentials.password)

  return {
    baseUrl,
    config,
    database,
    api,
    logLines,
    operator,
    request,
    login,
    async createUser(role, tenantAdmin = operator) {
      const email = `user${++userCounter}-${role.toLowerCase()}@hookline.test`
      const password = `password-${userCounter}-${randomBytes(4).toString('hex')}`
      const reply = await request('POST', '/api/v1/users', {
        token: tenantAdmin.token,
        body: { email, password, name: `${role} ${userCounter}`, role },
      })
      if (reply.status !== 201) throw new Error(`createUser failed: ${reply.status} ${reply.text}`)
      return login(email, password)
    },
    async createTenant(name) {
      const email = `admin${++userCounter}@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.test`
      const password = `password-${userCounter}-${randomBytes(4).toString('hex')}`
      const reply = await request('POST', '/api/v1/tenants', { token: operator.token, body: { name, admin: { email, password } } })
      if (reply.status !== 201) throw new Error(`createTenant failed: ${reply.status} ${reply.text}`)
      return login(email, password)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await connectionTester.close()
      if (!shareDatabase) await database.drop()
    },
  }
}
