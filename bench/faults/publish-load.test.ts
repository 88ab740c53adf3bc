// 200 publishers, each with its own API key, publish single events back to
// back for 60 s: no request fails, and every acknowledged event is
// delivered and logged once. Prints what the load cost Hookline's own
// processes per 1,000 deliveries (one app: one delivery per event).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preciseNow } from '../src/lib/clock.ts'
import { costPer1000, costSnapshot, printCost } from '../src/lib/process-cost.ts'
import { publishBody } from '../src/lib/publish.ts'
import { percentile } from '@hookline/bench-report'
import type { HooklineClient } from '../src/lib/api-client.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'
import type { Exchange } from './support/traffic.ts'
import { describeError } from './support/describe-error.ts'

const publishers = 200
const durationMs = 60_000

let faults: FaultSystem

beforeAll(async () => {
  faults = await startFaultSystem()
})
afterAll(() => faults?.close())

async function publishUntil(publisher: HooklineClient, offset: number, endAt: number, exchanges: Exchange[]): Promise<void> {
  for (let sequence = offset; preciseNow() < endAt; sequence += publishers) {
    const sentAt = preciseNow()
    try {
      const response = await publisher.request('POST', '/api/v1/events', publishBody(sequence))
      const text = await response.text()
      exchanges.push({ label: 'publish', sentAt, endedAt: preciseNow(), status: response.status, contentType: response.headers.get('content-type') ?? '', body: JSON.parse(text) })
    } catch (error) {
      exchanges.push({ label: 'publish', sentAt, endedAt: preciseNow(), status: 0, contentType: '', body: undefined, error: describeError(error) })
    }
  }
}

it('takes 200 concurrent publishers for 60 s without an error response or a lost event', async () => {
  const app = await faults.addApp('load')
  const keys = await Promise.all(Array.from({ length: publishers }, () => faults.admin.publisher()))
  const exchanges: Exchange[] = []
  const costBefore = await costSnapshot(faults.system)
  const startedAt = preciseNow()
  await Promise.all(keys.map((publisher, index) => publishUntil(publisher, index, startedAt + durationMs, exchanges)))
  const seconds = (preciseNow() - startedAt) / 1000

  const failed = exchanges.filter((exchange) => exchange.status !== 202)
  const latencies = exchanges.map((exchange) => exchange.endedAt - exchange.sentAt).sort((a, b) => a - b)
  console.log(
    `${exchanges.length} events from ${publishers} publishers in ${seconds.toFixed(1)} s (${(exchanges.length / seconds).toFixed(0)}/s); publish latency p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms; ${failed.length} failed`,
  )
  expect(failed.slice(0, 5)).toEqual([])

  const expected: ExpectedDelivery[] = exchanges.map((exchange) => ({ eventId: (exchange.body as { id: string }).id, ...app }))
  const drainStartedAt = preciseNow()
  const audit = await awaitArrivals(faults, expected, 5 * 60_000)
  console.log(`all delivered ${((preciseNow() - drainStartedAt) / 1000).toFixed(1)} s after publishing stopped`)
  expect(audit.missing).toEqual([])
  expect(audit.unexpected).toEqual([])
  expect(audit.inconsistentIds).toEqual([])
  const log = await awaitSucceededLog(faults, expected, audit)
  expect(log.unlogged).toEqual([])
  expect(log.duplicated).toEqual([])
  // From the first publish to every delivery logged (the window includes the audit's own reads of the log, which go through a separate client).
  const cost = costPer1000(costBefore, await costSnapshot(faults.system), 'deliveries', expected.length)
  printCost(`What the load cost Hookline, publish to logged success (${faults.system.database.engine})`, cost)
  expect(cost.commandsPer1000.total).toBeGreaterThan(0)
})
