import { parseAllowlist } from '@hookline/dispatcher'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'

const load = (env: Record<string, string | undefined>) => loadConfig(env, parseAllowlist, '/srv/hookline')

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    load(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('has defaults for local use', () => {
    const config = load({})
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: undefined,
      adminEmail: 'admin@hookline.local',
      adminPassword: undefined,
      secretKey: undefined,
      dataDir: '/srv/hookline/.data',
      endpointAllowlist: [],
      allowHttp: false,
      rateLimit: 600,
      tokenTtlSeconds: 8 * 3600,
      bodyLimitBytes: 1024 * 1024,
      testConnectionTimeoutMs: 10_000,
      publishCacheMs: 1_000,
      production: false,
    })
  })

  it('reads every variable', () => {
    const config = load({
      PORT: '9000',
      MONGODB_URI: 'mongodb://db.internal:27017/hookline',
      HOOKLINE_ADMIN_EMAIL: 'Ops@Example.com',
      HOOKLINE_ADMIN_PASSWORD: 'long-password',
      HOOKLINE_SECRET_KEY: 'x',
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8, ::1/128',
      HOOKLINE_ALLOW_HTTP: 'true',
      HOOKLINE_RATE_LIMIT: 'off',
      HOOKLINE_TOKEN_TTL: '30m',
      HOOKLINE_BODY_LIMIT: '2mb',
      HOOKLINE_TEST_CONNECTION_TIMEOUT: '5s',
      HOOKLINE_DATA_DIR: '/var/lib/hookline',
      HOOKLINE_PUBLISH_CACHE_MS: '250',
    })
    expect(config).toMatchObject({
      port: 9000,
      adminEmail: 'ops@example.com',
      endpointAllowlist: ['127.0.0.0/8', '::1/128'],
      allowHttp: true,
      rateLimit: 'off',
      tokenTtlSeconds: 1800,
      bodyLimitBytes: 2 * 1024 * 1024,
      testConnectionTimeoutMs: 5000,
      dataDir: '/var/lib/hookline',
      publishCacheMs: 250,
    })
  })

  it('turns the publish read cache off with 0 and refuses what is not whole milliseconds up to a minute', () => {
    expect(load({ HOOKLINE_PUBLISH_CACHE_MS: '0' }).publishCacheMs).toBe(0)
    for (const value of ['-1', '1.5', '1s', '60001']) {
      expect(problemsOf({ HOOKLINE_PUBLISH_CACHE_MS: value }), value).toEqual([expect.stringMatching(/^HOOKLINE_PUBLISH_CACHE_MS /)])
    }
  })

  it('reports every bad value at once, each with its variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MONGODB_URI: 'postgres://x',
      HOOKLINE_ADMIN_EMAIL: 'nobody',
      HOOKLINE_ADMIN_PASSWORD: 'short',
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,not-a-cidr',
      HOOKLINE_ALLOW_HTTP: 'maybe',
      HOOKLINE_RATE_LIMIT: 'fast',
      HOOKLINE_TOKEN_TTL: '1s',
      HOOKLINE_BODY_LIMIT: '1gb',
    })
    const variables = problems.map((problem) => problem.split(' ')[0])
    expect(variables.sort()).toEqual(
      [
        'PORT',
        'MONGODB_URI',
        'HOOKLINE_ADMIN_EMAIL',
        'HOOKLINE_ADMIN_PASSWORD',
        'HOOKLINE_ENDPOINT_ALLOWLIST',
        'HOOKLINE_ALLOW_HTTP',
        'HOOKLINE_RATE_LIMIT',
        'HOOKLINE_TOKEN_TTL',
        'HOOKLINE_BODY_LIMIT',
      ].sort(),
    )
    expect(problems.find((problem) => problem.startsWith('HOOKLINE_ENDPOINT_ALLOWLIST'))).toContain('not-a-cidr')
    expect(problems.find((problem) => problem.startsWith('PORT'))).toMatch(/port number/)
  })

  it("holds the first Administrator's password to the rules of every user's: 12 characters, not a common one", () => {
    expect(problemsOf({ HOOKLINE_ADMIN_PASSWORD: 'eleven-char' })).toEqual([expect.stringMatching(/^HOOKLINE_ADMIN_PASSWORD .*at least 12 characters/)])
    expect(problemsOf({ HOOKLINE_ADMIN_PASSWORD: 'password1234' })).toEqual([expect.stringMatching(/^HOOKLINE_ADMIN_PASSWORD .*most common passwords/)])
    expect(load({ HOOKLINE_ADMIN_PASSWORD: 'a-long-unusual-phrase' }).adminPassword).toBe('a-long-unusual-phrase')
  })

  it('requires a secret key and a database in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' })
    expect(problems).toEqual([
      'HOOKLINE_SECRET_KEY is required when NODE_ENV=production',
      'MONGODB_URI is required when NODE_ENV=production',
    ])
    expect(load({ NODE_ENV: 'production', HOOKLINE_SECRET_KEY: 'k', MONGODB_URI: 'mongodb://db/' }).production).toBe(true)
  })

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', HOOKLINE_RATE_LIMIT: '' })).toMatchObject({ port: 8080, rateLimit: 600 })
  })
})
