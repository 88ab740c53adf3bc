// The worker process: read the configuration, connect, run the delivery
// engine and its metrics server; on SIGINT/SIGTERM take no more jobs, let the
// attempts under way finish and be written (within HOOKLINE_SHUTDOWN_TIMEOUT),
// hand everything else back to the queue, close the database and exit 0.
import { asConfigError, loadOrExit, loadOrExitAsync } from '@hookline/config'
import { parseAllowlist } from '@hookline/dispatcher'
import { connectDatabase, isDatabaseUnavailable, logReachability, resolveSecretKey } from '@hookline/store'
import { loadWorkerConfig } from './config.ts'
import { EdgePolicyMismatchError } from './dispatch/edge-link.ts'
import { createWorkerLogger } from './logger.ts'
import { createWorker } from './worker.ts'

const config = loadOrExit(() => loadWorkerConfig(process.env, parseAllowlist))
const logger = createWorkerLogger(config.logLevel)
if (config.shutdownTimeoutMs <= config.settings.deliveryTimeoutMs) {
  logger.warn(
    { shutdownTimeoutMs: config.shutdownTimeoutMs, deliveryTimeoutMs: config.settings.deliveryTimeoutMs },
    'HOOKLINE_SHUTDOWN_TIMEOUT is not longer than HOOKLINE_DELIVERY_TIMEOUT: a stop may cut attempts under way, which are then made again',
  )
}
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
  // Past the bound plus time to hand jobs on and close, something hangs: do not outlive the orchestrator's patience.
  setTimeout(() => {
    logger.error('Could not stop within HOOKLINE_SHUTDOWN_TIMEOUT; exiting')
    process.exit(1)
  }, config.shutdownTimeoutMs + 10_000).unref()
  logger.info({ timeoutMs: config.shutdownTimeoutMs }, 'Stopping: finishing the attempts under way')
  await worker.stop(config.shutdownTimeoutMs)
  await connection.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown())
process.once('SIGTERM', () => void shutdown())
