import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApi, createConnectionTester, createLogger, loadConfig, loadEventRegistry, prepareDatabase } from '@hookline/api'
import { openTestDatabase } from '@hookline/dev-db/testing'
import { parseAllowlist } from '@hookline/dispatcher'

export interface LiveApi {
  baseUrl: string
  /** A Manager of the seeded tenant (apps, logs, exports). */
  managerToken: string
  /** A service API key with `events:publish`, as a portal service holds one. */
  publisherKey: string
  close(): Promise<void>
}

const admin = { email: 'client-admin@hookline.test', password: 'client-admin-password' }

async function send(baseUrl: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as Record<string, unknown>
}

/** The real API on a random loopback port, on a fresh database of the test run's server. */
export async function startLiveApi(label: string): Promise<LiveApi> {
  const database = await openTestDatabase(label)
  const config = {
    ...loadConfig(
      {
        HOOKLINE_RATE_LIMIT: 'off',
        HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
        HOOKLINE_ALLOW_HTTP: 'true',
        HOOKLINE_ADMIN_EMAIL: admin.email,
        HOOKLINE_ADMIN_PASSWORD: admin.password,
        HOOKLINE_TEST_CONNECTION_TIMEOUT: '2',
      },
      parseAllowlist,
    ),
    passwordHashing: { memoryCost: 256, timeCost: 1 },
  }
  const connectionTester = createConnectionTester({ allow: config.endpointAllowlist, allowHttp: true, timeoutMs: 2_000 })
  const api = createApi({
    config,
    db: database.db,
    secretKey: randomBytes(32),
    registry: await loadEventRegistry(),
    connectionTester,
    logger: createLogger('silent'),
  })
  await prepareDatabase(api.store, api.passwords, { email: config.adminEmail, password: config.adminPassword })
  const server: Server = await new Promise((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const adminToken = (await send(baseUrl, '/api/v1/auth/login', admin)).token as string
  const manager = { email: 'client-manager@hookline.test', password: 'client-manager-password' }
  await send(baseUrl, '/api/v1/users', { ...manager, name: 'Client Manager', role: 'Manager' }, adminToken)
  const managerToken = (await send(baseUrl, '/api/v1/auth/login', manager)).token as string
  const publisherKey = (await send(baseUrl, '/api/v1/api-keys', { name: 'Media service', scopes: ['events:publish'] }, adminToken)).key as string
  return {
    baseUrl,
    managerToken,
    publisherKey,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await api.deliveryQueue.close()
      await connectionTester.close()
      await database.drop()
    },
  }
}
