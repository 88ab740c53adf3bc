import { resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './config-error.ts'
import { defaultShutdownTimeoutMs, sharedVariables, type LogLevel } from './variables.ts'

/** What every process takes from the shared variables. */
export interface SharedConfig {
  /** NODE_ENV=production. */
  production: boolean
  mongodbUri: string | undefined
  /** Raw HOOKLINE_SECRET_KEY; unset: the key file `<dataDir>/secret-key` (development only; required in production). */
  secretKey: string | undefined
  /** HOOKLINE_DATA_DIR, resolved against the working directory. */
  dataDir: string
  /** CIDRs the address policy allows although not public (HOOKLINE_ENDPOINT_ALLOWLIST). */
  endpointAllowlist: string[]
  allowHttp: boolean
  logLevel: LogLevel
  /**
   * HOOKLINE_SHUTDOWN_TIMEOUT: after SIGTERM, how long the process waits for
   * in-flight work (the API's requests, the worker's attempts) before it
   * cuts or releases what is left and exits.
   */
  shutdownTimeoutMs: number
}

export interface LoadEnvironmentOptions {
  /** The dispatcher's allowlist parser, passed in so this package stays free of it. */
  parseAllowlist: (value: string) => string[]
  cwd?: string
  /** Rules across variables (e.g. "set both or neither"); each returns its problems. */
  checks?: ((present: Record<string, string>, shared: SharedConfig) => string[])[]
}

type Shape = z.ZodRawShape

/**
 * Reads the environment against the shared variables plus `own`: every bad
 * value is reported at once, each line starting with its variable. Empty
 * variables count as unset, as in most shells' `VAR= command`. Throws a
 * ConfigError; returns the parsed values and the shared settings.
 */
export function loadEnvironment<Own extends Shape>(
  env: Record<string, string | undefined>,
  own: Own,
  options: LoadEnvironmentOptions,
): { shared: SharedConfig; values: z.infer<z.ZodObject<typeof sharedVariables & Own>> } {
  const present = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''))
  const schema = z.object({ ...sharedVariables, ...own })
  const parsed = schema.safeParse(present)
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)

  let endpointAllowlist: string[] = []
  try {
    endpointAllowlist = options.parseAllowlist(present.HOOKLINE_ENDPOINT_ALLOWLIST ?? '')
  } catch (error) {
    problems.push(`HOOKLINE_ENDPOINT_ALLOWLIST ${(error as Error).message.replace(/^\[[^\]]+\]\s*/, '')}`)
  }
  const production = present.NODE_ENV === 'production'
  if (production && !present.HOOKLINE_SECRET_KEY) problems.push('HOOKLINE_SECRET_KEY is required when NODE_ENV=production')
  const values = parsed.success ? (parsed.data as z.infer<z.ZodObject<typeof sharedVariables & Own>>) : undefined
  const common = values as z.infer<z.ZodObject<typeof sharedVariables>> | undefined
  const shared: SharedConfig = {
    production,
    mongodbUri: common?.MONGODB_URI,
    secretKey: common?.HOOKLINE_SECRET_KEY,
    dataDir: resolve(options.cwd ?? process.cwd(), common?.HOOKLINE_DATA_DIR ?? '.data'),
    endpointAllowlist,
    allowHttp: common?.HOOKLINE_ALLOW_HTTP ?? false,
    logLevel: common?.HOOKLINE_LOG_LEVEL ?? 'info',
    shutdownTimeoutMs: common?.HOOKLINE_SHUTDOWN_TIMEOUT ?? defaultShutdownTimeoutMs,
  }
  for (const check of options.checks ?? []) problems.push(...check(present, shared))
  if (!values || problems.length > 0) throw new ConfigError(problems)
  return { shared, values }
}
