import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DevDatabaseError } from '../errors.ts'
import { postgresMajor } from './versions.ts'

/** Where Debian's PostgreSQL keeps its pieces, read from its pg_config. */
export interface PostgresInstall {
  readonly pgConfig: string
  readonly bindir: string
  readonly pkglibdir: string
  readonly sharedir: string
  /** `postgres --version` of the server binary, e.g. "15.18". */
  readonly serverVersion: string
}

export const debianPgConfig = `/usr/lib/postgresql/${postgresMajor}/bin/pg_config`

export function readPostgresInstall(pgConfig = debianPgConfig): PostgresInstall {
  if (!existsSync(pgConfig)) throw new DevDatabaseError(`${pgConfig} not found (postgresql-server-dev-${postgresMajor})`)
  const ask = (flag: string) => {
    const result = spawnSync(pgConfig, [flag], { encoding: 'utf8' })
    if (result.status !== 0) throw new DevDatabaseError(`${pgConfig} ${flag} failed: ${result.stderr}`)
    return result.stdout.trim()
  }
  const bindir = ask('--bindir')
  const server = spawnSync(join(bindir, 'postgres'), ['--version'], { encoding: 'utf8' })
  const serverVersion = /(\d+\.\d+)/.exec(server.stdout ?? '')?.[1]
  if (!serverVersion) throw new DevDatabaseError(`cannot read the version of ${join(bindir, 'postgres')}: ${server.stderr}`)
  return { pgConfig, bindir, pkglibdir: ask('--pkglibdir'), sharedir: ask('--sharedir'), serverVersion }
}
