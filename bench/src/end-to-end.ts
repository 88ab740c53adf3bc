// Benchmark 2 — end to end: N events published through the API (batches of
// 100), fanned out to K apps, measured at the receiver; quoted against the raw
// ceiling measured in the same run.
import { parseArgs } from 'node:util'
import { HooklineClient } from './lib/api-client.ts'
import { preciseNow } from './lib/clock.ts'
import { publishBatch, publishBody, type Published } from './lib/publish.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { check, printChecks, printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { percentile, round } from '@hookline/bench-report'
import { startSystem } from './lib/system.ts'
import { firstArrivals, latenciesOf, waitForArrivals } from './lib/wait-for-arrivals.ts'
import { measureRawCeiling } from './raw-ceiling.ts'
import { costPer1000, costSnapshot, printCost } from './lib/process-cost.ts'
import { loggedDeliveries, waitForLogged } from './lib/wait-for-logged.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    apps: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
  },
})
const eventCount = Number(values.events)
const appCount = Number(values.apps)
const concurrency = Number(values.concurrency)

const raw = await measureRawCeiling({ concurrency, seconds: 5, rounds: 3 })
const system = await startSystem({
  workerEnv: { HOOKLINE_WORKER_JOBS: '4', HOOKLINE_DELIVERY_CONCURRENCY: String(concurrency / 4) },
})
const receiver = await startReceiver()
try {
  const admin = await HooklineClient.signIn(system.baseUrl, system.admin)
  const publisher = await admin.publisher()
  for (let i = 0; i < appCount; i++) await admin.createApp({ name: `bench app ${i}`, endpoint: `${receiver.url}/${i}` })
  await receiver.reset()

  const loggedBefore = await loggedDeliveries(system)
  const costBefore = await costSnapshot(system)
  const started = preciseNow()
  const published: Published[] = []
  const batches = Array.from({ length: Math.ceil(eventCount / 100) }, (_, b) =>
    Array.from({ length: Math.min(100, eventCount - b * 100) }, (_, i) => publishBody(b * 100 + i)),
  )
  // Four publishers at a time, as several portal services would.
  for (let b = 0; b < batches.length; b += 4) {
    const results = await Promise.all(batches.slice(b, b + 4).map((batch) => publishBatch(publisher, batch)))
    published.push(...results.flat())
  }
  const publishSeconds = (preciseNow() - started) / 1000
  const expected = published.reduce((sum, event) => sum + event.deliveries, 0)
  const arrivals = await waitForArrivals(receiver, expected, 600_000)
  const first = firstArrivals(arrivals)
  const lastAt = Math.max(...[...first.values()].map((arrival) => arrival.at))
  const seconds = (lastAt - started) / 1000
  const perSecond = first.size / seconds
  const latencies = latenciesOf(published, first)
  // From publish to logged success: the window ends when the worker has written every result.
  const logged = await waitForLogged(system, loggedBefore, expected, 120_000)
  const costAfter = await costSnapshot(system)
  const perDelivery = costPer1000(costBefore, costAfter, 'deliveries', logged)
  const perEvent = costPer1000(costBefore, costAfter, 'events', published.length)

  const row = {
    events: eventCount,
    apps: appCount,
    'deliveries expected': expected,
    'deliveries arrived': first.size,
    'publish s': round(publishSeconds, 2),
    'total s': round(seconds, 2),
    'deliveries/s': round(perSecond, 0),
    'raw ceiling/s': round(raw.perSecondMedian, 0),
    'ratio to raw': `${round((100 * perSecond) / raw.perSecondMedian, 1)} %`,
    'raw client CPU ms/POST': round(raw.clientCpuMsPerRequestMedian, 3),
    'undici request CPU ms/POST': round(raw.dispatcherCpuMsPerRequestMedian, 3),
    'latency p50 ms': round(percentile(latencies, 0.5), 0),
    'latency p99 ms': round(percentile(latencies, 0.99), 0),
    database: system.database.kind,
  }
  printTable('End to end: publish (batches of 100) → API → worker → receiver', [row])
  printCost(`What Hookline cost, publish to logged success (${system.database.engine})`, perDelivery)
  printCost('The same window', perEvent)
  const hooklineCpuMs = perDelivery.apiCpuMsPer1000 + perDelivery.workerCpuMsPer1000
  // The floor under the worker's figure: what the POST alone costs the client the worker sends with, here, in this run.
  const workerMs = perDelivery.workerCpuMsPer1000 / 1000
  console.log(
    `  a bare POST through undici's request (the worker's client on Node) cost ${round(raw.dispatcherCpuMsPerRequestMedian, 3)} ms of CPU in this run, ` +
      `through fetch ${round(raw.clientCpuMsPerRequestMedian, 3)} ms; the worker spent ${round(workerMs, 3)} ms per delivery, ` +
      `${round(workerMs / raw.dispatcherCpuMsPerRequestMedian, 1)}× the first`,
  )
  const checks = [
    check(
      '≤ 20 database commands per 1,000 deliveries, batched publish to logged success',
      `${perDelivery.commandsPer1000.total} (API ${perDelivery.commandsPer1000.api}, worker ${perDelivery.commandsPer1000.worker})`,
      perDelivery.commandsPer1000.total <= 20,
    ),
    check('Hookline CPU (API + worker) ≤ 0.3 ms per delivery end to end', `${round(hooklineCpuMs / 1000, 3)} ms`, hooklineCpuMs <= 300),
    check('≥ 2,000 deliveries/s end to end', `${row['deliveries/s']}/s`, perSecond >= 2000),
    check('≥ 40 % of the raw ceiling', row['ratio to raw'], perSecond >= 0.4 * raw.perSecondMedian),
    check('every acknowledged delivery arrived', `${first.size} of ${expected}`, first.size === expected),
    check('every delivery logged as succeeded', `${logged} of ${expected}`, logged === expected),
  ]
  printChecks(checks)
  console.log(`Wrote ${await writeResult('end-to-end', { row, raw, cost: { perDelivery, perEvent }, checks })}`)
} finally {
  await receiver.stop()
  await system.stop()
}
