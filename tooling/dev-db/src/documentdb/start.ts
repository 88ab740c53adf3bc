import { DevDatabaseError } from '../errors.ts'
import { ensureFerretDb2Binary } from '../ferretdb-binary.ts'
import { freePort } from '../free-port.ts'
import { spawnServer } from '../server-process.ts'
import { ensureCluster } from './cluster.ts'
import { ensureDocumentDbEngine } from './engine-build.ts'
import { canAccess, serviceUser } from './run-as.ts'
import { postgresSettings } from './settings.ts'

/**
 * PostgreSQL with DocumentDB on a free loopback port and FerretDB 2 in front
 * of it, both owned by one hookline-ferretdb2 process: it starts postgres as
 * its child (which the kernel stops if that process dies), and exits when its
 * stdin closes, i.e. when we die, even by SIGKILL.
 */
export async function startDocumentDb(dir: string, log: (line: string) => void, port = 0) {
  const engine = await ensureDocumentDbEngine(log)
  const binary = await ensureFerretDb2Binary(log)
  const user = serviceUser()
  for (const path of [engine.postgres, binary]) {
    if (!canAccess(user, path, 'x')) {
      throw new DevDatabaseError(`user ${user?.name ?? 'current'} cannot execute ${path}: a parent folder is closed to it (move the clone, e.g. out of /root)`)
    }
  }
  const layout = await ensureCluster(engine, dir, user)
  const pgPort = await freePort()
  return spawnServer({
    label: 'FerretDB 2 + PostgreSQL/DocumentDB',
    command: binary,
    args: [
      '-postgres', engine.postgres,
      '-pgdata', layout.pgdata,
      '-pg-port', String(pgPort),
      '-pg-log', layout.postgresLog,
      '-state-dir', layout.ferretdbState,
      '-listen', `127.0.0.1:${port}`,
      ...postgresSettings().flatMap((setting) => ['-pg-option', setting]),
    ],
    stdinLifeline: true,
    runAs: user,
    // The first start creates the extensions (PostGIS included): give it time.
    timeoutMs: 180_000,
    readyWhen: (output) => /^READY (\S+)$/m.exec(output)?.[1],
  })
}
