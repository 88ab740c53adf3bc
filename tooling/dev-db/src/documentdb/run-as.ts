import { spawnSync } from 'node:child_process'
import { DevDatabaseError } from '../errors.ts'

/** The unprivileged account PostgreSQL runs as when we are root. */
export interface ServiceUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/** Debian's postgresql package creates this account. */
const serviceUserName = 'postgres'

/**
 * Undefined when we are not root (PostgreSQL then runs as us); as root, the
 * `postgres` account, because PostgreSQL refuses to run as root.
 */
export function serviceUser(): ServiceUser | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => {
    const result = spawnSync('id', [flag, serviceUserName], { encoding: 'utf8' })
    return result.status === 0 ? Number(result.stdout.trim()) : undefined
  }
  const uid = id('-u')
  const gid = id('-g')
  if (uid === undefined || gid === undefined) {
    throw new DevDatabaseError(`running as root, PostgreSQL needs the unprivileged user "${serviceUserName}" (created by Debian's postgresql package)`)
  }
  return { name: serviceUserName, uid, gid }
}

/** True when `user` may execute (or, with `mode` "w", write) `path`, every parent folder included. */
export function canAccess(user: ServiceUser | undefined, path: string, mode: 'x' | 'w'): boolean {
  const options = user ? { uid: user.uid, gid: user.gid } : {}
  return spawnSync('test', [`-${mode}`, path], { ...options, stdio: 'ignore' }).status === 0
}
