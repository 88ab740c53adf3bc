// The real API, served over HTTP on 127.0.0.1 inside the benchmark's process
// (as export-once.ts builds it), and a signed-in Manager to query it with.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { parseAllowlist } from '@hookline/dispatcher'
import type { Db } from 'mongodb'
import { createApi } from '../src/app.ts'
import { loadEventRegistry } from '../src/catalog.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { createConnectionTester } from '../src/services/connection-tester.ts'

export interface BenchApi {
  baseUrl: string
  /** Bearer token of a user with the Manager role, the least role that may read the log. */
  managerToken: string
  close(): Promise<void>
}

async function postJson(url: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const { token } = (await postJson(`${baseUrl}/api/v1/auth/login`, { email, password })) as { token: string }
  return token
}

/** `admin` is the platform operator already seeded into `db` (prepareDatabase). */
export async function startBenchApi(db: Db, admin: { email: string; password: string }): Promise<BenchApi> {
  const config = loadConfig({ HOOKLINE_RATE_LIMIT: 'off', HOOKLINE_ADMIN_EMAIL: admin.email, HOOKLINE_ADMIN_PASSWORD: admin.password }, parseAllowlist)
  const api = createApi({
    config,
    db,
    secretKey: randomBytes(32),
    registry: await loadEventRegistry(),
    connectionTester: createConnectionTester({ allow: [], allowHttp: false, timeoutMs: 1_000 }),
    logger: createLogger('warn'),
  })
  const server = api.app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = async () => {
    server.closeAllConnections()
    server.close()
    await api.deliveryQueue.close()
  }
  try {
    // A dashboard user: a Manager of the operator's tenant, created through the API.
    const adminToken = await logIn(baseUrl, admin.email, admin.password)
    const manager = { email: 'bench-manager@hookline.test', password: `bench-${randomBytes(12).toString('hex')}` }
    await postJson(`${baseUrl}/api/v1/users`, { ...manager, name: 'Bench manager', role: 'Manager' }, adminToken)
    return { baseUrl, managerToken: await logIn(baseUrl, manager.email, manager.password), close }
  } catch (error) {
    await close()
    throw error
  }
}
