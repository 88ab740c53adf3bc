// The receiver refuses connections for 20 s, then comes back: every
// delivery made meanwhile succeeds within its app's retry policy, and the
// log shows the refused attempts before the one that got through.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preciseNow, sleep } from '../src/lib/clock.ts'
import { publishBatch, publishBody } from '../src/lib/publish.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'

const outageMs = 20_000
// Attempts at 0, 5, 10, 15, 20 and 25 s: the policy outlasts the outage.
const policy = { retries: 5, retryDelaySeconds: 5 }
const events = 40

let faults: FaultSystem

beforeAll(async () => {
  faults = await startFaultSystem()
})
afterAll(() => faults?.close())

it('completes every delivery within the retry policy after a 20 s receiver outage, logging each attempt', async () => {
  const app = await faults.addApp('outage', policy)
  const publisher = await faults.admin.publisher()
  await faults.receiver.goDown()
  const downAt = preciseNow()
  const expected: ExpectedDelivery[] = []
  for (const event of await publishBatch(publisher, Array.from({ length: events }, (_, index) => publishBody(index)))) {
    expected.push({ eventId: event.id, ...app })
  }
  await sleep(outageMs - (preciseNow() - downAt))
  await faults.receiver.comeBack()
  const upAt = preciseNow()

  const audit = await awaitArrivals(faults, expected, 60_000)
  expect(audit.missing).toEqual([])
  expect(audit.inconsistentIds).toEqual([])
  expect(Math.min(...audit.arrivals.map((arrival) => arrival.at))).toBeGreaterThanOrEqual(upAt)

  const log = await awaitSucceededLog(faults, expected, audit, 30_000)
  expect(log.unlogged).toEqual([])
  expect(log.badCounters).toEqual([])
  for (const record of log.records) {
    const refused = record.attempts.slice(0, -1)
    const last = record.attempts.at(-1)!
    expect(record.attemptCount).toBeLessThanOrEqual(policy.retries + 1)
    // Attempts at 0, 5, 10 and 15 s fall inside a 20 s outage.
    expect(refused.length).toBeGreaterThanOrEqual(3)
    for (const attempt of refused) {
      expect(attempt.outcome).toBe('transient')
      expect(attempt.error).toMatch(/refused|ECONNREFUSED|connect/i)
    }
    expect(last).toMatchObject({ outcome: 'success', responseStatus: 204 })
  }
  const attempts = log.records.map((record) => record.attemptCount).sort((a, b) => a - b)
  console.log(`${log.records.length} deliveries succeeded after the outage; attempts per delivery: median ${attempts[attempts.length >> 1]}, max ${attempts.at(-1)}`)
  const [stored] = await faults.db.collection('apps').find({ _id: app.appId as never }).toArray()
  expect(stored?.active).toBe(true)
})
