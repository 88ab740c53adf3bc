// The real API, served over HTTP on 127.0.0.1 inside the benchmark's process
// (in-process-api.ts), and a signed-in Manager to query it with.
import { randomBytes } from 'node:crypto'
import type { Db } from 'mongodb'
import { serveApiInProcess } from './in-process-api.ts'

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
  const { baseUrl, close } = await serveApiInProcess(db, admin)
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
