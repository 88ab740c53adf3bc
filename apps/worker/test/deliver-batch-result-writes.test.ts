// A batch writes its results as it goes: one slow endpoint does not keep the
// other apps' results of the same batch unlogged until its last attempt ends.
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import type { DeliveryDocument } from '@hookline/store'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAttemptSlots } from '../src/delivery/attempt-slots.ts'
import { deliverBatch } from '../src/delivery/deliver-batch.ts'
import { createDispatcher } from '../src/dispatch/create-dispatch.ts'
import { createSecretCache } from '../src/dispatch/secret-cache.ts'
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts'
import { fastSettings, startEngine, type Engine } from './support/engine.ts'

let engine: Engine
let receiver: Receiver

beforeAll(async () => {
  engine = await startEngine('worker-result-writes')
  receiver = await startReceiver()
})
afterAll(async () => {
  await engine.close()
  await receiver.close()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('writes the results it has every interval while a slow endpoint holds the batch open, and the rest at its end', async () => {
  receiver.behave((request) => (request.path.endsWith('/slow') ? { status: 204, delayMs: 2_500 } : { status: 204 }))
  const fast = await engine.createApp({ endpoint: `${receiver.url}/fast`, name: 'Fast' })
  const slow = await engine.createApp({ endpoint: `${receiver.url}/slow`, name: 'Slow' })
  const deliveries: DeliveryDocument[] = []
  for (let event = 0; event < 3; event++) deliveries.push(...(await engine.publish([fast, slow])))
  const status = async (app: string) =>
    (await engine.store.deliveries.findByIds(deliveries.map((delivery) => delivery._id))).filter((delivery) => delivery.appId === app).map((delivery) => delivery.status)

  const now = () => new Date()
  const logger = pino({ level: 'silent' })
  const store = engine.store
  const batch = deliverBatch(
    {
      store,
      dispatcher: createDispatcher({ endpointAllowlist: fastSettings.endpointAllowlist!, allowHttp: true, deliveryTimeoutMs: 10_000, edge: undefined }, { logger, onEdgeUnavailable: () => {} }),
      secrets: createSecretCache(store, now),
      metrics: createWorkerMetrics(),
      logger,
      now,
      slots: createAttemptSlots(8),
      schedule: async () => {},
      inFlight: new Map(),
      resultWriteIntervalMs: 300,
    },
    deliveries.map((delivery) => delivery._id),
  )
  let ended = false
  void batch.then(() => (ended = true))
  // Well before the slow endpoint answers: the fast app's results are stored, the slow app's still pending.
  await sleep(1_200)
  expect(ended).toBe(false)
  expect(await status(fast._id)).toEqual(['succeeded', 'succeeded', 'succeeded'])
  expect(await status(slow._id)).toEqual(['pending', 'pending', 'pending'])

  const summary = await batch
  expect(summary).toMatchObject({ attempted: 6, succeeded: 6, failed: 0, retrying: 0 })
  expect(await status(slow._id)).toEqual(['succeeded', 'succeeded', 'succeeded'])
}, 60_000)
