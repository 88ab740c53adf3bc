import { createServer } from 'node:net'
import { createAddressPolicy } from '@hookline/dispatcher'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { EdgePolicyMismatchError } from '../src/dispatch/edge-link.ts'
import { edgeToken, startEdgeServer, type EdgeServer } from './support/edge-server.ts'
import { startEngine, type Engine } from './support/engine.ts'
import { spawnWorker, type WorkerProcess } from './support/worker-process.ts'

// The worker and its edge dispatcher must apply one policy: the worker reads
// the edge's at start and on reconnect, and reports an edge that is down.
let engine: Engine
let receiver: Receiver
const edges: EdgeServer[] = []
const processes: WorkerProcess[] = []
const loopback = createAddressPolicy({ allow: ['127.0.0.0/8', '::1/128'], allowHttp: true })

beforeAll(async () => {
  engine = await startEngine('worker-edge-policy')
  receiver = await startReceiver()
})
afterEach(async () => {
  for (const worker of processes.splice(0)) if (worker.child.exitCode === null) worker.child.kill('SIGKILL')
  await Promise.all(edges.splice(0).map((edge) => edge.close()))
})
afterAll(async () => {
  await receiver.close()
  await engine.close()
})

async function edge(policy = loopback, port = 0): Promise<EdgeServer> {
  const started = await startEdgeServer(policy, port)
  edges.push(started)
  return started
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function healthOf(port: number | undefined): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the edge policy', () => {
  it('a worker process whose edge applies another policy refuses to start, saying what differs', async () => {
    // The edge as its README starts it: no allowlist, https only.
    const strictEdge = await edge(createAddressPolicy())
    const uri = new URL(engine.database.uri)
    uri.pathname = `/${engine.database.db.databaseName}`
    const worker = spawnWorker({
      MONGODB_URI: uri.toString(),
      HOOKLINE_SECRET_KEY: Buffer.from(engine.secretKey).toString('base64'),
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8',
      HOOKLINE_ALLOW_HTTP: 'true',
      HOOKLINE_WORKER_PORT: '0',
      HOOKLINE_EDGE_DISPATCHER_URL: strictEdge.url,
      HOOKLINE_EDGE_TOKEN: edgeToken,
    })
    processes.push(worker)
    const code = await Promise.race([worker.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000))])
    const output = worker.output.join('')
    expect(code, output).toBe(1)
    expect(output).toContain(`The edge dispatcher at ${strictEdge.url} applies another policy than this worker`)
    expect(output).toContain('the edge does not allow 127.0.0.0/8')
    expect(output).toContain('the edge refuses http:// endpoints (HOOKLINE_ALLOW_HTTP=false)')
    expect(output).not.toContain('Hookline worker started')
  }, 90_000)

  it('start() rejects with EdgePolicyMismatchError before taking any job', async () => {
    const strictEdge = await edge(createAddressPolicy({ allowHttp: true }))
    await expect(engine.startWorker({ edge: { url: strictEdge.url, token: edgeToken } })).rejects.toBeInstanceOf(EdgePolicyMismatchError)
  })

  it('with the same policy the worker starts, delivers through the edge and reports ok', async () => {
    const sameEdge = await edge()
    const worker = await engine.startWorker({ edge: { url: sameEdge.url, token: edgeToken } }, { metricsPort: 0, metricsHost: '127.0.0.1' })
    expect(await healthOf(worker.metricsPort)).toMatchObject({ status: 'ok', dispatcher: 'edge', edge: { state: 'up' } })
    const app = await engine.createApp({ endpoint: receiver.url })
    const [delivery] = await engine.publish([app])
    await engine.waitForDelivery(delivery!._id, (current) => current.status === 'succeeded')
    await worker.stop(1_000)
  })
})

describe('an edge that does not answer', () => {
  it('is logged once per outage, counted, reported as degraded, and picked up again when it returns', async () => {
    const port = await freePort()
    const linesBefore = engine.logLines.length
    const worker = await engine.startWorker({ edge: { url: `http://127.0.0.1:${port}`, token: edgeToken } }, { metricsPort: 0, metricsHost: '127.0.0.1' })
    expect(await healthOf(worker.metricsPort)).toMatchObject({ status: 'degraded', edge: { state: 'down' } })

    const app = await engine.createApp({ endpoint: receiver.url })
    const deliveries = [...(await engine.publish([app])), ...(await engine.publish([app]))]
    for (const delivery of deliveries) {
      await engine.waitForDelivery(delivery._id, (current) => current.lastError?.includes('did not answer') === true)
    }
    const metrics = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text()
    const unavailable = Number(/^hookline_edge_unavailable_total (\d+)/m.exec(metrics)?.[1])
    expect(unavailable).toBeGreaterThanOrEqual(3)
    const outageLines = engine.logLines.slice(linesBefore).filter((line) => line.includes('does not answer; deliveries wait and retry'))
    expect(outageLines).toHaveLength(1)

    // The edge comes back on the same address with the same policy: the next probe reconnects.
    await edge(loopback, port)
    await until(async () => (await healthOf(worker.metricsPort)).status === 'ok', 20_000, 'the worker to see the edge again')
    for (const delivery of deliveries) await engine.waitForDelivery(delivery._id, (current) => current.status === 'succeeded', 30_000)
    expect(engine.logLines.slice(linesBefore).some((line) => line.includes('answers again with the same policy'))).toBe(true)
    await worker.stop(1_000)
  }, 90_000)
})
