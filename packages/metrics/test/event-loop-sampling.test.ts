// The event-loop delay monitor behind the process metrics samples every
// `eventLoopSamplingMs`, not prom-client's 10 ms: each sample is a wake-up,
// and at 10 ms those were most of an idle process's CPU. Watched at the call
// into prom-client, since the sampling period is not visible in the metrics.
import * as promClient from 'prom-client'
import type * as PromClient from 'prom-client'
import { describe, expect, it, vi } from 'vitest'
import { createProcessRegistry, eventLoopSamplingMs } from '../src/index.ts'

vi.mock('prom-client', async (importOriginal) => {
  const original = await importOriginal<typeof PromClient>()
  return { ...original, collectDefaultMetrics: vi.fn(original.collectDefaultMetrics) }
})

describe('process metrics', () => {
  it('sample the event loop every 100 ms', async () => {
    const { registry } = createProcessRegistry('hookline_sampling_', { processMetrics: true })
    expect(eventLoopSamplingMs).toBe(100)
    expect(promClient.collectDefaultMetrics).toHaveBeenCalledWith(expect.objectContaining({ eventLoopMonitoringPrecision: 100 }))
    // The lag metrics are still there to scrape.
    expect(await registry.metrics()).toMatch(/^hookline_sampling_nodejs_eventloop_lag_p99_seconds /m)
  })
})
