import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { DevDatabaseError } from '../errors.ts'
import type { DocumentDbEngine } from './engine-build.ts'
import { canAccess, type ServiceUser } from './run-as.ts'

/** The folders of one DocumentDB engine instance under its data folder. */
export interface ClusterLayout {
  readonly pgdata: string
  readonly ferretdbState: string
  readonly postgresLog: string
}

export function clusterLayout(dir: string): ClusterLayout {
  return { pgdata: join(dir, 'pgdata'), ferretdbState: join(dir, 'ferretdb-state'), postgresLog: join(dir, 'postgres.log') }
}

/**
 * Initialises the PostgreSQL cluster the first time (as the service user
 * when we are root: the data folder must belong to the server's user).
 */
export async function ensureCluster(engine: DocumentDbEngine, dir: string, user: ServiceUser | undefined): Promise<ClusterLayout> {
  const layout = clusterLayout(dir)
  await mkdir(layout.ferretdbState, { recursive: true })
  if (user) {
    await chown(dir, user.uid, user.gid)
    await chown(layout.ferretdbState, user.uid, user.gid)
  }
  await chmod(dir, 0o700)
  if (!canAccess(user, dir, 'w')) {
    throw new DevDatabaseError(`user ${user?.name ?? userInfo().username} cannot reach ${dir}: a parent folder is closed to it (choose a data folder under /tmp or make its parents world-searchable)`)
  }
  if (existsSync(join(layout.pgdata, 'PG_VERSION'))) return layout

  const superuser = user?.name ?? userInfo().username
  const output = await runAs(user, engine.initdb, [
    '-D', layout.pgdata,
    '-U', superuser,
    '--auth=trust', // loopback only; the port is not reachable from other machines
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync', // durability starts once the server runs
  ])
  if (!existsSync(join(layout.pgdata, 'PG_VERSION'))) {
    throw new DevDatabaseError(`initdb left no cluster in ${layout.pgdata}:\n${output}`)
  }
  return layout
}

function runAs(user: ServiceUser | undefined, command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (cause) => reject(new DevDatabaseError(`could not run ${command}`, { cause })))
    child.on('exit', (code) => {
      if (code === 0) resolve(output)
      else reject(new DevDatabaseError(`${command} ${args.join(' ')} failed (exit ${code}):\n${output}`))
    })
  })
}
