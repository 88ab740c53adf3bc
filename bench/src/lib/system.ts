import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, startDevDatabase, type DevDatabase } from '@hookline/dev-db'
import { sleep } from './clock.ts'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export interface SystemOptions {
  /** Extra environment for the worker (e.g. HOOKLINE_DELIVERY_CONCURRENCY). */
  workerEnv?: Record<string, string>
  apiEnv?: Record<string, string>
  /** Keep the database on this port/directory so it can be stopped and brought back. */
  databaseDir?: string
  /** Worker processes to run (default 1); the first is the one killWorker() and startWorker() act on. */
  workers?: number
  /** Run on this engine's own server (with databaseDir), whatever the route order would choose. */
  databaseKind?: 'mongod' | 'documentdb' | 'ferretdb'
}

/** How a process ended, and how long after the signal. */
export interface ProcessExit {
  code: number | null
  signal: NodeJS.Signals | null
  afterMs: number
}

export interface RunningSystem {
  baseUrl: string
  workerUrl: string
  database: DevDatabase
  databaseUri: string
  admin: { email: string; password: string }
  /** SIGKILL the worker (no cleanup: locks stay until they expire). */
  killWorker(): void
  /** SIGTERM the worker (a graceful stop, as an orchestrator does) and wait for it to exit. */
  terminateWorker(): Promise<ProcessExit>
  /** SIGTERM the API and wait for it to exit. */
  terminateApi(): Promise<ProcessExit>
  /** Start the API again, on the same port and settings. */
  startApi(): Promise<void>
  /** The worker process has not exited. */
  workerRunning(): boolean
  /** The metrics address of every worker process, the first one first. */
  workerUrls: string[]
  /** The API process has not exited. */
  apiRunning(): boolean
  startWorker(): Promise<void>
  stopDatabase(): Promise<void>
  startDatabase(): Promise<void>
  stop(): Promise<void>
}

/**
 * The whole system as production runs it: the built API and worker as
 * separate processes on the local database (the dev-db route order:
 * MONGODB_URI, mongod, DocumentDB, FerretDB/SQLite; HOOKLINE_DEV_DB forces one).
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  // A restartable database must be our own server, whatever MONGODB_URI says.
  const own = options.databaseDir
    ? { dataDir: options.databaseDir, ownServer: true, ...(options.databaseKind ? { force: options.databaseKind } : {}) }
    : {}
  let database = await startDevDatabase(own)
  const databasePort = Number(new URL(database.uri).port)
  const databaseUri = `${database.uri.replace(/\/?$/, '/')}bench_${randomBytes(4).toString('hex')}${process.env.BENCH_URI_QUERY ?? ''}`
  const admin = { email: 'bench-admin@hookline.test', password: randomBytes(12).toString('base64url') }
  const [apiPort, workerPort] = [await freePort(), await freePort()]
  const shared = {
    ...process.env,
    MONGODB_URI: databaseUri,
    HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  }
  const apiEnv = {
    ...shared,
    PORT: String(apiPort),
    HOOKLINE_ADMIN_EMAIL: admin.email,
    HOOKLINE_ADMIN_PASSWORD: admin.password,
    HOOKLINE_RATE_LIMIT: 'off',
    ...options.apiEnv,
  }
  let api = spawnService('apps/api/dist/main.js', apiEnv)
  const workerEnv = { ...shared, HOOKLINE_WORKER_PORT: String(workerPort), ...options.workerEnv }
  let worker = spawnService('apps/worker/dist/main.js', workerEnv)
  const baseUrl = `http://127.0.0.1:${apiPort}`
  const workerUrl = `http://127.0.0.1:${workerPort}`
  const more: { child: ChildProcess; url: string }[] = []
  for (let index = 1; index < (options.workers ?? 1); index++) {
    const port = await freePort()
    const env = { ...workerEnv, HOOKLINE_WORKER_PORT: String(port), HOOKLINE_WORKER_NAME: `bench-worker-${index + 1}` }
    more.push({ child: spawnService('apps/worker/dist/main.js', env), url: `http://127.0.0.1:${port}` })
  }
  await waitFor(`${baseUrl}/readyz`, api)
  await waitFor(`${workerUrl}/healthz`, worker)
  for (const extra of more) await waitFor(`${extra.url}/healthz`, extra.child)

  return {
    baseUrl,
    workerUrl,
    get database() {
      return database
    },
    databaseUri,
    admin,
    killWorker: () => void worker.kill('SIGKILL'),
    terminateWorker: () => terminate(worker),
    terminateApi: () => terminate(api),
    async startApi() {
      api = spawnService('apps/api/dist/main.js', apiEnv)
      await waitFor(`${baseUrl}/readyz`, api)
    },
    workerRunning: () => worker.exitCode === null && worker.signalCode === null,
    workerUrls: [workerUrl, ...more.map((extra) => extra.url)],
    apiRunning: () => api.exitCode === null && api.signalCode === null,
    async startWorker() {
      worker = spawnService('apps/worker/dist/main.js', workerEnv)
      await waitFor(`${workerUrl}/healthz`, worker)
    },
    stopDatabase: () => database.stop(),
    async startDatabase() {
      database = await startDevDatabase({ ...own, port: databasePort })
    },
    async stop() {
      await Promise.all([stopProcess(api), stopProcess(worker), ...more.map((extra) => stopProcess(extra.child))])
      await database.stop()
    },
  }
}

const services = new Set<ChildProcess>()
let cleanupInstalled = false

/**
 * The services must not outlive the benchmark: a Ctrl-C or a `timeout` that
 * ends this process also ends them (the database has its own stdin lifeline).
 */
function installCleanup(): void {
  if (cleanupInstalled) return
  cleanupInstalled = true
  process.once('exit', () => {
    for (const child of services) child.kill('SIGKILL')
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(130))
  }
}

/**
 * Where the services' own logs go: a failed fault run must carry the cause
 * of a 500 or a stall, which only the API or worker log names.
 */
export const serviceLogFolder = join(repoRoot, 'artifacts', 'service-logs')

function spawnService(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  installCleanup()
  const inherit = Boolean(process.env.BENCH_DEBUG)
  // BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it exits (open it in Chrome DevTools or speedscope).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const child = spawn(process.execPath, [...profile, join(repoRoot, entry)], { cwd: repoRoot, env, stdio: ['ignore', inherit ? 'inherit' : 'pipe', 'inherit'] })
  if (!inherit) {
    mkdirSync(serviceLogFolder, { recursive: true })
    const name = entry.split('/')[1] ?? 'service'
    child.stdout?.pipe(createWriteStream(join(serviceLogFolder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}-${child.pid}.log`)))
  }
  services.add(child)
  child.once('exit', () => services.delete(child))
  return child
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  // A bound for a process that will not come up, not a wait: on a loaded machine start-up has taken over a minute.
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`)
    if (await fetch(url).then((response) => response.ok, () => false)) return
    await sleep(200)
  }
  throw new Error(`${url} did not answer within 180 s`)
}

/** SIGTERM, then wait for the exit (bounded: SIGKILL after 120 s, reported as such). */
function terminate(child: ChildProcess): Promise<ProcessExit> {
  const sentAt = Date.now()
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode, afterMs: 0 })
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, afterMs: Date.now() - sentAt })
    })
    child.kill('SIGTERM')
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
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
