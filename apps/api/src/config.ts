import { ConfigError, countVariable, durationVariable, loadEnvironment, portVariable, sharedVariables } from '@hookline/config'
import { z } from 'zod'
import { isCommonPassword } from './auth/common-passwords.ts'
import { pdfRowLimit } from './exports/pdf-export.ts'
import { readPluginListSetting, type PluginListSetting } from './plugins/plugin-list-setting.ts'

/** Why the API refuses to start (the one configuration error type, from @hookline/config). */
export { ConfigError }

export type RateLimitSetting = number | 'off'

/** The API's settings, read from the environment once at start. */
export interface ApiConfig {
  port: number
  production: boolean
  /** Required to run (main.ts); the start command and the dev script set it to the local database. */
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
  /** HOOKLINE_SHUTDOWN_TIMEOUT: how long a stopping API waits for the requests it is answering. */
  shutdownTimeoutMs: number
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
  /** HOOKLINE_PLUGINS and HOOKLINE_PLUGINS_DEFAULTS: which category plugins make up the catalog. */
  plugins: PluginListSetting
  /**
   * HOOKLINE_PUBLISH_CACHE_MS: how long this process reuses what a publish
   * reads (API key, tenant, active apps) before it checks the change mark
   * that every process's writes change; 0 reads them every time. Changes
   * made through this process apply at once; other processes' changes within this.
   */
  publishCacheMs: number
  /** HOOKLINE_PDF_ROW_LIMIT: the most rows a PDF report holds (it is built in memory); above it, 422 suggesting CSV. */
  pdfRowLimit: number
}

const byteSizeText = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+\s*(b|kb|mb)?$/, 'must be a size such as 512kb or 1mb')
  .transform((value) => Number.parseInt(value, 10) * ({ k: 1024, m: 1024 * 1024 }[value.replace(/[\d\s]/g, '')[0] ?? ''] ?? 1))
  .refine((bytes) => bytes >= 1024 && bytes <= 64 * 1024 * 1024, 'must be between 1kb and 64mb')

/** The API's own variables; the ones it shares with the worker are parsed in @hookline/config. */
const apiVariables = {
  PORT: portVariable.default(8080),
  HOOKLINE_ADMIN_EMAIL: z.email('must be an email address').default('admin@hookline.local'),
  // The same rules as every user's password: 12 characters or more, not one of the common ones.
  HOOKLINE_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(200, 'must be at most 200 characters')
    .refine((password) => !isCommonPassword(password), 'is one of the most common passwords: choose another')
    .optional(),
  HOOKLINE_RATE_LIMIT: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(off|\d+)$/, 'must be a number of requests per minute or "off"')
    .transform((value): RateLimitSetting => (value === 'off' ? 'off' : Number.parseInt(value, 10)))
    .refine((value) => value === 'off' || value >= 1, 'must be at least 1 (or "off")')
    .default(600),
  HOOKLINE_TOKEN_TTL: durationVariable(60_000, 30 * 86_400_000).default(8 * 3_600_000),
  HOOKLINE_BODY_LIMIT: byteSizeText.default(1024 * 1024),
  HOOKLINE_EVENTS_BODY_LIMIT: byteSizeText.default(10 * 1024 * 1024),
  HOOKLINE_TEST_CONNECTION_TIMEOUT: durationVariable(1_000, 60_000).default(10_000),
  HOOKLINE_EDGE_DISPATCHER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HOOKLINE_EDGE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Milliseconds, as the name says. Capped: another process's revocation must not wait long.
  HOOKLINE_PUBLISH_CACHE_MS: countVariable(0, 60_000).default(1_000),
  // A PDF is built in memory before it is sent: bounded, so a stray digit cannot let one export exhaust the process.
  HOOKLINE_PDF_ROW_LIMIT: countVariable(1, 200_000).default(pdfRowLimit),
}

/** Every variable the API reads: deployment files are checked against this list (tooling/deploy-check). */
export const apiVariableNames: readonly string[] = [...Object.keys(sharedVariables), ...Object.keys(apiVariables), 'HOOKLINE_PLUGINS', 'HOOKLINE_PLUGINS_DEFAULTS']

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
  const plugins = readPluginListSetting(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')))
  const { shared, values } = loadEnvironment(env, apiVariables, {
    parseAllowlist,
    cwd,
    checks: [
      (present, { production }) => (production && !present.MONGODB_URI ? ['MONGODB_URI is required when NODE_ENV=production'] : []),
      () => plugins.problems,
      (present) =>
        Boolean(present.HOOKLINE_EDGE_DISPATCHER_URL) !== Boolean(present.HOOKLINE_EDGE_TOKEN)
          ? ['HOOKLINE_EDGE_DISPATCHER_URL and HOOKLINE_EDGE_TOKEN go together: set both or neither']
          : [],
    ],
  })
  return {
    port: values.PORT,
    production: shared.production,
    mongodbUri: shared.mongodbUri,
    adminEmail: values.HOOKLINE_ADMIN_EMAIL.toLowerCase(),
    adminPassword: values.HOOKLINE_ADMIN_PASSWORD,
    secretKey: shared.secretKey,
    dataDir: shared.dataDir,
    endpointAllowlist: shared.endpointAllowlist,
    allowHttp: shared.allowHttp,
    rateLimit: values.HOOKLINE_RATE_LIMIT,
    tokenTtlSeconds: Math.floor(values.HOOKLINE_TOKEN_TTL / 1000),
    logLevel: shared.logLevel,
    shutdownTimeoutMs: shared.shutdownTimeoutMs,
    bodyLimitBytes: values.HOOKLINE_BODY_LIMIT,
    eventsBodyLimitBytes: values.HOOKLINE_EVENTS_BODY_LIMIT,
    testConnectionTimeoutMs: values.HOOKLINE_TEST_CONNECTION_TIMEOUT,
    edge:
      values.HOOKLINE_EDGE_DISPATCHER_URL && values.HOOKLINE_EDGE_TOKEN
        ? { url: values.HOOKLINE_EDGE_DISPATCHER_URL, token: values.HOOKLINE_EDGE_TOKEN }
        : undefined,
    passwordHashing: { memoryCost: 19_456, timeCost: 2 },
    plugins: plugins.setting,
    publishCacheMs: values.HOOKLINE_PUBLISH_CACHE_MS,
    pdfRowLimit: values.HOOKLINE_PDF_ROW_LIMIT,
  }
}
