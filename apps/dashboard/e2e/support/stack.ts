import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { freePort } from '@hookline/dev-db'
import { apiEntry, repoRoot, workerEntry } from './paths.ts'

export interface Stack {
  /** Where the API serves the dashboard and itself, e.g. http://127.0.0.1:41234 */
  baseUrl: string
  admin: { email: string; password: string }
  /** False until the delivery worker exists in this checkout. */
  hasWorker: boolean
  /** Every line the processes wrote, for failure reports. */
  output: string[]
  database: TestDatabase
  /** HOOKLINE_SECRET_KEY of this run, to restart on the same data. */
  secretKey: string
  stop(): Promise<void>
}

export interface StackOptions {
  /** Extra settings for both processes, e.g. HOOKLINE_PLUGINS. */
  env?: Record<string, string>
  /** Start on this database and leave it in place (the caller drops it): a restart with other settings. */
  database?: TestDatabase
  /** With `database`: the first run's Administrator and secret key. */
  admin?: { email: string; password: string }
  secretKey?: string
}

function withDatabaseName(serverUri: string, name: string): string {
  const url = new URL(serverUri)
  url.pathname = `/${name}`
  return url.toString()
}

function startProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  output: string[],
): ChildProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim()) output.push(`[${name}] ${line}`)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return child
}

async function waitForReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  // A bound for a process that will not come up, not a wait: on a loaded machine start-up has taken over a minute.
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The API exited with ${child.exitCode}:\n${output.slice(-30).join('\n')}`)
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The API did not answer ${url} within 180 s:\n${output.slice(-30).join('\n')}`)
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timeout)
}

/**
 * The production layout, as `pnpm start` runs it: the built API serving the
 * built dashboard on one port, and the built worker beside it, on a fresh
 * database of the run's local server.
 */
export async function startStack(label: string, options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(apiEntry))
    throw new Error(
      `${apiEntry} is missing: build first (pnpm turbo run build --filter=@hookline/dashboard...)`,
    )
  const database: TestDatabase = options.database ?? (await openTestDatabase(`e2e_${label}`))
  const dropDatabase = () => (options.database ? Promise.resolve() : database.drop())
  const dataDir = await mkdtemp(join(tmpdir(), 'hookline-e2e-'))
  const port = await freePort()
  const admin = options.admin ?? {
    email: 'admin@hookline.test',
    password: `admin-${randomBytes(6).toString('hex')}`,
  }
  const secretKey = options.secretKey ?? randomBytes(32).toString('base64')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    MONGODB_URI: withDatabaseName(database.uri, database.db.databaseName),
    HOOKLINE_SECRET_KEY: secretKey,
    HOOKLINE_DATA_DIR: dataDir,
    HOOKLINE_ADMIN_EMAIL: admin.email,
    HOOKLINE_ADMIN_PASSWORD: admin.password,
    HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_RATE_LIMIT: 'off',
    HOOKLINE_TEST_CONNECTION_TIMEOUT: '5s',
    HOOKLINE_LOG_LEVEL: 'warn',
    // The worker: no metrics server, short delays for the retries the tests provoke.
    HOOKLINE_WORKER_PORT: '0',
    HOOKLINE_WORKER_NAME: `e2e-${label}`,
    ...options.env,
  }
  const output: string[] = []
  const api = startProcess('api', apiEntry, env, output)
  const hasWorker = existsSync(workerEntry)
  const worker = hasWorker ? startProcess('worker', workerEntry, env, output) : undefined
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForReady(`${baseUrl}/readyz`, api, output)
  } catch (error) {
    await Promise.all([stopProcess(api), worker ? stopProcess(worker) : undefined])
    await dropDatabase()
    throw error
  }
  return {
    baseUrl,
    admin,
    hasWorker,
    output,
    database,
    secretKey,
    async stop() {
      await Promise.all([stopProcess(api), worker ? stopProcess(worker) : undefined])
      await dropDatabase()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
