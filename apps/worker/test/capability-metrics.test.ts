import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEngine, type Engine } from './support/engine.ts'

// A worker's /metrics says which way each start-up probe went, as detected on this machine's server.
let engine: Engine
beforeAll(async () => {
  engine = await startEngine('worker-capability-metrics')
})
afterAll(() => engine.close())

describe('the worker’s capability metrics', () => {
  it('export the profile the worker started with, one gauge per capability', async () => {
    const worker = await engine.startWorker({}, { metricsPort: 0, metricsHost: '127.0.0.1' })
    const text = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text()
    const exported = Object.fromEntries([...text.matchAll(/^hookline_database_capability\{capability="(\w+)"\} ([01])$/gm)].map((match) => [match[1], match[2] === '1']))
    expect(exported).toEqual({ ...(await engine.store.server.capabilities()) })
  })
})
