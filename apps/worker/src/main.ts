// The worker process: read the configuration, connect, run the delivery
// engine and its metrics server; on SIGINT/SIGTERM let running batches
// finish (up to the attempt timeout), then exit.
import { join } from 'node:path'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase, isDatabaseUnavailable, loadOrCreateSecretKeyFile, parseSecretKey } from '@hookline/store'
import { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './config.ts'
import { createWorkerLogger } from './logger.ts'
import { createWorker } from './worker.ts'

function readConfig(): WorkerConfig {
  try {
    return loadWorkerConfig(process.env, parseAllowlist)
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

async function readSecretKey(config: WorkerConfig): Promise<Uint8Array> {
  if (config.secretKey !== undefined) {
    try {
      return parseSecretKey(config.secretKey)
    } catch (error) {
      console.error(`Invalid configuration:\n  - HOOKLINE_SECRET_KEY ${(error as Error).message}`)
      process.exit(1)
    }
  }
  // The same file the API uses when the key is not set (local use only).
  const { key } = await loadOrCreateSecretKeyFile(join(config.dataDir, 'secret-key'))
  return key
}

const config = readConfig()
const logger = createWorkerLogger(config.logLevel)
const secretKey = await readSecretKey(config)
const connection = connectDatabase(config.mongodbUri, {
  serverSelectionTimeoutMS: 3_000,
  onReachabilityChange: ({ reachable, address, error }) =>
    reachable ? logger.warn({ address }, 'The database answers again') : logger.warn({ address, err: error }, 'The database stopped answering'),
})
const worker = createWorker({
  db: connection.db,
  secretKey,
  settings: config.settings,
  logger,
  ...(config.port > 0 ? { metricsPort: config.port } : {}),
  processMetrics: true,
})

/**
 * The database may still be starting, or the API preparing the same indexes
 * at the same moment: retry for a while before giving up.
 */
async function startWithRetry(deadline = Date.now() + 30_000): Promise<void> {
  for (;;) {
    try {
      await worker.start()
      return
    } catch (error) {
      if (Date.now() > deadline) {
        logger.fatal({ err: error }, 'The worker cannot start')
        await worker.stop(0).catch(() => undefined)
        await connection.close()
        process.exit(1)
      }
      logger.warn({ err: error }, isDatabaseUnavailable(error) ? 'The database is not reachable yet; retrying' : 'Could not start; retrying')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
}

await startWithRetry()

let stopping = false
async function shutdown(): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info('Stopping: letting running deliveries finish')
  await worker.stop()
  await connection.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown())
process.once('SIGTERM', () => void shutdown())
