import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort } from '@hookline/dev-db'
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { repoRoot } from './paths.ts'
import { authorEnvironment } from './shell.ts'

export interface RunningHookline {
  baseUrl: string
  admin: { email: string; password: string }
  stop(): Promise<void>
}

/**
 * The built API and worker as separate processes, as the start command runs
 * them, with the given plugin settings, in `cwd` (outside the repository) on
 * a fresh database of the run's server.
 */
export async function startHookline(pluginEnv: Record<string, string>, cwd: string): Promise<RunningHookline> {
  const [apiPort, workerPort] = [await freePort(), await freePort()]
  const admin = { email: 'author@hookline.test', password: randomBytes(12).toString('base64url') }
  const env = authorEnvironment({
    MONGODB_URI: withDatabase(testDatabaseUri(), uniqueDatabaseName('plugin-from-scratch')),
    HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_LOG_LEVEL: 'warn',
    HOOKLINE_ADMIN_EMAIL: admin.email,
    HOOKLINE_ADMIN_PASSWORD: admin.password,
    PORT: String(apiPort),
    HOOKLINE_WORKER_PORT: String(workerPort),
    ...pluginEnv,
  })
  const api = spawnBuilt('apps/api/dist/main.js', env, cwd)
  const worker = spawnBuilt('apps/worker/dist/main.js', env, cwd)
  const baseUrl = `http://127.0.0.1:${apiPort}`
  try {
    await waitUntilReady(`${baseUrl}/readyz`, api.child, api.stderr)
    await waitUntilReady(`http://127.0.0.1:${workerPort}/healthz`, worker.child, worker.stderr)
  } catch (error) {
    await Promise.all([stop(api.child), stop(worker.child)])
    throw error
  }
  return { baseUrl, admin, stop: () => Promise.all([stop(api.child), stop(worker.child)]).then(() => undefined) }
}

/** Starts the built API alone and waits for it to exit; resolves with its exit code and stderr. */
export async function startApiExpectingExit(pluginEnv: Record<string, string>, cwd: string): Promise<{ code: number | null; stderr: string }> {
  const env = authorEnvironment({
    MONGODB_URI: withDatabase(testDatabaseUri(), uniqueDatabaseName('plugin-broken')),
    HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    PORT: String(await freePort()),
    ...pluginEnv,
  })
  const api = spawnBuilt('apps/api/dist/main.js', env, cwd)
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 60_000)
  const code = await new Promise<number | null>((resolve) => api.child.once('exit', (exitCode) => resolve(exitCode)))
  clearTimeout(timer)
  return { code, stderr: api.stderr() }
}

function withDatabase(uri: string, name: string): string {
  const url = new URL(uri)
  url.pathname = `/${name}`
  return url.toString()
}

function spawnBuilt(entry: string, env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [join(repoRoot, entry)], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  return { child, stderr: () => stderr }
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}:\n${stderr()}`)
    if (await fetch(url).then((response) => response.ok, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer within 60 s:\n${stderr()}`)
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
