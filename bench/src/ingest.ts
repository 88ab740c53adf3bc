// Benchmark 3 — ingest: events/s the API accepts with durable storage,
// one event per request and in batches of 100, to one subscribed app.
import { parseArgs } from 'node:util'
import { HooklineClient } from './lib/api-client.ts'
import { preciseNow } from './lib/clock.ts'
import { publishBatch, publishBody, publishOne } from './lib/publish.ts'
import { startReceiverProcess as startReceiver } from '@hookline/test-receiver/process'
import { check, printChecks, printTable } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'
import { round } from '@hookline/bench-report'
import { startSystem } from './lib/system.ts'

const { values } = parseArgs({
  options: { single: { type: 'string', default: '500' }, batched: { type: 'string', default: '5000' }, publishers: { type: 'string', default: '8' } },
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

  const single = Number(values.single)
  const singleSeconds = await inLanes(single, publishers, (i) => publishOne(publisher, publishBody(i)))
  const batched = Number(values.batched)
  const batchSeconds = await inLanes(batched / 100, publishers, (b) =>
    publishBatch(publisher, Array.from({ length: 100 }, (_, i) => publishBody(single + b * 100 + i))),
  )
  const rows = [
    { mode: 'one event per request', events: single, seconds: round(singleSeconds, 2), 'events/s': round(single / singleSeconds, 0) },
    { mode: 'batches of 100', events: batched, seconds: round(batchSeconds, 2), 'events/s': round(batched / batchSeconds, 0) },
  ]
  printTable(`Ingest: ${publishers} concurrent publishers, durable before 202 (${system.database.kind})`, rows)
  const checks = [check('≥ 5,000 events/s ingest in batches', `${rows[1]!['events/s']}/s`, batched / batchSeconds >= 5000)]
  printChecks(checks)
  console.log(`Wrote ${await writeResult('ingest', { rows, checks, database: system.database.kind })}`)
} finally {
  await receiver.stop()
  await system.stop()
}
