import { documentDbAvailability } from './documentdb/availability.ts'
import { DevDatabaseError } from './errors.ts'
import { findExecutable } from './find-executable.ts'

export type StartedRoute =
  | { kind: 'external'; uri: string; reason: string }
  | { kind: 'mongod'; mongod: string; reason: string }
  | { kind: 'documentdb'; reason: string }
  | { kind: 'ferretdb'; reason: string }

/**
 * Whether the automatic order tries DocumentDB before FerretDB/SQLite. On:
 * DocumentDB serves filters from real indexes (FerretDB 1.24 scans every
 * collection for anything but an exact `_id`), so it is the default wherever
 * its Debian packages, Go and the vendored sources are at hand. Kept as a
 * switch so a machine-wide regression can be answered with one line;
 * HOOKLINE_DEV_DB=ferretdb chooses SQLite either way.
 */
export const documentDbInAutoOrder = true

/**
 * The route order: MONGODB_URI → mongod on PATH → DocumentDB wherever it can
 * be built (once `documentDbInAutoOrder`) → FerretDB 1.24/SQLite. A forced
 * route never falls back.
 */
export async function chooseRoute(
  forced: 'mongod' | 'documentdb' | 'ferretdb' | undefined,
  log: (line: string) => void,
  ownServer = false,
): Promise<StartedRoute> {
  if (forced === 'mongod') {
    const mongod = findExecutable('mongod')
    if (!mongod) throw new DevDatabaseError('HOOKLINE_DEV_DB=mongod but no `mongod` is on PATH')
    return { kind: 'mongod', mongod, reason: 'HOOKLINE_DEV_DB=mongod' }
  }
  if (forced === 'documentdb') {
    const availability = await documentDbAvailability(log)
    if (!availability.ok) throw new DevDatabaseError(`HOOKLINE_DEV_DB=documentdb, but ${availability.reason}`)
    return { kind: 'documentdb', reason: 'HOOKLINE_DEV_DB=documentdb' }
  }
  if (forced === 'ferretdb') return { kind: 'ferretdb', reason: 'HOOKLINE_DEV_DB=ferretdb' }

  if (process.env.MONGODB_URI && !ownServer) return { kind: 'external', uri: process.env.MONGODB_URI, reason: 'MONGODB_URI is set' }
  const mongod = findExecutable('mongod')
  if (mongod) return { kind: 'mongod', mongod, reason: `mongod found at ${mongod}` }
  if (!documentDbInAutoOrder) {
    return { kind: 'ferretdb', reason: 'no MONGODB_URI and no mongod (HOOKLINE_DEV_DB=documentdb for FerretDB 2 on DocumentDB)' }
  }
  const availability = await documentDbAvailability(log)
  if (availability.ok) return { kind: 'documentdb', reason: 'no MONGODB_URI and no mongod; DocumentDB can be built here' }
  log(`DocumentDB engine unavailable: ${availability.reason}. Using FerretDB 1.24 on SQLite.`)
  return { kind: 'ferretdb', reason: `no MONGODB_URI, no mongod, and DocumentDB unavailable (${availability.reason})` }
}
