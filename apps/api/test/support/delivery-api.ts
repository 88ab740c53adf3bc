import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { parseAllowlist } from '@hookline/dispatcher'
import type { NewApp } from '@hookline/store'
import { createWorker, type Worker, type WorkerSettings } from '@hookline/worker'
import { pino } from 'pino'
import { createApi, type Api } from '../../src/app.ts'
import { loadEventRegistry } from '../../src/catalog.ts'
import { loadConfig } from '../../src/config.ts'
import { createLogger } from '../../src/logger.ts'
import { prepareDatabase } from '../../src/prepare-database.ts'
import { createConnectionTester } from '../../src/services/connection-tester.ts'
import { requester, type Reply, type RequestOptions } from './test-api.ts'

/** Retries, locks and scans short enough to happen inside a test. */
export const fastWorkerSettings: Partial<WorkerSettings> = {
  endpointAllowlist: ['127.0.0.0/8', '::1/128'],
  allowHttp: true,
  deliveryTimeoutMs: 3_000,
  processEveryMs: 1_000,
  lockLifetimeMs: 4_000,
}

export interface DeliveryApi {
  baseUrl: string
  database: TestDatabase
  api: Api
  /** The key the API's store encrypts secrets with (a second store on the same database needs it). */
  secretKey: Uint8Array
  /** The in-process worker, when one was asked for. */
  worker: Worker | undefined
  /** Every line the worker logged (debug and up), as raw JSON text. */
  workerLogLines: string[]
  /** The seeded platform operator, signed in. */
  operatorToken: string
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>
  /** A tenant with its signed-in Administrator and Manager and a publishing API key. */
  createTenant(name: string): Promise<{ tenantId: string; adminToken: string; managerToken: string; publishKey: string }>
  /** Stored directly (no connection test): fan-out and delivery are under test, not app creation. */
  createApp(tenantId: string, overrides?: Partial<NewApp>): Promise<string>
  close(): Promise<void>
}

const password = 'operator-password-1'

/** The API with a known secret key, and optionally the worker beside it on the same database. */
export async function startDeliveryApi(
  label: string,
  options: { worker?: Partial<WorkerSettings> | false; env?: Record<string, string> } = {},
): Promise<DeliveryApi> {
  const database = await openTestDatabase(label)
  const secretKey = randomBytes(32)
  const config = {
    ...loadConfig(
      {
        HOOKLINE_RATE_LIMIT: 'off',
        HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
        HOOKLINE_ALLOW_HTTP: 'true',
        HOOKLINE_ADMIN_EMAIL: 'operator@hookline.test',
        HOOKLINE_ADMIN_PASSWORD: password,
        ...options.env,
      },
      parseAllowlist,
    ),
    passwordHashing: { memoryCost: 256, timeCost: 1 },
  }
  const workerLogLines: string[] = []
  const connectionTester = createConnectionTester({ allow: config.endpointAllowlist, allowHttp: true, timeoutMs: 2_000 })
  const api = createApi({
    config,
    db: database.db,
    secretKey,
    registry: await loadEventRegistry(),
    connectionTester,
    logger: createLogger('silent'),
  })
  await prepareDatabase(api.store, api.passwords, { email: config.adminEmail, password })
  const worker =
    options.worker === false
      ? undefined
      : createWorker({
          db: database.db,
          secretKey,
          settings: { ...fastWorkerSettings, ...options.worker },
          logger: pino({ level: 'debug' }, { write: (line: string) => void workerLogLines.push(line) }),
        })
  await worker?.start()
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const request = requester(baseUrl)

  async function login(email: string, secret: string): Promise<string> {
    const reply = await request('POST', '/api/v1/auth/login', { body: { email, password: secret } })
    if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`)
    return reply.body.token as string
  }
  const operatorToken = await login(config.adminEmail, password)
  let counter = 0

  return {
    baseUrl,
    secretKey,
    database,
    api,
    worker,
    workerLogLines,
    operatorToken,
    request,
    async createTenant(name) {
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++counter}`
      const admin = { email: `admin@${slug}.test`, password: `password-${slug}` }
      const created = await request('POST', '/api/v1/tenants', {
        token: operatorToken,
        body: { name, url: `https://${slug}.example.com`, admin },
      })
      if (created.status !== 201) throw new Error(`createTenant failed: ${created.status} ${created.text}`)
      const adminToken = await login(admin.email, admin.password)
      const manager = { email: `manager@${slug}.test`, password: `password-m-${slug}` }
      await request('POST', '/api/v1/users', { token: adminToken, body: { ...manager, name: 'Manager', role: 'Manager' } })
      const key = await request('POST', '/api/v1/api-keys', { token: adminToken, body: { name: 'Portal', scopes: ['events:publish'] } })
      return { tenantId: created.body.tenant.id, adminToken, managerToken: await login(manager.email, manager.password), publishKey: key.body.key }
    },
    async createApp(tenantId, overrides = {}) {
      const app = await api.store.apps.create({
        tenantId,
        createdBy: 'test',
        name: 'Receiver',
        endpoint: 'http://127.0.0.1:9/nowhere',
        active: true,
        authType: 'none',
        events: { categories: ['media'], types: [] },
        headers: [],
        retries: 3,
        retryDelaySeconds: 1,
        legacySubjectDetailEncoding: false,
        ...overrides,
      })
      return app._id
    },
    async close() {
      await worker?.stop(1_000)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await api.deliveryQueue.close()
      await connectionTester.close()
      await database.drop()
    },
  }
}
