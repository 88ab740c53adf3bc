// What one `deliver` job costs the database, command by
// command, on a server that evaluates filters itself (MongoDB's profile,
// pinned, so the count is the same whatever server this machine has): the
// figure behind "database commands per 1,000 deliveries" in docs/BENCHMARKS.md.
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { toDeliveryRef, toJobBatches } from '@hookline/queue'
import { capabilityProfile, connectDatabase, minimalCapabilities, openStore, pinServerCapabilities, type AppDocument, type DatabaseConnection, type DeliveryDocument, type Store } from '@hookline/store'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deliverBatch } from '../src/delivery/deliver-batch.ts'
import { createAttemptSlots } from '../src/delivery/attempt-slots.ts'
import { createDispatcher } from '../src/dispatch/create-dispatch.ts'
import { createSecretCache } from '../src/dispatch/secret-cache.ts'
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts'
import { serverRunsUnionWith } from '@hookline/dev-db/testing'
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
async function publishTwentyDeliveries(label: string): Promise<DeliveryDocument[]> {
  const apps: AppDocument[] = []
  for (let index = 0; index < 5; index++) apps.push(await engine.createApp({ endpoint: `${receiver.url}/${label}/${index}`, name: `App ${label} ${index}` }))
  const deliveries = []
  for (let event = 0; event < 4; event++) deliveries.push(...(await engine.publish(apps)))
  return deliveries
}

/** Runs one job as the worker does, on a store pinned to `profile`; returns the commands it sent, sorted, and its summary. */
async function runJob(store: Store, job: ReturnType<typeof toJobBatches>[number]) {
  const sent: { commandName: string; command: Record<string, unknown> }[] = []
  const listener = (event: (typeof sent)[number]) => sent.push(event)
  connection.client.on('commandStarted', listener)
  const now = () => new Date()
  const logger = pino({ level: 'silent' })
  try {
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
      job.deliveryIds,
      job.eventIds && job.appIds ? { eventIds: job.eventIds, appIds: job.appIds } : undefined,
    )
    return { summary, commands: sent.map((event) => `${event.commandName} ${String(event.command[event.commandName])}`).sort() }
  } finally {
    connection.client.off('commandStarted', listener)
  }
}

it('delivers a job of 20 deliveries (4 events × 5 apps) in six commands: three reads and three writes', async () => {
  receiver.behave(() => ({ status: 204 }))
  const deliveries = await publishTwentyDeliveries('ids')
  pinServerCapabilities(connection.db, capabilityProfile(minimalCapabilities, { filterPushdown: true }))
  const store = openStore(connection.db, { secretKey: engine.secretKey })
  const [job] = toJobBatches(deliveries.map((delivery) => delivery._id))
  const { summary, commands } = await runJob(store, job!)

  expect(summary.succeeded).toBe(20)
  console.log(`one job of 20 deliveries: ${commands.join(', ')}`)
  // The deliveries, their apps and events read once each; the results, the overview's counters and the
  // attempts' detail (one insert for the whole job, not one per delivery) written once each.
  // No second read of the deliveries: the write is conditional on the status the batch read.
  expect(commands).toEqual(['find apps', 'find deliveries', 'find events', 'insert delivery_attempts', 'update deliveries', 'update delivery_stats'])
  const [written] = await engine.store.deliveries.findByIds([deliveries[0]!._id])
  expect(written).toMatchObject({ status: 'succeeded', attemptCount: 1 })
}, 120_000)

it('reads a job that names its events and apps in one command where the server has union reads, and in three where it has not', async () => {
  receiver.behave(() => ({ status: 204 }))
  const deliveries = await publishTwentyDeliveries('refs')
  // Whether this machine's server runs the stage at all (fast or not): pinning union reads on a server without it would only test a refusal.
  const unionReads = await serverRunsUnionWith(connection.db)
  pinServerCapabilities(connection.db, capabilityProfile(minimalCapabilities, { filterPushdown: true, unionReads }))
  const store = openStore(connection.db, { secretKey: engine.secretKey })
  const [job] = toJobBatches(deliveries.map(toDeliveryRef))
  expect(job).toMatchObject({ eventIds: expect.any(Array), appIds: expect.any(Array) })
  expect(job!.eventIds).toHaveLength(4)
  expect(job!.appIds).toHaveLength(5)
  const { summary, commands } = await runJob(store, job!)

  expect(summary.succeeded).toBe(20)
  console.log(`one job of 20 deliveries naming its events and apps (union reads: ${unionReads}): ${commands.join(', ')}`)
  const reads = unionReads ? ['aggregate deliveries'] : ['find apps', 'find deliveries', 'find events']
  expect(commands).toEqual([...reads, 'insert delivery_attempts', 'update deliveries', 'update delivery_stats'].sort())
  // Every receiver request carried its own event: the union's events and apps were matched to the right deliveries.
  const events = new Map((await engine.store.events.findByIds(deliveries.map((delivery) => delivery.eventId))).map((event) => [event._id, event]))
  const endpoints = new Map((await engine.store.apps.findByIds(deliveries.map((delivery) => delivery.appId))).map((app) => [app._id, new URL(app.endpoint).pathname]))
  for (const delivery of deliveries) {
    const request = receiver.requests.find((candidate) => candidate.headers['webhook-id'] === delivery.messageId)
    expect(request?.path).toBe(endpoints.get(delivery.appId))
    expect(request?.body).toBe(events.get(delivery.eventId)!.envelopeJson)
  }
  const written = await engine.store.deliveries.findByIds(deliveries.map((delivery) => delivery._id))
  expect(written.every((delivery) => delivery.status === 'succeeded' && delivery.attemptCount === 1)).toBe(true)
}, 120_000)
