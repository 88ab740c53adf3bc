import { parseAllowlist } from '@hookline/dispatcher'
import { describe, expect, it } from 'vitest'
import { loadWorkerConfig, WorkerConfigError } from '../src/config.ts'

const load = (env: Record<string, string>) => loadWorkerConfig({ MONGODB_URI: 'mongodb://127.0.0.1:27017/hookline', ...env }, parseAllowlist, '/srv/hookline')

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadWorkerConfig(env, parseAllowlist)
  } catch (error) {
    if (error instanceof WorkerConfigError) return error.problems
    throw error
  }
  throw new Error('expected a WorkerConfigError')
}

describe('loadWorkerConfig', () => {
  it('has defaults', () => {
    const config = load({})
    expect(config).toMatchObject({ port: 8081, dataDir: '/srv/hookline/.data', secretKey: undefined })
    expect(config.settings).toMatchObject({
      deliveryTimeoutMs: 15_000,
      deliveryConcurrency: 16,
      jobConcurrency: 4,
      lockLifetimeMs: 60_000,
      processEveryMs: 5_000,
      logRetentionDays: 30,
      notificationMode: 'auto',
      edge: undefined,
      allowHttp: false,
    })
  })

  it('reads every variable', () => {
    const config = load({
      HOOKLINE_WORKER_PORT: '0',
      HOOKLINE_LOG_RETENTION_DAYS: '7',
      HOOKLINE_DELIVERY_TIMEOUT: '5s',
      HOOKLINE_DELIVERY_CONCURRENCY: '32',
      HOOKLINE_WORKER_JOBS: '8',
      HOOKLINE_WORKER_LOCK_LIFETIME: '3s',
      HOOKLINE_WORKER_NOTIFY: 'poll',
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8',
      HOOKLINE_ALLOW_HTTP: 'yes',
      HOOKLINE_EDGE_DISPATCHER_URL: 'https://edge.example.dev',
      HOOKLINE_EDGE_TOKEN: '0123456789abcdef0123',
    })
    expect(config.port).toBe(0)
    expect(config.settings).toMatchObject({
      logRetentionDays: 7,
      deliveryTimeoutMs: 5_000,
      deliveryConcurrency: 32,
      jobConcurrency: 8,
      lockLifetimeMs: 3_000,
      // The scan runs at least twice per lock lifetime.
      processEveryMs: 1_500,
      notificationMode: 'poll',
      endpointAllowlist: ['127.0.0.0/8'],
      allowHttp: true,
      edge: { url: 'https://edge.example.dev', token: '0123456789abcdef0123' },
    })
  })

  it('reports every bad value with its variable', () => {
    const problems = problemsOf({
      HOOKLINE_WORKER_PORT: 'x',
      HOOKLINE_LOG_RETENTION_DAYS: '0',
      HOOKLINE_DELIVERY_TIMEOUT: 'forever',
      HOOKLINE_EDGE_DISPATCHER_URL: 'https://edge.example.dev',
      HOOKLINE_ENDPOINT_ALLOWLIST: 'nope',
    })
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual(
      [
        'HOOKLINE_WORKER_PORT',
        'HOOKLINE_LOG_RETENTION_DAYS',
        'HOOKLINE_DELIVERY_TIMEOUT',
        'HOOKLINE_ENDPOINT_ALLOWLIST',
        'MONGODB_URI',
        'HOOKLINE_EDGE_DISPATCHER_URL',
      ].sort(),
    )
  })
})
