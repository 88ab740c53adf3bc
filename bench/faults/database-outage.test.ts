// The database stops for 10 s while events are being published and
// delivered: meanwhile the API answers every request quickly with a 503
// problem, the worker waits; when the database is back both carry on
// without a restart, and every event the API acknowledged is delivered.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preciseNow, sleep } from '../src/lib/clock.ts'
import { publishBody } from '../src/lib/publish.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'
import { publishTraffic, startTraffic, type Exchange } from './support/traffic.ts'
import { waitUntil } from './support/wait-until.ts'

// The database stays down at least this long, and until every traffic loop
// has had answers from inside the outage (a loaded machine answers slower).
const outageMs = 10_000
const longestOutageMs = 45_000
const answersPerLoopInOutage = 2
// A request that waits longer than this is a hang, not an answer: a publish
// makes up to five database round trips in turn, each waiting at most the
// driver's 3 s server selection, plus room for a loaded machine.
const longestAnswerMs = 20_000

let faults: FaultSystem

beforeAll(async () => {
  faults = await startFaultSystem()
})
afterAll(() => faults?.close())

function isProblem(exchange: Exchange, status: number): boolean {
  const body = exchange.body as { status?: unknown; title?: unknown } | undefined
  return exchange.status === status && exchange.contentType.startsWith('application/problem+json') && body?.status === status && typeof body.title === 'string'
}

it('answers 503 problems during a 10 s database outage, then recovers without a restart and loses nothing acknowledged', async () => {
  const app = await faults.addApp('database outage', { retries: 5, retryDelaySeconds: 2 })
  const publisher = await faults.admin.publisher()
  const publishing = publishTraffic(publisher, 100, publishBody)
  // Each request waits up to the driver's 3 s server selection during the
  // outage, so several loops, to see enough answers from it.
  const reading = [
    ...[1, 2].map(() => startTraffic('list apps', 250, () => faults.admin.request('GET', '/api/v1/apps'))),
    ...[1, 2].map(() => startTraffic('list logs', 250, () => faults.admin.request('GET', '/api/v1/logs?limit=20'))),
  ]

  await sleep(3_000)
  await faults.system.stopDatabase()
  const downAt = preciseNow()
  await sleep(outageMs)
  const loops = [publishing, ...reading]
  await waitUntil(
    `${answersPerLoopInOutage} answers from inside the outage in every traffic loop`,
    async () => loops.map((traffic) => traffic.exchanges.filter((exchange) => exchange.sentAt >= downAt).length),
    (answers) => answers.every((count) => count >= answersPerLoopInOutage),
    { timeoutMs: longestOutageMs - outageMs, everyMs: 100 },
  )
  const upAt = preciseNow()
  await faults.system.startDatabase()
  const recovered = await waitUntil(
    'the API to accept events again',
    async () => publishing.exchanges.filter((exchange) => exchange.sentAt > upAt && exchange.status === 202).length,
    (accepted) => accepted >= 20,
    { timeoutMs: 60_000 },
  )
  expect(recovered).toBeGreaterThanOrEqual(20)
  await Promise.all([publishing, ...reading].map((traffic) => traffic.stop()))

  const exchanges = [publishing, ...reading].flatMap((traffic) => traffic.exchanges)
  const duringOutage = exchanges.filter((exchange) => exchange.sentAt >= downAt && exchange.endedAt <= upAt)
  console.log(
    `${exchanges.length} requests, ${duringOutage.length} during the outage; slowest answer ${Math.round(Math.max(...exchanges.map((exchange) => exchange.endedAt - exchange.sentAt)))} ms`,
  )
  // A request in the outage waits up to 3 s for the driver's server selection, so a loop answers 2–3 times in it.
  for (const label of ['publish', 'list apps', 'list logs']) {
    expect(duringOutage.filter((exchange) => exchange.label === label).length, label).toBeGreaterThanOrEqual(1)
  }
  expect(duringOutage.length).toBeGreaterThanOrEqual(6)
  expect(duringOutage.filter((exchange) => !isProblem(exchange, 503))).toEqual([])
  // Around the edges of the outage a request may succeed or get a 503; nothing else.
  expect(exchanges.filter((exchange) => ![200, 202].includes(exchange.status) && !isProblem(exchange, 503))).toEqual([])
  expect(exchanges.filter((exchange) => exchange.endedAt - exchange.sentAt > longestAnswerMs)).toEqual([])
  expect(faults.system.apiRunning()).toBe(true)
  expect(faults.system.workerRunning()).toBe(true)

  const expected: ExpectedDelivery[] = publishing.exchanges
    .filter((exchange) => exchange.status === 202)
    .map((exchange) => ({ eventId: (exchange.body as { id: string }).id, ...app }))
  const audit = await awaitArrivals(faults, expected, 3 * 60_000)
  expect(audit.missing).toEqual([])
  expect(audit.inconsistentIds).toEqual([])
  expect(audit.unexpected).toEqual([])
  const log = await awaitSucceededLog(faults, expected, audit)
  expect(log.unlogged).toEqual([])
  expect(log.duplicated).toEqual([])
  console.log(`${expected.length} acknowledged events delivered and logged; ${audit.repeats} repeats`)
})
