import { ConfigError, countVariable, durationVariable, loadEnvironment, portVariable, sharedVariables } from '@hookline/config'
import { z } from 'zod'
import { defaultWorkerSettings, type WorkerSettings } from './settings.ts'

/** Why the worker refuses to start: the one configuration error type, from @hookline/config. */
export { ConfigError, ConfigError as WorkerConfigError }

/** The worker process's configuration: the settings plus what it needs to connect. */
export interface WorkerConfig {
  settings: WorkerSettings
  mongodbUri: string
  /** Raw HOOKLINE_SECRET_KEY; unset: the key file `<dataDir>/secret-key` the API uses (development only). */
  secretKey: string | undefined
  dataDir: string
  /** Port of `GET /metrics` and `GET /healthz`; 0 turns the server off. */
  port: number
  logLevel: string
  /** HOOKLINE_SHUTDOWN_TIMEOUT: how long a stopping worker waits for its attempts under way. */
  shutdownTimeoutMs: number
}

/** The worker's own variables; the ones it shares with the API are parsed in @hookline/config. */
const workerVariables = {
  HOOKLINE_EDGE_DISPATCHER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HOOKLINE_EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HOOKLINE_WORKER_PORT: portVariable.default(8081),
  HOOKLINE_WORKER_NAME: z.string().trim().min(1).max(200).optional(),
  HOOKLINE_LOG_RETENTION_DAYS: countVariable(1, 3650).default(30),
  HOOKLINE_DELIVERY_TIMEOUT: durationVariable(1_000, 120_000).optional(),
  HOOKLINE_DELIVERY_CONCURRENCY: countVariable(1, 256).optional(),
  HOOKLINE_WORKER_JOBS: countVariable(1, 64).optional(),
  HOOKLINE_WORKER_LOCK_LIFETIME: durationVariable(2_000, 3_600_000).optional(),
  HOOKLINE_WORKER_POLL_INTERVAL: durationVariable(200, 60_000).optional(),
  HOOKLINE_WORKER_NOTIFY: z.enum(['auto', 'poll'], { error: 'must be auto or poll' }).default('auto'),
}

/** Every variable the worker reads: deployment files are checked against this list (tooling/deploy-check). */
export const workerVariableNames: readonly string[] = [...Object.keys(sharedVariables), ...Object.keys(workerVariables)]

/**
 * Reads and checks the environment; every bad value is reported with its
 * variable's name. `parseAllowlist` (from the dispatcher) is passed in so
 * this stays a pure function.
 */
export function loadWorkerConfig(
  env: Record<string, string | undefined>,
  parseAllowlist: (value: string) => string[],
  cwd = process.cwd(),
): WorkerConfig {
  const { shared, values } = loadEnvironment(env, workerVariables, {
    parseAllowlist,
    cwd,
    checks: [
      (present) => (present.MONGODB_URI ? [] : ['MONGODB_URI is required (the start command sets it; the worker does not start a database itself)']),
      (present) =>
        Boolean(present.HOOKLINE_EDGE_DISPATCHER_URL) !== Boolean(present.HOOKLINE_EDGE_TOKEN)
          ? ['HOOKLINE_EDGE_DISPATCHER_URL and HOOKLINE_EDGE_TOKEN go together: set both or neither']
          : [],
    ],
  })
  const defaults = defaultWorkerSettings()
  const lockLifetimeMs = values.HOOKLINE_WORKER_LOCK_LIFETIME ?? defaults.lockLifetimeMs
  const processEveryMs = values.HOOKLINE_WORKER_POLL_INTERVAL ?? Math.min(defaults.processEveryMs, Math.floor(lockLifetimeMs / 2))
  return {
    settings: {
      ...defaults,
      ...(values.HOOKLINE_WORKER_NAME ? { name: values.HOOKLINE_WORKER_NAME } : {}),
      endpointAllowlist: shared.endpointAllowlist,
      allowHttp: shared.allowHttp,
      edge:
        values.HOOKLINE_EDGE_DISPATCHER_URL && values.HOOKLINE_EDGE_TOKEN
          ? { url: values.HOOKLINE_EDGE_DISPATCHER_URL, token: values.HOOKLINE_EDGE_TOKEN }
          : undefined,
      deliveryTimeoutMs: values.HOOKLINE_DELIVERY_TIMEOUT ?? defaults.deliveryTimeoutMs,
      deliveryConcurrency: values.HOOKLINE_DELIVERY_CONCURRENCY ?? defaults.deliveryConcurrency,
      jobConcurrency: values.HOOKLINE_WORKER_JOBS ?? defaults.jobConcurrency,
      lockLifetimeMs,
      processEveryMs,
      notificationMode: values.HOOKLINE_WORKER_NOTIFY,
      logRetentionDays: values.HOOKLINE_LOG_RETENTION_DAYS,
    },
    mongodbUri: shared.mongodbUri!,
    secretKey: shared.secretKey,
    dataDir: shared.dataDir,
    port: values.HOOKLINE_WORKER_PORT,
    logLevel: shared.logLevel,
    shutdownTimeoutMs: shared.shutdownTimeoutMs,
  }
}
