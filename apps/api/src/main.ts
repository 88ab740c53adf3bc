// The API process: read the configuration, connect, prepare the database,
// listen; stop cleanly on SIGINT/SIGTERM.
import type { Server } from 'node:http'
import { join } from 'node:path'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase, isDatabaseUnavailable, loadOrCreateSecretKeyFile, parseSecretKey } from '@hookline/store'
import { createApi } from './app.ts'
import { loadEventRegistry } from './catalog.ts'
import { ConfigError, loadConfig, type ApiConfig } from './config.ts'
import { startLocalDatabase, type LocalDatabase } from './local-database.ts'
import { createLogger } from './logger.ts'
import { prepareDatabase } from './prepare-database.ts'
import { createConnectionTester } from './services/connection-tester.ts'

function readConfig(): ApiConfig {
  try {
    return loadConfig(process.env, parseAllowlist)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

async function readSecretKey(config: ApiConfig): Promise<Uint8Array> {
  if (config.secretKey !== undefined) {
    try {
      return parseSecretKey(config.secretKey)
    } catch (error) {
      console.error(`Invalid configuration:\n  - HOOKLINE_SECRET_KEY ${(error as Error).message}`)
      process.exit(1)
    }
  }
  const file = join(config.dataDir, 'secret-key')
  const { key, created } = await loadOrCreateSecretKeyFile(file)
  console.warn(`HOOKLINE_SECRET_KEY is not set: ${created ? 'generated a key in' : 'using the key in'} ${file} (local use only).`)
  return key
}

const config = readConfig()
const logger = createLogger(config.logLevel)
const secretKey = await readSecretKey(config)

let localDatabase: LocalDatabase | undefined
if (!config.mongodbUri) {
  localDatabase = await startLocalDatabase(config.dataDir)
  logger.info({ kind: localDatabase.kind }, 'MONGODB_URI is not set: started the local database')
}
const connection = connectDatabase(config.mongodbUri ?? localDatabase!.uri, {
  serverSelectionTimeoutMS: 3_000,
  onReachabilityChange: ({ reachable, address, error }) =>
    reachable ? logger.warn({ address }, 'The database answers again') : logger.warn({ address, err: error }, 'The database stopped answering'),
})
const connectionTester = createConnectionTester({
  allow: config.endpointAllowlist,
  allowHttp: config.allowHttp,
  timeoutMs: config.testConnectionTimeoutMs,
})
const api = createApi({
  config,
  db: connection.db,
  secretKey,
  registry: await loadEventRegistry(),
  connectionTester,
  logger,
  processMetrics: true,
})

/** The database may still be starting (or restarting): retry for a while before giving up. */
async function prepareWithRetry(deadline = Date.now() + 30_000) {
  for (;;) {
    try {
      return await prepareDatabase(api.store, api.passwords, { email: config.adminEmail, password: config.adminPassword })
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > deadline) {
        logger.fatal({ err: error }, 'Cannot prepare the database (indexes, first Administrator)')
        await closeResources()
        process.exit(1)
      }
      logger.warn({ err: error }, 'The database is not reachable yet; retrying')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
}

async function closeResources(): Promise<void> {
  await connectionTester.close()
  await api.deliveryQueue.close()
  await connection.close()
  await localDatabase?.stop()
}

const seed = await prepareWithRetry()
if (seed.generatedPassword) {
  // Printed once: only its hash is stored.
  console.log(`Seeded the first Administrator: ${seed.email} / ${seed.generatedPassword} (shown once; sign in and keep it).`)
} else if (seed.created) {
  logger.info({ email: seed.email }, 'Seeded the first Administrator')
}

const server: Server = api.app.listen(config.port, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info(
    { port, allowlist: config.endpointAllowlist, allowHttp: config.allowHttp, rateLimit: config.rateLimit },
    `Hookline API listening on http://localhost:${port}/`,
  )
})
server.on('error', (error) => {
  logger.fatal({ err: error }, 'The API cannot listen')
  void shutdown(1)
})

let stopping = false
async function shutdown(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
  })
  await closeResources()
  process.exit(code)
}
process.once('SIGINT', () => void shutdown(0))
process.once('SIGTERM', () => void shutdown(0))
