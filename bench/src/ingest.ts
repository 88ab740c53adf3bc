// Benchmark 3 — ingest: events/s the API accepts with durable storage,
// one event per request and in batches of 100, to one subscribed app. A
// warm-up in batches (`--warmup`, 0 for none) runs first and is reported on
// its own: the API's first thousands of events carry its start-up (code not
// yet optimised, connections opened on demand), which is spent once per
// process, not per event.
import { parseArgs } from 'node:util'
import { HooklineClient } from './lib/api-client.ts'
import { preciseNow } from './lib/clock.ts'
import { publishBatch, publishBody, publishOne } from './lib/publish.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { check, printChecks, printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { round } from '@hookline/bench-report'
import { startSystem } from './lib/system.ts'
import { costPer1000, costSnapshot, printCost } from './lib/process-cost.ts'

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '500' },
    batched: { type: 'string', default: '5000' },
    publishers: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '5000' },
  },
})
const publishers = Number(values.publishers)

// Four publishers' worth of lanes, each sending its share in sequence.
async function inLanes(total: number, lanes: number, send: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const started = preciseNow()
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await send(next++)
    }),
  )
  return (preciseNow() - started) / 1000
}

const system = await startSystem()
const receiver = await startReceiver()
try {
  const admin = await HooklineClient.signIn(system.baseUrl, system.admin)
  const publisher = await admin.publisher()
  await admin.createApp({ name: 'ingest app', endpoint: receiver.url })

  // Each phase's cost is the API's: it stores the events; the worker delivers them meanwhile and its figures are shown, not judged.
  // Warm-up events take subject ids below the measured ones' (publishBody adds 100,000), so no two events are alike.
  const warmup = Number(values.warmup)
  let warmupCost: ReturnType<typeof costPer1000> | undefined
  if (warmup > 0) {
    const beforeWarmup = await costSnapshot(system)
    await inLanes(warmup / 100, publishers, (b) => publishBatch(publisher, Array.from({ length: 100 }, (_, i) => publishBody(-warmup + b * 100 + i))))
    warmupCost = costPer1000(beforeWarmup, await costSnapshot(system), 'events', warmup)
  }
  const single = Number(values.single)
  const beforeSingle = await costSnapshot(system)
  const singleSeconds = await inLanes(single, publishers, (i) => publishOne(publisher, publishBody(i)))
  const singleCost = costPer1000(beforeSingle, await costSnapshot(system), 'events', single)
  const batched = Number(values.batched)
  const beforeBatched = await costSnapshot(system)
  const batchSeconds = await inLanes(batched / 100, publishers, (b) =>
    publishBatch(publisher, Array.from({ length: 100 }, (_, i) => publishBody(single + b * 100 + i))),
  )
  const batchedCost = costPer1000(beforeBatched, await costSnapshot(system), 'events', batched)
  const rows = [
    { mode: 'one event per request', events: single, seconds: round(singleSeconds, 2), 'events/s': round(single / singleSeconds, 0) },
    { mode: 'batches of 100', events: batched, seconds: round(batchSeconds, 2), 'events/s': round(batched / batchSeconds, 0) },
  ]
  printTable(`Ingest: ${publishers} concurrent publishers, durable before 202 (${system.database.kind})`, rows)
  if (warmupCost) {
    console.log(`\n  warm-up before both phases, in batches of 100 (not judged): ${warmup} events, API CPU ${warmupCost.apiCpuMsPer1000} ms and ${warmupCost.commandsPer1000.api} API commands per 1,000 events`)
  }
  printCost(`Ingest cost, one event per request (${system.database.engine}); one app, so also per 1,000 deliveries created`, singleCost)
  printCost(`Ingest cost, batches of 100 (${system.database.engine})`, batchedCost)
  const checks = [
    check('≥ 5,000 events/s ingest in batches', `${rows[1]!['events/s']}/s`, batched / batchSeconds >= 5000),
    check('≤ 10 database commands per 1,000 events ingested in batches (API)', `${batchedCost.commandsPer1000.api}`, batchedCost.commandsPer1000.api <= 10),
    check('API CPU ≤ 0.1 ms per event ingested in batches', `${round(batchedCost.apiCpuMsPer1000 / 1000, 3)} ms`, batchedCost.apiCpuMsPer1000 <= 100),
  ]
  printChecks(checks)
  const cost = { ...(warmupCost ? { warmup: warmupCost } : {}), single: singleCost, batched: batchedCost }
  console.log(`Wrote ${await writeResult('ingest', { rows, cost, checks, database: system.database.kind })}`)
} finally {
  await receiver.stop()
  await system.stop()
}
