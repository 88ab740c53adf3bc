import { DevDatabaseError } from './errors.ts'
import { ensureGoBinary, findGo } from './go-binary.ts'

/** The FerretDB 1.24.2 (SQLite) binary built from tooling/dev-db/ferretdb. */
export async function ensureFerretDbBinary(log: (line: string) => void): Promise<string> {
  if (!findGo()) {
    throw new DevDatabaseError(
      'No database available: MONGODB_URI is not set, no `mongod` is on PATH, and Go is not ' +
        'installed to build FerretDB. Install Go 1.24+ (https://go.dev/dl/), or put `mongod` ' +
        'on PATH, or set MONGODB_URI to a MongoDB server.',
    )
  }
  return ensureGoBinary({ module: 'ferretdb', name: 'hookline-ferretdb', label: 'FerretDB 1.24.2' }, log)
}

/** The FerretDB 2.5.0 binary (PostgreSQL + DocumentDB) built from tooling/dev-db/ferretdb2. */
export function ensureFerretDb2Binary(log: (line: string) => void): Promise<string> {
  return ensureGoBinary({ module: 'ferretdb2', name: 'hookline-ferretdb2', label: 'FerretDB 2.5.0' }, log)
}
