import { z } from 'zod'
import { durationSyntax, formatDuration, parseDuration } from './duration.ts'

/** `true`/`false` (also `1`/`0`, `yes`/`no`), any case. */
export const booleanVariable = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value))

/** A whole number between `min` and `max`. */
export function countVariable(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
}

/** A TCP port (0: any free one). */
export const portVariable = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65_535, 'must be between 0 and 65535')

/** Milliseconds, from the one duration syntax, between `minMs` and `maxMs`. */
export function durationVariable(minMs: number, maxMs: number) {
  return z
    .string()
    .refine((value) => parseDuration(value) !== undefined, `must be ${durationSyntax}`)
    .transform((value) => parseDuration(value)!)
    .refine((ms) => ms >= minMs && ms <= maxMs, `must be between ${formatDuration(minMs)} and ${formatDuration(maxMs)}`)
}

/** How long a stopping process waits for its in-flight work (HOOKLINE_SHUTDOWN_TIMEOUT's default). */
export const defaultShutdownTimeoutMs = 25_000

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

/**
 * The variables both the API and the worker read, each parsed here and
 * nowhere else. Documented in this package's README.
 */
export const sharedVariables = {
  NODE_ENV: z.string().optional(),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  HOOKLINE_SECRET_KEY: z.string().optional(),
  HOOKLINE_DATA_DIR: z.string().default('.data'),
  HOOKLINE_ENDPOINT_ALLOWLIST: z.string().default(''),
  HOOKLINE_ALLOW_HTTP: booleanVariable.default(false),
  HOOKLINE_LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  // Inside the 30 s most orchestrators wait after SIGTERM (Kubernetes' grace
  // period; compose.yaml sets the same), and longer than one attempt's 15 s
  // default timeout plus writing its result.
  HOOKLINE_SHUTDOWN_TIMEOUT: durationVariable(1_000, 10 * 60_000).default(defaultShutdownTimeoutMs),
} as const
