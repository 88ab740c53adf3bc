// Two batches for the same delivery in one worker (a job locked twice, or
// the sweep's copy) must attempt it once. The race the fault tests met under
// load: the second batch's read returned before the first wrote its result,
// but its code resumed only after the first had let go — so it attempted
// again from the stale read and logged more attempts than its counters said.
// Here the second batch's read is held back by hand to make that order.
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import type { DeliveryBatch, Store } from '@hookline/store'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deliverBatch, type DeliverBatchContext } from '../src/delivery/deliver-batch.ts'
import { createAttemptSlots } from '../src/delivery/attempt-slots.ts'
import { createDispatcher } from '../src/dispatch/create-dispatch.ts'
import { createSecretCache } from '../src/dispatch/secret-cache.ts'
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts'
import { fastSettings, startEngine, type Engine } from './support/engine.ts'

let engine: Engine
let receiver: Receiver

beforeAll(async () => {
  engine = await startEngine('worker-batch-claims')
  receiver = await startReceiver()
})
afterAll(async () => {
  await engine.close()
  await receiver.close()
})

function contextWith(store: Store, inFlight: Map<string, Promise<void>>): DeliverBatchContext {
  const now = () => new Date()
  const logger = pino({ level: 'silent' })
  return {
    store,
    dispatcher: createDispatcher(
      { endpointAllowlist: fastSettings.endpointAllowlist!, allowHttp: true, deliveryTimeoutMs: 3_000, edge: undefined },
      { logger, onEdgeUnavailable: () => {} },
    ),
    secrets: createSecretCache(store, now),
    metrics: createWorkerMetrics(),
    logger,
    now,
    slots: createAttemptSlots(4),
    schedule: async () => {},
    inFlight,
  }
}

it('attempts a delivery once when a second batch read it before the first batch wrote its result', async () => {
  receiver.behave(() => ({ status: 204 }))
  const app = await engine.createApp({ endpoint: receiver.url })
  const [delivery] = await engine.publish([app])
  const inFlight = new Map<string, Promise<void>>()

  // The second batch's read: taken now (before any attempt), handed over only when released.
  let releaseRead!: () => void
  const readReleased = new Promise<void>((resolve) => (releaseRead = resolve))
  const staleRead = engine.store.deliveryBatches.read([delivery!._id], undefined, () => true)
  const slowStore: Store = {
    ...engine.store,
    deliveryBatches: {
      read: async (): Promise<DeliveryBatch> => {
        const batch = await staleRead
        await readReleased
        return batch
      },
    },
  }

  const second = deliverBatch(contextWith(slowStore, inFlight), [delivery!._id])
  const first = deliverBatch(contextWith(engine.store, inFlight), [delivery!._id])
  // Without claims the first batch attempts, writes and ends on its own; with
  // them it waits for the second. The read is released once the first ended,
  // or after 2 s if it is waiting.
  await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 2_000))])
  releaseRead()
  const [firstSummary, secondSummary] = await Promise.all([first, second])

  expect(firstSummary.attempted + secondSummary.attempted).toBe(1)
  expect(receiver.requests.filter((request) => request.headers['webhook-id'] === delivery!.messageId)).toHaveLength(1)
  const [stored] = await engine.store.deliveries.findByIds([delivery!._id])
  expect(stored).toMatchObject({ status: 'succeeded', attemptCount: 1 })
  expect(await engine.store.deliveries.attemptsOf(stored!)).toHaveLength(1)
})
