// SIGKILL the worker while thousands of acknowledged deliveries are still to
// go, start it again: every acknowledged delivery arrives, a repeat carries
// the webhook-id of its first attempt, and the log holds one succeeded
// record per delivery whose counters match its attempts.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sleep } from '../src/lib/clock.ts'
import { publishBatch, publishBody } from '../src/lib/publish.ts'
import type { HooklineClient } from '../src/lib/api-client.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'
import { startWorkerOnBacklog } from './support/worker-backlog.ts'

const inFlightAtKill = 2_000
const eventsPerRequest = 100

let faults: FaultSystem
let publisher: HooklineClient
let apps: { appId: string; path: string }[]

beforeAll(async () => {
  // A short lock lifetime, so the killed worker's jobs are picked up again
  // within the test instead of after the default minute.
  faults = await startFaultSystem({ workerEnv: { HOOKLINE_WORKER_LOCK_LIFETIME: '10s' } })
  publisher = await faults.admin.publisher()
  apps = [await faults.addApp('crash A'), await faults.addApp('crash B')]
})
afterAll(() => faults?.close())

const distinctDeliveries = async () => new Set((await faults.receiver.arrivals()).map((arrival) => `${arrival.eventId} ${arrival.path}`)).size

async function publish(expected: ExpectedDelivery[], sequence: number): Promise<void> {
  const bodies = Array.from({ length: eventsPerRequest }, (_, index) => publishBody(sequence + index))
  for (const event of await publishBatch(publisher, bodies)) {
    expect(event.deliveries).toBe(apps.length)
    for (const app of apps) expected.push({ eventId: event.id, ...app })
  }
}

it('loses no acknowledged delivery when the worker is killed mid-flight, and repeats only with the same webhook-id', async () => {
  const expected: ExpectedDelivery[] = []
  let sequence = 0
  // Under way, with more than the target still outstanding: kill it now.
  await startWorkerOnBacklog(
    faults,
    inFlightAtKill + 500,
    async () => {
      await publish(expected, sequence)
      sequence += eventsPerRequest
      return expected.length
    },
    distinctDeliveries,
  )
  faults.system.killWorker()
  const arrivedBeforeKill = await distinctDeliveries()
  const outstanding = expected.length - arrivedBeforeKill
  console.log(`killed the worker with ${outstanding} of ${expected.length} acknowledged deliveries outstanding`)
  expect(outstanding).toBeGreaterThanOrEqual(inFlightAtKill)

  // Events acknowledged while no worker runs are owed too.
  await publish(expected, sequence)
  await sleep(1_000)
  await faults.system.startWorker()

  const audit = await awaitArrivals(faults, expected, 5 * 60_000)
  console.log(`${expected.length} deliveries arrived; ${audit.repeats} repeats after the kill`)
  expect(audit.missing).toEqual([])
  expect(audit.unexpected).toEqual([])
  expect(audit.inconsistentIds).toEqual([])
  expect(audit.sharedIds).toEqual([])

  // The result of an attempt is written just after it arrives: wait for the last writes.
  const log = await awaitSucceededLog(faults, expected, audit)
  expect(log.unlogged).toEqual([])
  expect(log.duplicated).toEqual([])
  expect(log.wrongMessageId).toEqual([])
  expect(log.badCounters).toEqual([])
})
