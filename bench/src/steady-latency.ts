// Benchmark 2b — latency at a steady rate: single events published at a fixed
// rate to one app; publish → delivery p50/p99 measured at the receiver.
import { parseArgs } from 'node:util'
import { HooklineClient } from './lib/api-client.ts'
import { preciseNow, sleep } from './lib/clock.ts'
import { publishBody, publishOne, type Published } from './lib/publish.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { check, printChecks, printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { percentile, round } from '@hookline/bench-report'
import { startSystem } from './lib/system.ts'
import { firstArrivals, waitForArrivals } from './lib/wait-for-arrivals.ts'
import { costPer1000, costSnapshot, printCost } from './lib/process-cost.ts'
import { loggedDeliveries, waitForLogged } from './lib/wait-for-logged.ts'

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '30' }, workers: { type: 'string', default: '1' } },
})
const rate = Number(values.rate)
const total = rate * Number(values.seconds)

// Several workers share every wake-up call: a job one of them leaves waiting shows as a late delivery (max).
const system = await startSystem({ workers: Number(values.workers) })
const receiver = await startReceiver()
try {
  const admin = await HooklineClient.signIn(system.baseUrl, system.admin)
  const publisher = await admin.publisher()
  await admin.createApp({ name: 'latency app', endpoint: receiver.url })
  const loggedBefore = await loggedDeliveries(system)
  const costBefore = await costSnapshot(system)
  const started = preciseNow()
  const sends: Promise<Published | undefined>[] = []
  // Open-loop: each event leaves at its slot whether or not earlier ones were answered.
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - preciseNow()
    if (wait > 1) await sleep(wait)
    sends.push(publishOne(publisher, publishBody(i)).catch(() => undefined))
  }
  const published = (await Promise.all(sends)).filter((event): event is Published => event !== undefined)
  const achievedRate = published.length / ((preciseNow() - started) / 1000)
  const arrivals = firstArrivals(await waitForArrivals(receiver, published.length, 300_000))
  const sentAt = new Map(published.map((event) => [event.id, event.sentAt]))
  const latencies = [...arrivals.values()].map((arrival) => arrival.at - sentAt.get(arrival.eventId)!)
  const logged = await waitForLogged(system, loggedBefore, published.length, 120_000)
  const cost = costPer1000(costBefore, await costSnapshot(system), 'deliveries', logged)
  const row = {
    'target rate/s': rate,
    'achieved rate/s': round(achievedRate, 0),
    published: published.length,
    delivered: arrivals.size,
    'p50 ms': round(percentile(latencies, 0.5), 0),
    'p95 ms': round(percentile(latencies, 0.95), 0),
    'p99 ms': round(percentile(latencies, 0.99), 0),
    'max ms': round(Math.max(...latencies), 0),
    workers: Number(values.workers),
    database: system.database.kind,
  }
  printTable('Steady rate: publish → delivery latency', [row])
  // One app: a delivery per event, so the figures are per 1,000 events too.
  printCost(`What Hookline cost, single events to one app, publish to logged success (${system.database.engine})`, cost)
  const checks = [
    check(
      '≤ 6 database commands per single-event publish to one app, publish to logged success',
      `${round(cost.commandsPer1000.total / 1000, 2)} (API ${round(cost.commandsPer1000.api / 1000, 2)}, worker ${round(cost.commandsPer1000.worker / 1000, 2)})`,
      cost.commandsPer1000.total <= 6000,
    ),
    check(`publish→delivery p50 ≤ 50 ms at ${rate} events/s`, `${row['p50 ms']} ms`, percentile(latencies, 0.5) <= 50),
    check(`publish→delivery p99 ≤ 250 ms at ${rate} events/s`, `${row['p99 ms']} ms`, percentile(latencies, 0.99) <= 250),
    check('every published event delivered', `${arrivals.size} of ${published.length}`, arrivals.size === published.length),
  ]
  printChecks(checks)
  console.log(`Wrote ${await writeResult('steady-latency', { row, cost, checks })}`)
} finally {
  await receiver.stop()
  await system.stop()
}
