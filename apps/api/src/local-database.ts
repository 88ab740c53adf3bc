/** The running local database, when MONGODB_URI is unset (development only). */
export interface LocalDatabase {
  uri: string
  kind: string
  stop(): Promise<void>
}

/**
 * Starts the local database from tooling (`@hookline/dev-db`, mongod or
 * FerretDB). That package ships TypeScript sources, so under plain `node`
 * tsx's loader is registered first; both are development dependencies.
 */
export async function startLocalDatabase(dataDir: string): Promise<LocalDatabase> {
  try {
    const { register } = await import('tsx/esm/api')
    register()
  } catch (error) {
    throw new Error('MONGODB_URI is not set and the local database helper (a development dependency) is not installed; set MONGODB_URI.', {
      cause: error,
    })
  }
  const { startDevDatabase } = await import('@hookline/dev-db')
  return startDevDatabase({ dataDir })
}
