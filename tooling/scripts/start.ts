// The README's start command: the local database, then every service that
// exists in this checkout (built first), with a seeded Administrator.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startDevDatabase } from '@hookline/dev-db'
import { loadLocalEnv } from './local-env.ts'
import { repoRoot } from './repo-root.ts'

interface Service {
  name: string
  /** Entry point of the built service, relative to the repo root. */
  entry: string
}

const services: Service[] = [
  { name: 'api', entry: 'apps/api/dist/main.js' },
  { name: 'worker', entry: 'apps/worker/dist/main.js' },
]
const port = process.env.PORT ?? '8080'
const workerPort = process.env.HOOKLINE_WORKER_PORT ?? '8081'
const dataDir = join(repoRoot, '.data')

const present = services.filter((service) => existsSync(join(repoRoot, service.entry.split('/dist/')[0]!, 'package.json')))
if (present.length > 0) {
  console.log('Building…')
  const code = await waitForExit(spawn('turbo', ['run', 'build', '--output-logs=errors-only'], { cwd: repoRoot, stdio: 'inherit' }))
  if (code !== 0) process.exit(code)
}

const database = await startDevDatabase({ dataDir })
const local = await loadLocalEnv(dataDir)
const allowlist = process.env.HOOKLINE_ENDPOINT_ALLOWLIST ?? '127.0.0.0/8,::1/128'
const env = {
  ...process.env,
  ...local,
  MONGODB_URI: database.uri,
  PORT: port,
  HOOKLINE_WORKER_PORT: workerPort,
  HOOKLINE_ENDPOINT_ALLOWLIST: allowlist,
  HOOKLINE_ALLOW_HTTP: process.env.HOOKLINE_ALLOW_HTTP ?? 'true',
}

const children: ChildProcess[] = present.map((service) =>
  spawn(process.execPath, [join(repoRoot, service.entry)], { cwd: repoRoot, stdio: 'inherit', env }),
)

let stopping = false
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(children.map(waitForExit))
    await database.stop()
  }
  process.exit(code)
}
process.once('SIGINT', () => void stop(0))
process.once('SIGTERM', () => void stop(0))
for (const child of children) child.once('exit', (code) => void stop(code ?? 1))

console.log(`\nLocal database: ${database.engine} at ${database.uri} (data in .data/) — ${database.reason}`)
if (present.some((service) => service.name === 'api')) {
  await waitForHealthy(`http://127.0.0.1:${port}/healthz`)
  console.log(`Hookline is running at http://localhost:${port}/`)
  console.log(`Sign in as ${local.HOOKLINE_ADMIN_EMAIL} / ${local.HOOKLINE_ADMIN_PASSWORD}`)
  console.log(`Endpoints on ${allowlist} are allowed for local testing (HOOKLINE_ENDPOINT_ALLOWLIST).`)
  if (present.some((service) => service.name === 'worker') && workerPort !== '0') {
    console.log(`Delivery worker metrics at http://localhost:${workerPort}/metrics (API metrics at /metrics).`)
  }
} else {
  console.log('No API in this checkout yet: only the database is running.')
}
console.log('Ctrl-C stops everything.')

function waitForExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
}

async function waitForHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((response) => response.ok, () => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  console.error(`The API did not answer ${url} within 60 s.`)
  await stop(1)
}
