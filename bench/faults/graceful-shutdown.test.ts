// SIGTERM, as an orchestrator stops a container, under load. The worker
// stops taking jobs, finishes and writes the attempts under way, hands the
// rest back and exits 0; a new worker delivers everything else. The API stops
// accepting, answers the publishes it was handling and exits 0; a new API
// takes over. Nothing acknowledged is lost, and — since every stop keeps its
// bound — no delivery is attempted twice: the receiver sees each webhook-id
// once. (A SIGKILL may repeat deliveries: worker-crash.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preciseNow, sleep } from '../src/lib/clock.ts'
import { publishBatch, publishBody } from '../src/lib/publish.ts'
import type { HooklineClient } from '../src/lib/api-client.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'
import { startTraffic, type Exchange } from './support/traffic.ts'
import { startWorkerOnBacklog } from './support/worker-backlog.ts'

const outstandingAtStop = 2_000
const eventsPerRequest = 100
// The default; said here because the exits are checked against it.
const shutdownTimeoutMs = 25_000

let faults: FaultSystem
let publisher: HooklineClient
let apps: { appId: string; path: string }[]
// Both tests share the system: the log audit covers every delivery acknowledged so far.
const expected: ExpectedDelivery[] = []
let sequence = 0

beforeAll(async () => {
  // The default lock lifetime (60 s): jobs must be handed on by the stop, not by their locks expiring.
  const env = { HOOKLINE_SHUTDOWN_TIMEOUT: `${shutdownTimeoutMs}ms` }
  faults = await startFaultSystem({ workerEnv: env, apiEnv: env })
  publisher = await faults.admin.publisher()
  apps = [await faults.addApp('shutdown A'), await faults.addApp('shutdown B')]
})
afterAll(() => faults?.close())

const distinctDeliveries = async () => new Set((await faults.receiver.arrivals()).map((arrival) => `${arrival.eventId} ${arrival.path}`)).size

function acknowledge(events: { id: string; deliveries: number }[]): void {
  for (const event of events) {
    expect(event.deliveries).toBe(apps.length)
    for (const app of apps) expected.push({ eventId: event.id, ...app })
  }
}

function nextBodies(): Record<string, unknown>[] {
  const bodies = Array.from({ length: eventsPerRequest }, (_, index) => publishBody(sequence + index))
  sequence += eventsPerRequest
  return bodies
}

/** Every acknowledged delivery arrived once, with one webhook-id, and is logged once as succeeded after one attempt. */
async function expectEachDeliveredOnce(): Promise<void> {
  const audit = await awaitArrivals(faults, expected, 5 * 60_000)
  console.log(`${expected.length} deliveries arrived; ${audit.repeats} repeats`)
  expect(audit.missing).toEqual([])
  expect(audit.unexpected).toEqual([])
  expect(audit.repeats).toBe(0)
  expect(audit.inconsistentIds).toEqual([])
  expect(audit.sharedIds).toEqual([])
  // Results are written per batch, after its last attempt: on a saturated machine
  // (load average ~20 on 2 cores in one run) the last writes took over a minute.
  const log = await awaitSucceededLog(faults, expected, audit, 180_000)
  expect(log.unlogged).toEqual([])
  expect(log.duplicated).toEqual([])
  expect(log.wrongMessageId).toEqual([])
  expect(log.badCounters).toEqual([])
  expect(log.records.filter((record) => record.attemptCount !== 1).map((record) => record._id)).toEqual([])
}

it('stops a worker under load with SIGTERM: exit 0 within the bound, nothing lost, nothing attempted twice', async () => {
  // Under way, with more than the target still outstanding.
  await startWorkerOnBacklog(
    faults,
    outstandingAtStop + 500,
    async () => {
      acknowledge(await publishBatch(publisher, nextBodies()))
      return expected.length
    },
    distinctDeliveries,
  )

  const stopping = faults.system.terminateWorker()
  const arrivedAtSignal = await distinctDeliveries()
  const exit = await stopping
  console.log(`SIGTERM with ${expected.length - arrivedAtSignal} of ${expected.length} deliveries outstanding; the worker exited ${exit.code} after ${exit.afterMs} ms`)
  expect(exit).toMatchObject({ code: 0, signal: null })
  expect(exit.afterMs).toBeLessThan(shutdownTimeoutMs + 10_000)
  expect(expected.length - arrivedAtSignal).toBeGreaterThanOrEqual(outstandingAtStop)
  // Handed on, not left to expire: no job holds a live lock once the only worker is gone.
  expect(await faults.db.collection('agenda_jobs').countDocuments({ lockedAt: { $gt: new Date(0) } })).toBe(0)

  // Acknowledged while no worker runs: owed too.
  acknowledge(await publishBatch(publisher, nextBodies()))
  await sleep(1_000)
  await faults.system.startWorker()
  await expectEachDeliveredOnce()
})

it('stops the API under publish load with SIGTERM: the publishes under way are answered, exit 0, and a new API takes over', async () => {
  // Four publishers, each sending batches back to back: some are always in flight.
  const loops = Array.from({ length: 4 }, (_, index) =>
    startTraffic(`publisher ${index}`, 10, () => publisher.request('POST', '/api/v1/events', { events: nextBodies() })),
  )
  const answered = () => loops.flatMap((loop) => loop.exchanges).filter((exchange) => exchange.status === 202).length
  for (let waited = 0; answered() < 8 && waited < 600; waited++) await sleep(100)

  const signalAt = preciseNow()
  const exit = await faults.system.terminateApi()
  console.log(`the API exited ${exit.code} after ${exit.afterMs} ms`)
  await Promise.all(loops.map((loop) => loop.stop()))
  expect(exit).toMatchObject({ code: 0, signal: null })
  expect(exit.afterMs).toBeLessThan(shutdownTimeoutMs + 10_000)

  const exchanges: Exchange[] = loops.flatMap((loop) => loop.exchanges)
  for (const exchange of exchanges.filter((item) => item.status === 202)) acknowledge((exchange.body as { events: { id: string; deliveries: number }[] }).events)
  // Sent before the signal, answered after it: the drain answered them instead of cutting them.
  const drained = exchanges.filter((exchange) => exchange.status === 202 && exchange.sentAt < signalAt && exchange.endedAt > signalAt)
  const refused = exchanges.filter((exchange) => exchange.status === 0)
  console.log(`${exchanges.length} publishes: ${drained.length} answered across the signal, ${refused.length} refused once it stopped accepting`)
  expect(drained.length).toBeGreaterThanOrEqual(1)
  // Every answer was an acknowledgement or a refused connection: no 5xx, no half-handled publish.
  expect(exchanges.filter((exchange) => exchange.status !== 202 && exchange.status !== 0).map((exchange) => exchange.status)).toEqual([])

  await faults.system.startApi()
  // The new API's publishes are delivered too; a refused publish left nothing behind (no unexpected arrival).
  acknowledge(await publishBatch(publisher, nextBodies()))
  await expectEachDeliveredOnce()
})
