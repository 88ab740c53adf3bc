import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DevDatabaseError } from './errors.ts'
import { ensureFerretDbBinary } from './ferretdb-binary.ts'
import { findExecutable } from './find-executable.ts'
import { freePort } from './free-port.ts'
import { spawnServer } from './server-process.ts'

export { DevDatabaseError } from './errors.ts'
export { freePort } from './free-port.ts'

/** Which route provided the database. */
export type DevDatabaseKind = 'external' | 'mongod' | 'ferretdb'

export interface DevDatabase {
  /** A MongoDB connection string without a database name. */
  readonly uri: string
  readonly kind: DevDatabaseKind
  /** PID of the server we started; undefined for an external MONGODB_URI. */
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
  /** Ignore MONGODB_URI and mongod; used to test a specific route. */
  force?: DevDatabaseKind
  log?: (line: string) => void
}

/**
 * Starts (or finds) a MongoDB-wire database: MONGODB_URI if set, else a
 * `mongod` on PATH, else FerretDB 1.24.2 on SQLite. `HOOKLINE_DEV_DB`
 * (`mongod` or `ferretdb`) forces a route.
 */
export async function startDevDatabase(options: StartDevDatabaseOptions = {}): Promise<DevDatabase> {
  const log = options.log ?? ((line: string) => console.error(`[dev-db] ${line}`))
  const forced = options.force ?? parseForced(process.env.HOOKLINE_DEV_DB)

  if (!forced && process.env.MONGODB_URI) {
    return { uri: process.env.MONGODB_URI, kind: 'external', pid: undefined, stop: async () => {} }
  }
  const mongod = forced === 'ferretdb' ? undefined : findExecutable('mongod')
  if (forced === 'mongod' && !mongod) throw new DevDatabaseError('HOOKLINE_DEV_DB=mongod but no `mongod` is on PATH')

  const { dir, temporary } = await dataDirectory(options.dataDir, mongod ? 'mongod' : 'ferretdb')
  try {
    const { uri, server } = mongod
      ? await startMongod(mongod, dir, options.port)
      : await startFerretDb(dir, log, options.port)
    return {
      uri,
      kind: mongod ? 'mongod' : 'ferretdb',
      pid: server.pid,
      async stop() {
        await server.stop()
        if (temporary) await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    if (temporary) await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function parseForced(value: string | undefined): DevDatabaseKind | undefined {
  if (!value || value === 'auto') return undefined
  if (value === 'mongod' || value === 'ferretdb') return value
  throw new DevDatabaseError(`HOOKLINE_DEV_DB must be auto, mongod or ferretdb (got "${value}")`)
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
