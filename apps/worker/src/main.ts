// The worker process: read the configuration, connect, run the delivery
// engine and its metrics server; on SIGINT/SIGTERM let running batches
// finish (up to the attempt timeout), then exit.
import { asConfigError, loadOrExit, loadOrExitAsync } from '@hookline/config'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase, isDatabaseUnavailable, logReachability, resolveSecretKey } from '@hookline/store'
import { loadWorkerConfig } from './config.ts'
import { EdgePolicyMismatchError } from './dispatch/edge-link.ts'
import { createWorkerLogger } from './logger.ts'
import { createWorker } from './worker.ts'

const config = loadOrExit(() => loadWorkerConfig(process.env, parseAllowlist))
const logger = createWorkerLogger(config.logLevel)
// Unset: the same key file the API uses (local use only).
const { key: secretKey } = await loadOrExitAsync(() => resolveSecretKey(config.secretKey, config.dataDir).catch(asConfigError('HOOKLINE_SECRET_KEY')))
const connection = connectDatabase(config.mongodbUri, { serverSelectionTimeoutMS: 3_000, onReachabilityChange: logReachability(logger) })
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
      // Retrying cannot help: the edge must be redeployed (or this worker reconfigured) first.
      if (error instanceof EdgePolicyMismatchError) {
        logger.fatal({ differences: error.differences }, error.message)
        await worker.stop(0).catch(() => undefined)
        await connection.close()
        process.exit(1)
      }
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
