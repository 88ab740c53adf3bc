import { resolve } from 'node:path'
import { z } from 'zod'

/** Why the API refuses to start: one line per bad setting. */
export class ConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[], options?: { cause?: unknown }) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, options)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export type RateLimitSetting = number | 'off'

/** The API's settings, read from the environment once at start. */
export interface ApiConfig {
  port: number
  production: boolean
  /** Unset: the local database from tooling (development only). */
  mongodbUri: string | undefined
  adminEmail: string
  /** Unset: a generated password, printed once when the Administrator is seeded. */
  adminPassword: string | undefined
  /** Raw HOOKLINE_SECRET_KEY; unset: a key kept in `<dataDir>/secret-key` (development only). */
  secretKey: string | undefined
  dataDir: string
  /** CIDRs the address policy allows despite being non-public, e.g. 127.0.0.0/8. */
  endpointAllowlist: string[]
  /** Accept http: endpoints. Default false: https only. */
  allowHttp: boolean
  /** Requests per minute per credential (per IP without one). */
  rateLimit: RateLimitSetting
  /** Lifetime of a sign-in token, in seconds. */
  tokenTtlSeconds: number
  logLevel: string
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number
  /** Largest `POST /api/v1/events` body (a batch of up to 500 events), in bytes. */
  eventsBodyLimitBytes: number
  /** How long one connection test may take. */
  testConnectionTimeoutMs: number
  /** The edge dispatcher deliveries run on (the worker's HOOKLINE_EDGE_*): connection tests run there too. */
  edge: { url: string; token: string } | undefined
  /** Argon2id cost; tests lower it. */
  passwordHashing: { memoryCost: number; timeCost: number }
}

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value))

/** Seconds, or a number with s, m, h or d, e.g. 8h. */
function durationText(minSeconds: number, maxSeconds: number, range: string) {
  return z
    .string()
    .trim()
    .regex(/^\d+\s*[smhd]?$/, 'must be a number of seconds or a duration such as 30s, 8h or 1d')
    .transform((value) => {
      const amount = Number.parseInt(value, 10)
      const unit = value.at(-1) ?? 's'
      return amount * ({ m: 60, h: 3600, d: 86_400 }[unit] ?? 1)
    })
    .refine((seconds) => seconds >= minSeconds && seconds <= maxSeconds, `must be between ${range}`)
}

const byteSizeText = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+\s*(b|kb|mb)?$/, 'must be a size such as 512kb or 1mb')
  .transform((value) => Number.parseInt(value, 10) * ({ k: 1024, m: 1024 * 1024 }[value.replace(/[\d\s]/g, '')[0] ?? ''] ?? 1))
  .refine((bytes) => bytes >= 1024 && bytes <= 64 * 1024 * 1024, 'must be between 1kb and 64mb')

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65_535, 'must be between 0 and 65535')
    .default(8080),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  HOOKLINE_ADMIN_EMAIL: z.email('must be an email address').default('admin@hookline.local'),
  HOOKLINE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters').optional(),
  HOOKLINE_SECRET_KEY: z.string().optional(),
  HOOKLINE_DATA_DIR: z.string().default('.data'),
  HOOKLINE_ENDPOINT_ALLOWLIST: z.string().default(''),
  HOOKLINE_ALLOW_HTTP: booleanText.default(false),
  HOOKLINE_RATE_LIMIT: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(off|\d+)$/, 'must be a number of requests per minute or "off"')
    .transform((value): RateLimitSetting => (value === 'off' ? 'off' : Number.parseInt(value, 10)))
    .refine((value) => value === 'off' || value >= 1, 'must be at least 1 (or "off")')
    .default(600),
  HOOKLINE_TOKEN_TTL: durationText(60, 30 * 86_400, '1 minute and 30 days').default(8 * 3600),
  HOOKLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOOKLINE_BODY_LIMIT: byteSizeText.default(1024 * 1024),
  HOOKLINE_EVENTS_BODY_LIMIT: byteSizeText.default(10 * 1024 * 1024),
  HOOKLINE_TEST_CONNECTION_TIMEOUT: durationText(1, 60, '1 and 60 seconds').default(10),
  HOOKLINE_EDGE_DISPATCHER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HOOKLINE_EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
})

/**
 * Reads and checks the environment. Every bad value is reported, each with
 * the variable's name, before anything starts. The allowlist is checked by
 * `parseAllowlist` from the dispatcher, passed in so this file stays pure.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  parseAllowlist: (value: string) => string[],
  cwd = process.cwd(),
): ApiConfig {
  // Empty variables count as unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = envSchema.safeParse(present)
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)

  let endpointAllowlist: string[] = []
  try {
    endpointAllowlist = parseAllowlist(present.HOOKLINE_ENDPOINT_ALLOWLIST ?? '')
  } catch (error) {
    problems.push(`HOOKLINE_ENDPOINT_ALLOWLIST ${(error as Error).message.replace(/^\[[^\]]+\]\s*/, '')}`)
  }
  const production = present.NODE_ENV === 'production'
  if (production && !present.HOOKLINE_SECRET_KEY) problems.push('HOOKLINE_SECRET_KEY is required when NODE_ENV=production')
  if (production && !present.MONGODB_URI) problems.push('MONGODB_URI is required when NODE_ENV=production')
  if (Boolean(present.HOOKLINE_EDGE_DISPATCHER_URL) !== Boolean(present.HOOKLINE_EDGE_TOKEN)) {
    problems.push('HOOKLINE_EDGE_DISPATCHER_URL and HOOKLINE_EDGE_TOKEN go together: set both or neither')
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)

  const values = parsed.data
  return {
    port: values.PORT,
    production,
    mongodbUri: values.MONGODB_URI,
    adminEmail: values.HOOKLINE_ADMIN_EMAIL.toLowerCase(),
    adminPassword: values.HOOKLINE_ADMIN_PASSWORD,
    secretKey: values.HOOKLINE_SECRET_KEY,
    dataDir: resolve(cwd, values.HOOKLINE_DATA_DIR),
    endpointAllowlist,
    allowHttp: values.HOOKLINE_ALLOW_HTTP,
    rateLimit: values.HOOKLINE_RATE_LIMIT,
    tokenTtlSeconds: values.HOOKLINE_TOKEN_TTL,
    logLevel: values.HOOKLINE_LOG_LEVEL,
    bodyLimitBytes: values.HOOKLINE_BODY_LIMIT,
    eventsBodyLimitBytes: values.HOOKLINE_EVENTS_BODY_LIMIT,
    testConnectionTimeoutMs: values.HOOKLINE_TEST_CONNECTION_TIMEOUT * 1000,
    edge:
      values.HOOKLINE_EDGE_DISPATCHER_URL && values.HOOKLINE_EDGE_TOKEN
        ? { url: values.HOOKLINE_EDGE_DISPATCHER_URL, token: values.HOOKLINE_EDGE_TOKEN }
        : undefined,
    passwordHashing: { memoryCost: 19_456, timeCost: 2 },
  }
}
