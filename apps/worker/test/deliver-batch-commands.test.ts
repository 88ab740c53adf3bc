// What one `deliver` job costs the database, command by
// command, on a server that evaluates filters itself (MongoDB's profile,
// pinned, so the count is the same whatever server this machine has): the
// figure behind "database commands per 1,000 deliveries" in docs/BENCHMARKS.md.
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { capabilityProfile, connectDatabase, minimalCapabilities, openStore, pinServerCapabilities, type AppDocument, type DatabaseConnection } from '@hookline/store'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deliverBatch } from '../src/delivery/deliver-batch.ts'
import { createAttemptSlots } from '../src/delivery/attempt-slots.ts'
import { createDispatcher } from '../src/dispatch/create-dispatch.ts'
import { createSecretCache } from '../src/dispatch/secret-cache.ts'
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts'
import { fastSettings, startEngine, type Engine } from './support/engine.ts'

let engine: Engine
let receiver: Receiver
let connection: DatabaseConnection

beforeAll(async () => {
  engine = await startEngine('worker-batch-commands')
  receiver = await startReceiver()
  // connectDatabase's client: command monitoring on, as in the worker process.
  connection = connectDatabase(engine.database.uri, { defaultDatabaseName: engine.database.db.databaseName })
})
afterAll(async () => {
  await connection.close()
  await engine.close()
  await receiver.close()
})

// 20, not 100: with the pushdown profile pinned, FerretDB 1.24 (the local database) hangs on one 100-statement
// update (see bulk-update-policy.ts); the count of commands does not depend on the size of the job.
it('delivers a job of 20 deliveries (4 events × 5 apps) in six commands: three reads and three writes', async () => {
  receiver.behave(() => ({ status: 204 }))
  const apps: AppDocument[] = []
  for (let index = 0; index < 5; index++) apps.push(await engine.createApp({ endpoint: `${receiver.url}/${index}`, name: `App ${index}` }))
  const deliveries = []
  for (let event = 0; event < 4; event++) deliveries.push(...(await engine.publish(apps)))

  const db = connection.db
  pinServerCapabilities(db, capabilityProfile(minimalCapabilities, { filterPushdown: true }))
  const store = openStore(db, { secretKey: engine.secretKey })
  const sent: { commandName: string; command: Record<string, unknown> }[] = []
  connection.client.on('commandStarted', (event) => sent.push(event))
  const now = () => new Date()
  const logger = pino({ level: 'silent' })
  const summary = await deliverBatch(
    {
      store,
      dispatcher: createDispatcher({ endpointAllowlist: fastSettings.endpointAllowlist!, allowHttp: true, deliveryTimeoutMs: 5_000, edge: undefined }, { logger, onEdgeUnavailable: () => {} }),
      secrets: createSecretCache(store, now),
      metrics: createWorkerMetrics(),
      logger,
      now,
      slots: createAttemptSlots(16),
      schedule: async () => {},
      inFlight: new Map(),
    },
    deliveries.map((delivery) => delivery._id),
  )

  expect(summary.succeeded).toBe(20)
  const commands = sent.map((event) => `${event.commandName} ${String(event.command[event.commandName])}`)
  console.log(`one job of 20 deliveries: ${commands.join(', ')}`)
  // The deliveries, their apps and events read once each; the results, the overview's counters and the
  // attempts' detail (one insert for the whole job, not one per delivery) written once each.
  // No second read of the deliveries: the write is conditional on the status the batch read.
  expect(commands.sort()).toEqual(['find apps', 'find deliveries', 'find events', 'insert delivery_attempts', 'update deliveries', 'update delivery_stats'])
  const [written] = await engine.store.deliveries.findByIds([deliveries[0]!._id])
  expect(written).toMatchObject({ status: 'succeeded', attemptCount: 1 })
}, 120_000)
