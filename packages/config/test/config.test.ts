import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ConfigError, durationVariable, formatDuration, loadEnvironment, parseDuration } from '../src/index.ts'

const parseAllowlist = (value: string) => {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean)
  for (const entry of entries) if (!entry.includes('/')) throw new Error(`[allowlist] "${entry}" is not a CIDR`)
  return entries
}

/** The problems a ConfigError lists for this environment. */
function problemsOf(env: Record<string, string>, own: z.ZodRawShape = {}): string[] {
  const thrown = (() => {
    try {
      return loadEnvironment(env, own, { parseAllowlist })
    } catch (error) {
      return error
    }
  })()
  expect(thrown).toBeInstanceOf(ConfigError)
  return (thrown as ConfigError).problems
}

describe('the duration syntax', () => {
  it('reads 500ms, 15s, 5m, 8h, 1d and plain seconds as milliseconds', () => {
    expect(['500ms', '15s', '5m', '8h', '1d', '30', ' 2 H '].map(parseDuration)).toEqual([500, 15_000, 300_000, 28_800_000, 86_400_000, 30_000, 7_200_000])
  })

  it('refuses anything else', () => {
    for (const text of ['', 'ms', '1.5s', '-1s', '5 minutes', '1w', '10sec']) expect(parseDuration(text)).toBeUndefined()
  })

  it('names the accepted form and the range in its errors', () => {
    const ttl = { HOOKLINE_TOKEN_TTL: durationVariable(60_000, 30 * 86_400_000) }
    expect(problemsOf({ HOOKLINE_TOKEN_TTL: 'soon' }, ttl)).toEqual(['HOOKLINE_TOKEN_TTL must be a duration such as 500ms, 15s, 5m, 8h or 1d (a plain number is seconds)'])
    expect(problemsOf({ HOOKLINE_TOKEN_TTL: '59s' }, ttl)).toEqual(['HOOKLINE_TOKEN_TTL must be between 1 m and 30 d'])
    expect(formatDuration(200)).toBe('200 ms')
  })
})

describe('loadEnvironment', () => {
  it('parses the shared variables once, for every process', () => {
    const { shared } = loadEnvironment(
      { MONGODB_URI: 'mongodb://db/', HOOKLINE_DATA_DIR: 'state', HOOKLINE_ENDPOINT_ALLOWLIST: '10.0.0.0/8', HOOKLINE_ALLOW_HTTP: 'yes', HOOKLINE_LOG_LEVEL: 'debug', HOOKLINE_SECRET_KEY: '' },
      {},
      { parseAllowlist, cwd: '/srv/hookline' },
    )
    expect(shared).toEqual({
      production: false,
      mongodbUri: 'mongodb://db/',
      secretKey: undefined,
      dataDir: '/srv/hookline/state',
      endpointAllowlist: ['10.0.0.0/8'],
      allowHttp: true,
      logLevel: 'debug',
      shutdownTimeoutMs: 25_000,
    })
  })

  it('reads HOOKLINE_SHUTDOWN_TIMEOUT in the one duration syntax, between 1 s and 10 m', () => {
    expect(loadEnvironment({ HOOKLINE_SHUTDOWN_TIMEOUT: '40s' }, {}, { parseAllowlist }).shared.shutdownTimeoutMs).toBe(40_000)
    expect(loadEnvironment({ HOOKLINE_SHUTDOWN_TIMEOUT: '1500ms' }, {}, { parseAllowlist }).shared.shutdownTimeoutMs).toBe(1_500)
    expect(problemsOf({ HOOKLINE_SHUTDOWN_TIMEOUT: 'later' })).toEqual(['HOOKLINE_SHUTDOWN_TIMEOUT must be a duration such as 500ms, 15s, 5m, 8h or 1d (a plain number is seconds)'])
    expect(problemsOf({ HOOKLINE_SHUTDOWN_TIMEOUT: '500ms' })).toEqual(['HOOKLINE_SHUTDOWN_TIMEOUT must be between 1 s and 10 m'])
  })

  it('reports every problem at once, each starting with its variable, plus the cross-variable checks', () => {
    const problems = problemsOf({ NODE_ENV: 'production', MONGODB_URI: 'postgres://x', HOOKLINE_ALLOW_HTTP: 'maybe', HOOKLINE_ENDPOINT_ALLOWLIST: 'nope', HOOKLINE_LOG_LEVEL: 'loud' })
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual(
      ['MONGODB_URI', 'HOOKLINE_ALLOW_HTTP', 'HOOKLINE_ENDPOINT_ALLOWLIST', 'HOOKLINE_LOG_LEVEL', 'HOOKLINE_SECRET_KEY'].sort(),
    )
    expect(problems).toContain('HOOKLINE_ENDPOINT_ALLOWLIST "nope" is not a CIDR')
    expect(problems).toContain('HOOKLINE_SECRET_KEY is required when NODE_ENV=production')
  })
})
