import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DevDatabaseError } from './errors.ts'
import { ensureFerretDbBinary } from './ferretdb-binary.ts'
import { freePort } from './free-port.ts'
import { chooseRoute, type StartedRoute } from './route.ts'
import { spawnServer, type ServerProcess } from './server-process.ts'
import { startDocumentDb } from './documentdb/start.ts'

export { DevDatabaseError } from './errors.ts'
export { freePort } from './free-port.ts'
export { documentDbAvailability } from './documentdb/availability.ts'
export { processTreeCpuSeconds } from './process-tree-cpu.ts'

/** Which route provided the database. */
export type DevDatabaseKind = 'external' | 'mongod' | 'documentdb' | 'ferretdb'

export interface DevDatabase {
  /** A MongoDB connection string without a database name. */
  readonly uri: string
  readonly kind: DevDatabaseKind
  /** What runs behind the URI, e.g. "FerretDB 2.5.0 + DocumentDB 0.106.0 on PostgreSQL 15". */
  readonly engine: string
  /** Why this route was chosen, in one line. */
  readonly reason: string
  /** PID of the server we started (for FerretDB 2, the process PostgreSQL runs under); undefined for an external MONGODB_URI. */
  readonly pid: number | undefined
  /** Stops the server (no-op for external) and removes temporary data. */
  stop(): Promise<void>
}

export interface StartDevDatabaseOptions {
  /** Keep data here across runs (the start command uses `.data/`); a temp dir otherwise. */
  dataDir?: string
  /**
   * Listen on this port instead of a free one: a server restarted on the same
   * data and port looks to clients like a database that came back.
   */
  port?: number
  /** Ignore MONGODB_URI and the route order; used to test a specific route. */
  force?: Exclude<DevDatabaseKind, 'external'>
  /**
   * Start a server of our own even when MONGODB_URI is set (the fault tests
   * stop and restart theirs); HOOKLINE_DEV_DB and the route order still apply.
   */
  ownServer?: boolean
  log?: (line: string) => void
}

/**
 * Starts (or finds) a MongoDB-wire database, in this order: MONGODB_URI if
 * set; a `mongod` on PATH; FerretDB 2 on PostgreSQL with DocumentDB wherever
 * it can be built; FerretDB 1.24.2 on SQLite. `HOOKLINE_DEV_DB`
 * (`mongod`, `documentdb` or `ferretdb`) forces a route.
 */
export async function startDevDatabase(options: StartDevDatabaseOptions = {}): Promise<DevDatabase> {
  const log = options.log ?? ((line: string) => console.error(`[dev-db] ${line}`))
  const route = await chooseRoute(options.force ?? parseForced(process.env.HOOKLINE_DEV_DB), log, options.ownServer === true)
  if (route.kind === 'external') {
    return { uri: route.uri, kind: 'external', engine: 'MongoDB server at MONGODB_URI', reason: route.reason, pid: undefined, stop: async () => {} }
  }

  const { dir, temporary } = await dataDirectory(options.dataDir, route.kind)
  if (options.dataDir && route.kind === 'documentdb' && existsSync(join(options.dataDir, 'ferretdb'))) {
    log(`Data written on FerretDB/SQLite stays in ${join(options.dataDir, 'ferretdb')}; HOOKLINE_DEV_DB=ferretdb opens it.`)
  }
  try {
    const { uri, server } = await startRoute(route, dir, log, options.port)
    return {
      uri,
      kind: route.kind,
      engine: engineName(route.kind),
      reason: route.reason,
      pid: server.pid,
      async stop() {
        await server.stop(route.kind === 'documentdb' ? 30_000 : 5_000)
        if (temporary) await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    if (temporary) await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function startRoute(
  route: Exclude<StartedRoute, { kind: 'external' }>,
  dir: string,
  log: (line: string) => void,
  port: number | undefined,
): Promise<{ uri: string; server: ServerProcess }> {
  switch (route.kind) {
    case 'mongod':
      return startMongod(route.mongod, dir, port)
    case 'documentdb':
      return startDocumentDb(dir, log, port)
    case 'ferretdb':
      return startFerretDb(dir, log, port)
  }
}

function engineName(kind: DevDatabaseKind): string {
  switch (kind) {
    case 'external':
      return 'MongoDB server at MONGODB_URI'
    case 'mongod':
      return 'mongod'
    case 'documentdb':
      return 'FerretDB 2.5.0 + DocumentDB 0.106.0 on PostgreSQL 15'
    case 'ferretdb':
      return 'FerretDB 1.24.2 on SQLite'
  }
}

function parseForced(value: string | undefined): StartDevDatabaseOptions['force'] {
  if (!value || value === 'auto') return undefined
  if (value === 'mongod' || value === 'documentdb' || value === 'ferretdb') return value
  throw new DevDatabaseError(`HOOKLINE_DEV_DB must be auto, mongod, documentdb or ferretdb (got "${value}")`)
}

async function dataDirectory(persistent: string | undefined, kind: string) {
  if (persistent) {
    const dir = join(persistent, kind)
    await mkdir(dir, { recursive: true })
    return { dir, temporary: false }
  }
  return { dir: await mkdtemp(join(tmpdir(), `hookline-${kind}-`)), temporary: true }
}

async function startMongod(mongod: string, dbpath: string, fixedPort: number | undefined) {
  const port = fixedPort ?? (await freePort())
  return spawnServer({
    label: 'mongod',
    command: mongod,
    args: ['--dbpath', dbpath, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'],
    readyWhen: (output) =>
      /Waiting for connections|waiting for connections/.test(output) ? `mongodb://127.0.0.1:${port}/` : undefined,
  })
}

async function startFerretDb(dir: string, log: (line: string) => void, port = 0) {
  const binary = await ensureFerretDbBinary(log)
  return spawnServer({
    label: 'FerretDB',
    command: binary,
    args: [
      '-dir',
      dir,
      '-listen',
      `127.0.0.1:${port}`,
      // Profiling on demand: `go tool pprof http://<addr>/debug/pprof/profile`.
      ...(process.env.HOOKLINE_FERRETDB_DEBUG_ADDR ? ['-debug-addr', process.env.HOOKLINE_FERRETDB_DEBUG_ADDR] : []),
    ],
    stdinLifeline: true,
    readyWhen: (output) => /^READY (\S+)$/m.exec(output)?.[1],
  })
}
