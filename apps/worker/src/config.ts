import { resolve } from 'node:path'
import { z } from 'zod'
import { defaultWorkerSettings, type WorkerSettings } from './settings.ts'

/** Why the worker refuses to start: one line per bad setting. */
export class WorkerConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
    this.name = 'WorkerConfigError'
    this.problems = problems
  }
}

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
}

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value))

/** Milliseconds from seconds or a duration such as 500ms, 30s, 5m, 1h. */
function duration(minMs: number, maxMs: number, range: string) {
  return z
    .string()
    .trim()
    .regex(/^\d+\s*(ms|s|m|h)?$/, 'must be a duration such as 500ms, 30s, 5m or 1h (plain numbers are seconds)')
    .transform((value) => {
      const amount = Number.parseInt(value, 10)
      const unit = value.replace(/[\d\s]/g, '') || 's'
      return amount * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] ?? 1000)
    })
    .refine((ms) => ms >= minMs && ms <= maxMs, `must be between ${range}`)
}

function count(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
}

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  MONGODB_URI: z.string().trim().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string').optional(),
  HOOKLINE_SECRET_KEY: z.string().optional(),
  HOOKLINE_DATA_DIR: z.string().default('.data'),
  HOOKLINE_ENDPOINT_ALLOWLIST: z.string().default(''),
  HOOKLINE_ALLOW_HTTP: booleanText.default(false),
  HOOKLINE_EDGE_DISPATCHER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HOOKLINE_EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HOOKLINE_WORKER_PORT: count(0, 65_535).default(8081),
  HOOKLINE_WORKER_NAME: z.string().trim().min(1).max(200).optional(),
  HOOKLINE_LOG_RETENTION_DAYS: count(1, 3650).default(30),
  HOOKLINE_DELIVERY_TIMEOUT: duration(1_000, 120_000, '1 s and 120 s').optional(),
  HOOKLINE_DELIVERY_CONCURRENCY: count(1, 256).optional(),
  HOOKLINE_WORKER_JOBS: count(1, 64).optional(),
  HOOKLINE_WORKER_LOCK_LIFETIME: duration(2_000, 3_600_000, '2 s and 1 h').optional(),
  HOOKLINE_WORKER_POLL_INTERVAL: duration(200, 60_000, '200 ms and 60 s').optional(),
  HOOKLINE_WORKER_NOTIFY: z.enum(['auto', 'poll'], { error: 'must be auto or poll' }).default('auto'),
  HOOKLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

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
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = envSchema.safeParse(present)
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)
  let endpointAllowlist: string[] = []
  try {
    endpointAllowlist = parseAllowlist(present.HOOKLINE_ENDPOINT_ALLOWLIST ?? '')
  } catch (error) {
    problems.push(`HOOKLINE_ENDPOINT_ALLOWLIST ${(error as Error).message.replace(/^\[[^\]]+\]\s*/, '')}`)
  }
  if (!present.MONGODB_URI) problems.push('MONGODB_URI is required (the start command sets it; the worker does not start a database itself)')
  if (present.NODE_ENV === 'production' && !present.HOOKLINE_SECRET_KEY) problems.push('HOOKLINE_SECRET_KEY is required when NODE_ENV=production')
  if (Boolean(present.HOOKLINE_EDGE_DISPATCHER_URL) !== Boolean(present.HOOKLINE_EDGE_TOKEN)) {
    problems.push('HOOKLINE_EDGE_DISPATCHER_URL and HOOKLINE_EDGE_TOKEN go together: set both or neither')
  }
  if (!parsed.success || problems.length > 0) throw new WorkerConfigError(problems)

  const values = parsed.data
  const defaults = defaultWorkerSettings()
  const lockLifetimeMs = values.HOOKLINE_WORKER_LOCK_LIFETIME ?? defaults.lockLifetimeMs
  const processEveryMs = values.HOOKLINE_WORKER_POLL_INTERVAL ?? Math.min(defaults.processEveryMs, Math.floor(lockLifetimeMs / 2))
  return {
    settings: {
      ...defaults,
      ...(values.HOOKLINE_WORKER_NAME ? { name: values.HOOKLINE_WORKER_NAME } : {}),
      endpointAllowlist,
      allowHttp: values.HOOKLINE_ALLOW_HTTP,
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
    mongodbUri: values.MONGODB_URI!,
    secretKey: values.HOOKLINE_SECRET_KEY,
    dataDir: resolve(cwd, values.HOOKLINE_DATA_DIR),
    port: values.HOOKLINE_WORKER_PORT,
    logLevel: values.HOOKLINE_LOG_LEVEL,
  }
}
