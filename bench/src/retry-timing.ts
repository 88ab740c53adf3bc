// Benchmark 5 — retry timing: the measured spacing of retries against the
// application's configured delay (the receiver answers 503 to every attempt).
import { parseArgs } from 'node:util'
import { HooklineClient } from './lib/api-client.ts'
import { publishBody, publishOne } from './lib/publish.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { check, printChecks, printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { median, percentile, round } from '@hookline/bench-report'
import { startSystem } from './lib/system.ts'

const { values } = parseArgs({ options: { events: { type: 'string', default: '10' }, delay: { type: 'string', default: '2' }, retries: { type: 'string', default: '3' } } })
const delayMs = Number(values.delay) * 1000
const retries = Number(values.retries)
const events = Number(values.events)

const system = await startSystem()
const receiver = await startReceiver()
try {
  const admin = await HooklineClient.signIn(system.baseUrl, system.admin)
  const publisher = await admin.publisher()
  await admin.createApp({ name: 'retry app', endpoint: receiver.url, retries, retryDelaySeconds: Number(values.delay) })
  await receiver.answer(503)
  for (let i = 0; i < events; i++) await publishOne(publisher, publishBody(i))
  // Every attempt of every event: 1 + retries each.
  const deadline = (retries + 2) * delayMs + 30_000
  let arrivals = await receiver.arrivals()
  const started = Date.now()
  while (arrivals.length < events * (retries + 1) && Date.now() - started < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    arrivals = await receiver.arrivals()
  }
  const byDelivery = new Map<string, number[]>()
  for (const arrival of arrivals) byDelivery.set(arrival.webhookId, [...(byDelivery.get(arrival.webhookId) ?? []), arrival.at])
  const gaps = [...byDelivery.values()].flatMap((times) => times.sort((a, b) => a - b).slice(1).map((at, i) => at - times[i]!))
  const deviations = gaps.map((gap) => Math.abs(gap - delayMs) / delayMs)
  const row = {
    'configured delay ms': delayMs,
    attempts: arrivals.length,
    gaps: gaps.length,
    'gap median ms': round(median(gaps), 0),
    'gap min ms': round(Math.min(...gaps), 0),
    'gap max ms': round(Math.max(...gaps), 0),
    'worst deviation': `${round(100 * Math.max(...deviations), 1)} %`,
    'p95 deviation': `${round(100 * percentile(deviations, 0.95), 1)} %`,
  }
  printTable(`Retry timing: ${events} deliveries × ${retries} retries against a 503 endpoint (${system.database.kind})`, [row])
  const checks = [
    check('every attempt made', `${arrivals.length} of ${events * (retries + 1)}`, arrivals.length === events * (retries + 1)),
    check('retry spacing within ±10 % of the configured delay', row['worst deviation'], Math.max(...deviations) <= 0.1),
  ]
  printChecks(checks)
  console.log(`Wrote ${await writeResult('retry-timing', { row, checks, gaps })}`)
} finally {
  await receiver.stop()
  await system.stop()
}
