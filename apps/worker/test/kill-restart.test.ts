import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEngine, type Engine } from './support/engine.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { spawnWorker, waitUntilStarted, type WorkerProcess } from './support/worker-process.ts'
import { hooklineCollections } from '@hookline/store'

let engine: Engine
let receiver: Receiver
const processes: WorkerProcess[] = []

beforeAll(async () => {
  engine = await startEngine('worker-kill')
  // Slow answers keep attempts in flight when the worker dies.
  receiver = await startReceiver(() => ({ status: 200, delayMs: 250 }))
})
afterAll(async () => {
  for (const worker of processes) if (worker.child.exitCode === null) worker.child.kill('SIGKILL')
  await engine.close()
  await receiver.close()
})

function workerEnv(): Record<string, string> {
  const uri = new URL(engine.database.uri)
  uri.pathname = `/${engine.database.db.databaseName}`
  return {
    MONGODB_URI: uri.toString(),
    HOOKLINE_SECRET_KEY: Buffer.from(engine.secretKey).toString('base64'),
    HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8',
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_WORKER_PORT: '0',
    HOOKLINE_WORKER_LOCK_LIFETIME: '3s',
    HOOKLINE_WORKER_POLL_INTERVAL: '1s',
    HOOKLINE_WORKER_JOBS: '4',
    HOOKLINE_DELIVERY_TIMEOUT: '5s',
    HOOKLINE_LOG_LEVEL: 'info',
  }
}

describe('a worker killed mid-flight', () => {
  it('loses nothing: after a restart every acknowledged event is delivered, repeats carry the same webhook-id', async () => {
    const app = await engine.createApp({ endpoint: receiver.url, retries: 3, retryDelaySeconds: 1 })
    const deliveries = []
    for (let index = 0; index < 16; index++) deliveries.push(...(await engine.publish([app])))
    const messageIds = new Set(deliveries.map((delivery) => delivery.messageId))

    const first = spawnWorker(workerEnv())
    processes.push(first)
    await waitUntilStarted(first)
    await receiver.waitFor(6, 30_000)
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    const beforeRestart = receiver.requests.length
    console.log(`killed after ${beforeRestart} requests; ${deliveries.length - (await hooklineCollections(engine.database.db).deliveries.countDocuments({ status: 'succeeded' }))} deliveries not yet recorded`)

    const second = spawnWorker(workerEnv())
    processes.push(second)
    await waitUntilStarted(second)
    const deadline = Date.now() + 60_000
    while ((await hooklineCollections(engine.database.db).deliveries.countDocuments({ status: 'succeeded' })) < deliveries.length) {
      if (Date.now() > deadline) throw new Error(`Not every delivery succeeded:\n${second.output.join('').slice(-2_000)}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    const received = receiver.requests.map((request) => request.headers['webhook-id'] as string)
    expect(new Set(received)).toEqual(messageIds)
    const repeats = received.length - messageIds.size
    console.log(`${received.length} requests for ${messageIds.size} events: ${repeats} repeated after the kill, each with the webhook-id of its first attempt`)
    // A repeat is the same event: its body names the same event id as the first request with that webhook-id.
    const eventOf = new Map<string, string>()
    for (const request of receiver.requests) {
      const id = request.headers['webhook-id'] as string
      const eventId = JSON.parse(request.body).id as string
      expect(eventOf.get(id) ?? eventId).toBe(eventId)
      eventOf.set(id, eventId)
    }

    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    // Two worker processes start from source (tsx) here: slow on a busy machine.
  }, 120_000)
})
