// The API process: read the configuration, connect, prepare the database,
// listen; on SIGINT/SIGTERM stop accepting, answer the requests under way
// (within HOOKLINE_SHUTDOWN_TIMEOUT), close the database and exit.
import type { Server } from 'node:http'
import { asConfigError, loadOrExit, loadOrExitAsync } from '@hookline/config'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase, isDatabaseUnavailable, logReachability, resolveSecretKey } from '@hookline/store'
import { createApi } from './app.ts'
import { loadEventRegistry, PluginLoadError } from './catalog.ts'
import { loadConfig, type ApiConfig } from './config.ts'
import { trackRequests } from './lifecycle/request-drain.ts'
import { createLogger } from './logger.ts'
import { prepareDatabase } from './prepare-database.ts'
import { createConnectionTester } from './services/connection-tester.ts'

/** All or nothing: a plugin that fails stops the API with one line naming it, the item and the reason. */
async function loadCatalog(config: ApiConfig) {
  try {
    return await loadEventRegistry(config.plugins)
  } catch (error) {
    if (error instanceof PluginLoadError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

const config = loadOrExit(() => loadConfig(process.env, parseAllowlist))
if (!config.mongodbUri) {
  // The API never starts a database itself: the start command, `pnpm --filter @hookline/api dev` and the tests do.
  console.error('Invalid configuration:\n  - MONGODB_URI is required (the start command and `pnpm --filter @hookline/api dev` set it to the local database)')
  process.exit(1)
}
const logger = createLogger(config.logLevel)
const registry = await loadCatalog(config)
const { key: secretKey, file: keyFile, created: keyCreated } = await loadOrExitAsync(() =>
  resolveSecretKey(config.secretKey, config.dataDir).catch(asConfigError('HOOKLINE_SECRET_KEY')),
)
if (keyFile) console.warn(`HOOKLINE_SECRET_KEY is not set: ${keyCreated ? 'generated a key in' : 'using the key in'} ${keyFile} (local use only).`)

const connection = connectDatabase(config.mongodbUri, { serverSelectionTimeoutMS: 3_000, onReachabilityChange: logReachability(logger) })
const connectionTester = createConnectionTester({
  allow: config.endpointAllowlist,
  allowHttp: config.allowHttp,
  timeoutMs: config.testConnectionTimeoutMs,
  edge: config.edge,
})
const api = createApi({
  config,
  db: connection.db,
  secretKey,
  registry,
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
    {
      port,
      allowlist: config.endpointAllowlist,
      allowHttp: config.allowHttp,
      rateLimit: config.rateLimit,
      categories: registry.listCategories().map((category) => `${category.id} (${category.source}@${category.sourceVersion ?? category.version})`),
    },
    `Hookline API listening on http://localhost:${port}/`,
  )
})
const requests = trackRequests(server)
server.on('error', (error) => {
  logger.fatal({ err: error }, 'The API cannot listen')
  void shutdown(1)
})

let stopping = false
async function shutdown(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  api.lifecycle.draining = true
  // Past the bound plus time to close the database, something hangs: do not outlive the orchestrator's patience.
  setTimeout(() => {
    logger.error('Could not stop within HOOKLINE_SHUTDOWN_TIMEOUT; exiting')
    process.exit(code === 0 ? 1 : code)
  }, config.shutdownTimeoutMs + 5_000).unref()
  logger.info({ inFlight: requests.inFlight, timeoutMs: config.shutdownTimeoutMs }, 'Stopping: answering the requests under way')
  const drained = await requests.close(config.shutdownTimeoutMs)
  if (drained.timedOut) logger.warn({ cut: drained.cut }, 'Cut the requests still running at HOOKLINE_SHUTDOWN_TIMEOUT')
  await closeResources()
  logger.info('Stopped')
  process.exit(code)
}
process.once('SIGINT', () => void shutdown(0))
process.once('SIGTERM', () => void shutdown(0))
